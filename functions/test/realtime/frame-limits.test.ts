import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsRoute } from '../../src/handlers/ws/ws-route';
import { wsRoutes } from '../../src/routes';
import { FRAME_RATE, MAX_QUEUED_FRAMES } from '../../src/runtime/lab/ws-gateway';
import type { ApiSession } from '../support/api-session';
import { type MatchedPair, matchedPairOverApi } from '../support/chat-fixtures';
import { startTestServer, type TestServer } from '../support/lab-server';
import { connectRealtime, type TestSocket } from '../support/ws-client';

const MB = 1024 * 1024;

/** The real WebSocket routes, with the `typing` handler counted (and optionally slowed down). */
function countingRoutes(options: { delayMs?: number } = {}) {
  const counter = { handled: 0 };
  const routes: WsRoute[] = wsRoutes.map((route) =>
    route.routeKey !== 'typing'
      ? route
      : {
          ...route,
          handle: async (context) => {
            if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
            counter.handled += 1;
            await route.handle(context);
          },
        },
  );
  return { routes, counter };
}

/**
 * A WebSocket client written by hand on a raw socket: it floods the same masked frame (from ONE buffer, so the
 * client allocates nothing per frame and the process's memory growth is the server's) until the server closes.
 */
async function rawFlood(baseUrl: string, session: ApiSession, frameText: string, frames: number) {
  const ticket = await session.call<{ url: string }>('POST', '/api/realtime/ticket');
  const { hostname, port } = new URL(baseUrl);
  const payload = Buffer.from(frameText);
  if (payload.length < 126 || payload.length > 65_535) throw new Error('payload must take a 16-bit length');
  // FIN + text; masked, 16-bit length; a zero mask key leaves the payload as is.
  const header = Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff, 0, 0, 0, 0]);
  const frame = Buffer.concat([header, payload]);
  return new Promise<{ closeCode: number | null; sentFrames: number }>((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let upgraded = false;
    let sentFrames = 0;
    let closeCode: number | null = null;
    const timer = setTimeout(() => socket.destroy(), 15_000);
    const pump = () => {
      while (sentFrames < frames && !socket.destroyed) {
        sentFrames += 1;
        if (!socket.write(frame)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!received.subarray(0, 12).toString().startsWith('HTTP/1.1 101')) {
          socket.destroy();
          return;
        }
        upgraded = true;
        received = received.subarray(end + 4);
        pump();
      }
      // Server frames are unmasked: look for a close frame (opcode 8) and its status code.
      for (let at = 0; at + 1 < received.length; ) {
        const opcode = (received[at] ?? 0) & 0x0f;
        let length = (received[at + 1] ?? 0) & 0x7f;
        let start = at + 2;
        if (length === 126) {
          length = received.readUInt16BE(at + 2);
          start += 2;
        }
        if (start + length > received.length) break;
        if (opcode === 8 && length >= 2) closeCode = received.readUInt16BE(start);
        at = start + length;
      }
    });
    const done = () => {
      clearTimeout(timer);
      resolve({ closeCode, sentFrames });
    };
    socket.on('error', () => socket.destroy());
    socket.on('close', done);
    socket.write(
      `GET ${ticket.body.url} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
  });
}

describe('WebSocket frame limits per connection (lab runtime)', () => {
  const counted = countingRoutes();
  let server: TestServer;
  let pair: MatchedPair;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ wsRoutes: counted.routes });
    pair = await matchedPairOverApi(server.url);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await server?.close();
  });

  const open = async (session: ApiSession) => {
    const socket = await connectRealtime(server.url, session);
    sockets.push(socket);
    return socket;
  };
  const typing = () => ({ action: 'typing', conversationId: pair.matchId });

  it('keeps a connection that stays within 20 frames a second', async () => {
    const [a, b] = [await open(pair.a), await open(pair.b)];
    const before = counted.counter.handled;
    for (let index = 0; index < 30; index += 1) {
      a.send(typing());
      await new Promise((resolve) => setTimeout(resolve, 1000 / 15));
    }
    await expect.poll(() => counted.counter.handled - before, { timeout: 10_000 }).toBe(30);
    await b.next('typing');
    expect(a.socket.readyState).toBe(a.socket.OPEN);
  });

  it('closes a connection flooding typing frames with 1008, having handled no more than the burst', async () => {
    const [a, b] = [await open(pair.a), await open(pair.b)];
    const before = counted.counter.handled;
    const started = Date.now();
    for (let index = 0; index < 5_000; index += 1) a.send(typing());
    const closed = await a.closed;
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(closed).toEqual({ code: 1008, reason: 'Frame rate limit exceeded' });
    // The burst, plus what the bucket refilled meanwhile: never the 5,000.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const handled = counted.counter.handled - before;
    expect(handled).toBeGreaterThanOrEqual(FRAME_RATE.burst);
    expect(handled).toBeLessThanOrEqual(
      FRAME_RATE.burst + Math.ceil(elapsedSeconds * FRAME_RATE.ratePerSecond) + 1,
    );
    const typingEvents = (await b.quietFor(200)).filter((event) => event.type === 'typing');
    expect(typingEvents.length).toBeLessThanOrEqual(handled);
    // The user can connect again (the limit is the connection's).
    const again = await open(pair.a);
    again.send(typing());
    await b.next('typing');
  });

  it('does not let a flood of large frames grow the server memory', async () => {
    const text = JSON.stringify({ action: 'typing', conversationId: pair.matchId, pad: 'x'.repeat(60_000) });
    const frames = 1_500; // 90 MB offered
    const baseline = process.memoryUsage();
    let peak = baseline.arrayBuffers + baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.arrayBuffers + now.heapUsed);
    }, 5);
    const result = await rawFlood(server.url, pair.a, text, frames);
    clearInterval(sampler);
    expect(result.closeCode).toBe(1008);
    // The server stopped reading: most of the flood was never even accepted by the socket.
    expect(result.sentFrames).toBeLessThan(frames);
    expect(peak - (baseline.arrayBuffers + baseline.heapUsed)).toBeLessThan(30 * MB);
  }, 30_000);
});

describe('WebSocket frame queue per connection (lab runtime)', () => {
  // Handlers slower than the frames arrive, and a frame rate that lets everything through: the queue decides.
  const counted = countingRoutes({ delayMs: 20 });
  let server: TestServer;
  let pair: MatchedPair;

  beforeAll(async () => {
    server = await startTestServer({
      wsRoutes: counted.routes,
      websocket: { frameRate: { ratePerSecond: 100_000, burst: 100_000 } },
    });
    pair = await matchedPairOverApi(server.url);
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('closes a connection with 1008 once more frames wait than the queue holds', async () => {
    const socket = await connectRealtime(server.url, pair.a);
    const before = counted.counter.handled;
    for (let index = 0; index < 2_000; index += 1) {
      socket.send({ action: 'typing', conversationId: pair.matchId });
    }
    expect(await socket.closed).toEqual({ code: 1008, reason: 'Too many frames waiting' });
    await new Promise((resolve) => setTimeout(resolve, (MAX_QUEUED_FRAMES + 5) * 20 + 500));
    expect(counted.counter.handled - before).toBeLessThanOrEqual(MAX_QUEUED_FRAMES);
  }, 30_000);
});
