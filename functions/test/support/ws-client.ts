import WebSocket from 'ws';
import type { ServerEvent } from '../../src/contract/events';
import type { ApiSession } from './api-session';

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/** Why the server refused the upgrade (its HTTP status), or how an open socket was closed. */
export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`WebSocket upgrade refused with ${status}`);
  }
}

/**
 * A WebSocket client as the SPA uses one: keeps every event it receives, lets a test wait for the next event
 * that matches, and sends frames (objects as JSON, strings and buffers as they are).
 */
export class TestSocket {
  readonly events: ServerEvent[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<{ test: (event: ServerEvent) => boolean; resolve: (event: ServerEvent) => void }> =
    [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const event = JSON.parse(data.toString()) as ServerEvent;
      this.events.push(event);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(event)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Opens `url` (ws://...); rejects with UpgradeRefused when the server answers the upgrade with a status. */
  static open(url: string): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new TestSocket(socket)));
      socket.once('unexpected-response', (_request, response) => {
        reject(new UpgradeRefused(response.statusCode ?? 0));
        response.resume();
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The first event already received or still to come that passes `test` (and is of `type`). */
  next<T extends ServerEvent['type']>(
    type: T,
    test: (event: EventOf<T>) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<EventOf<T>> {
    const matches = (event: ServerEvent): boolean => event.type === type && test(event as EventOf<T>);
    const seen = this.events.find(matches);
    if (seen) {
      this.events.splice(this.events.indexOf(seen), 1);
      return Promise.resolve(seen as EventOf<T>);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`no ${type} event within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`));
      }, timeoutMs);
      const done = (event: ServerEvent) => {
        clearTimeout(timer);
        this.events.splice(this.events.indexOf(event), 1);
        resolve(event as EventOf<T>);
      };
      this.waiters.push({ test: matches, resolve: done });
    });
  }

  /** Waits `ms` and answers the events of `type` that arrived meanwhile (for "nothing arrives" checks). */
  async quietFor(ms: number): Promise<ServerEvent[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return [...this.events];
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000);
    }
    await this.closed;
  }
}

export const wsUrl = (httpUrl: string, path: string) => `${httpUrl.replace(/^http/, 'ws')}${path}`;

/** `POST /api/realtime/ticket`, then a WebSocket to the answered URL (same origin as the API). */
export async function connectRealtime(baseUrl: string, session: ApiSession): Promise<TestSocket> {
  const ticket = await session.call<{ ticket: string; url: string }>('POST', '/api/realtime/ticket');
  if (ticket.status !== 200) throw new Error(`ticket: ${ticket.status} ${ticket.text}`);
  return TestSocket.open(wsUrl(baseUrl, ticket.body.url));
}
