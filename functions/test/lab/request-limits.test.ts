import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestServer, storeWithoutData, type TestServer } from '../support/lab-server';

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 0x20);
const CHUNK_FRAME = Buffer.concat([
  Buffer.from(`${CHUNK.length.toString(16)}\r\n`),
  CHUNK,
  Buffer.from('\r\n'),
]);

interface FloodResult {
  /** The status the server answered, 0 when it closed without answering. */
  status: number;
  head: string;
  /** Body bytes the client got to write before the answer came (or the server cut the line). */
  sent: number;
  /** The server said 100 Continue first. */
  continued: boolean;
}

/**
 * A client sending a huge body as fast as the server takes it, on a raw socket (like curl, it reads the answer
 * while still sending): declared with Content-Length, or chunked. Stops at the first answer.
 */
function flood(
  baseUrl: string,
  path: string,
  options: { bytes: number; chunked: boolean; headers?: string },
): Promise<FloodResult> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let sent = 0;
    let received = '';
    let done = false;
    let continued = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const head = received.split('\r\n\r\n')[0] ?? '';
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, sent, continued });
    };
    const pump = () => {
      while (!done && sent < options.bytes && !socket.destroyed) {
        sent += CHUNK.length;
        if (!socket.write(options.chunked ? CHUNK_FRAME : CHUNK)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.on('data', (data) => {
      received += data.toString('latin1');
      const interim = /^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.exec(received);
      if (interim) {
        continued = true;
        received = received.slice(interim[0].length);
      }
      if (/^HTTP\/1\.1 \d{3}/.test(received) && received.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    const length = options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.bytes}`;
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${options.headers ?? ''}${length}\r\n\r\n`,
    );
    pump();
  });
}

/** Samples this process's memory (the server runs in it) until stopped; answers the peak growth. */
function watchMemory() {
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakBuffers = baseline.arrayBuffers;
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
  }, 5);
  return () => {
    clearInterval(timer);
    return { rss: peakRss - baseline.rss, arrayBuffers: peakBuffers - baseline.arrayBuffers };
  };
}

describe('lab runtime: request bodies are read only as far as the route can use them', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The real route table and handlers; no request below reaches the store.
    server = await startTestServer({ store: storeWithoutData() });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses 30 MB bodies on any path without holding them: parallel floods leave memory flat', async () => {
    const targets: Array<{ path: string; chunked: boolean; status: number }> = [
      { path: '/api/nothing-here', chunked: true, status: 404 }, // unknown route: never read
      { path: '/api/nothing-here', chunked: false, status: 404 },
      { path: '/api/auth/logout', chunked: true, status: 413 }, // no body schema: takes no body
      { path: '/api/auth/logout', chunked: false, status: 413 },
      { path: '/api/auth/login', chunked: true, status: 413 }, // JSON body: 64 KB at most
      { path: '/api/auth/login', chunked: false, status: 413 },
      { path: '/', chunked: true, status: 405 },
      { path: '/healthz', chunked: true, status: 405 },
      { path: '/media/anything', chunked: true, status: 405 },
      { path: '/ws', chunked: true, status: 404 },
    ];
    const floods = [...targets, ...targets, ...targets];
    const bytes = 30 * MB;
    const stop = watchMemory();
    const results = await Promise.all(
      floods.map((target) => flood(server.url, target.path, { bytes, chunked: target.chunked })),
    );
    const growth = stop();

    results.forEach((result, index) => {
      const target = floods[index];
      expect(result.status, `${target?.path} ${result.head}`).toBe(target?.status);
      // Answered long before the client was done sending.
      expect(result.sent, target?.path).toBeLessThan(bytes / 2);
    });
    // 30 floods offered 900 MB; none of it may pile up in the server.
    expect(growth.arrayBuffers).toBeLessThan(48 * MB);
    expect(growth.rss).toBeLessThan(160 * MB);
    // The server still works.
    expect((await rawRequest(server.url, '/healthz')).status).toBe(200);
  }, 60_000);

  it('answers 413 in the error envelope to a body on a route that takes none; an empty one is fine', async () => {
    const refused = await rawRequest(server.url, '/api/realtime/ticket', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: 'payload_too_large', message: 'This endpoint takes no request body' },
    });
    // Without a body the route runs (and wants a token).
    const emptyBodies: Array<Record<string, string>> = [
      { 'content-length': '0' },
      { 'transfer-encoding': 'chunked' },
    ];
    for (const headers of emptyBodies) {
      const answered = await rawRequest(server.url, '/api/realtime/ticket', { method: 'POST', headers });
      expect(answered.status).toBe(401);
    }
  });

  it('answers 413 payload_too_large as soon as a JSON body passes 64 KB', async () => {
    const answer = await rawRequest(server.url, '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(64 * 1024) }),
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('asks for a body (100 Continue) only on a route that takes one', async () => {
    const expectContinue = 'Expect: 100-continue\r\n';
    // A route with a body schema says "continue", reads the body, and the handler answers (401: no token).
    const body = '{"displayName":"x"}';
    const { hostname, port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket: Socket = connect(Number(port), hostname);
      let received = '';
      socket.on('data', (data) => {
        received += data.toString();
        if (received === 'HTTP/1.1 100 Continue\r\n\r\n') socket.write(body);
        if (/\r\n\r\n[\s\S]*HTTP\/1\.1 [2-5]\d\d[\s\S]*\r\n\r\n\{.*\}$/.test(received)) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on('error', reject);
      socket.write(
        `PUT /api/profile HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${expectContinue}Content-Length: ${body.length}\r\n\r\n`,
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 401 /);

    // An unknown route and a route without a body answer at once; the client never sends its body.
    for (const path of ['/api/nothing-here', '/api/auth/logout', '/']) {
      const result = await flood(server.url, path, { bytes: MB, chunked: false, headers: expectContinue });
      expect(result.continued, path).toBe(false);
      expect(result.status, path).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('lab runtime: connection limits', () => {
  it('holds at most MAX_CONNECTIONS sockets; more are dropped until one closes', async () => {
    const server = await startTestServer({ store: storeWithoutData(), env: { MAX_CONNECTIONS: '3' } });
    const { hostname, port } = new URL(server.url);
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => resolve(socket));
        socket.on('error', reject);
      });
    /** A GET on a new connection: its status, or 'dropped' when the server closed it unanswered. */
    const tryRequest = (): Promise<number | 'dropped'> =>
      new Promise((resolve) => {
        const socket = connect(Number(port), hostname);
        let received = '';
        socket.on('data', (data) => {
          received += data.toString();
          if (received.includes('\r\n\r\n')) {
            socket.destroy();
            resolve(Number(received.slice(9, 12)));
          }
        });
        socket.on('error', () => resolve('dropped'));
        socket.on('close', () => resolve('dropped'));
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      });
    const held = [await open(), await open(), await open()];
    try {
      expect(await tryRequest()).toBe('dropped');
      held.pop()?.destroy();
      await expect.poll(tryRequest, { timeout: 5_000 }).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
      await server.close();
    }
  });

  it('answers 408 to a client that stalls while sending its headers (HEADERS_TIMEOUT)', async () => {
    const server = await startTestServer({
      store: storeWithoutData(),
      env: { HEADERS_TIMEOUT: '1', REQUEST_TIMEOUT: '30' },
    });
    try {
      const { hostname, port } = new URL(server.url);
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname);
        let received = '';
        socket.on('data', (data) => {
          received += data.toString();
        });
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      // Well before the 30 s request timeout.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await server.close();
    }
  });

  it('closes an idle keep-alive connection after KEEPALIVE_TIMEOUT', async () => {
    const server = await startTestServer({
      store: storeWithoutData(),
      env: { KEEPALIVE_TIMEOUT: '1' },
    });
    try {
      const { hostname, port } = new URL(server.url);
      const closedAfterMs = await new Promise<number>((resolve, reject) => {
        const socket = connect(Number(port), hostname);
        let answeredAt = 0;
        socket.on('data', () => {
          answeredAt ||= Date.now();
        });
        socket.on('close', () => resolve(Date.now() - answeredAt));
        socket.on('error', reject);
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      expect(closedAfterMs).toBeGreaterThanOrEqual(900);
      expect(closedAfterMs).toBeLessThan(4_000);
    } finally {
      await server.close();
    }
  });
});
