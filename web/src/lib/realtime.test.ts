import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  createRealtimeClient,
  type RealtimeEvent,
  type SocketLike,
  toSocketOrigin,
} from './realtime';

vi.mock('./api-client', () => ({ api: { request: vi.fn() } }));

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  sent: string[] = [];
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
  receive(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent);
  }
}

describe('realtime client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const sockets: FakeSocket[] = [];
    let tickets = 0;
    const client = createRealtimeClient({
      getTicket: async () => ({ ticket: `t${++tickets}`, url: `/ws?ticket=t${tickets}`, expiresAt: '' }),
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      socketOrigin: () => 'wss://app.example',
    });
    return { client, sockets };
  }

  it('connects with a ticket, parses events, pings, and reconnects with a fresh ticket', async () => {
    const { client, sockets } = setup();
    const events: RealtimeEvent[] = [];
    const stop = client.subscribe((event) => events.push(event));
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets[0]?.url).toBe('wss://app.example/ws?ticket=t1');
    expect(client.send({ action: 'ping' })).toBe(false);
    sockets[0]?.open();
    expect(client.getStatus()).toBe('open');

    sockets[0]?.receive({ type: 'pong' });
    sockets[0]?.receive({ type: 'nonsense' });
    expect(events).toEqual([{ type: 'pong' }]);

    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(sockets[0]?.sent).toEqual([JSON.stringify({ action: 'ping' })]);

    sockets[0]?.drop();
    expect(client.getStatus()).toBe('closed');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sockets[1]?.url).toBe('wss://app.example/ws?ticket=t2');
    sockets[1]?.open();
    expect(events.at(-1)).toEqual({ type: 'reconnected' });

    stop();
    expect(client.getStatus()).toBe('idle');
  });
});

describe('helpers', () => {
  it('backs off exponentially up to 30 s', () => {
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(10, () => 1)).toBe(30_000);
    expect(backoffDelay(10, () => 0)).toBe(15_000);
  });

  it('turns http origins into ws origins', () => {
    expect(toSocketOrigin('https://a.example')).toBe('wss://a.example');
    expect(toSocketOrigin('http://localhost:5173')).toBe('ws://localhost:5173');
  });
});
