import { type ClientFrame, RealtimeTicket, ServerEvent } from '@dating/functions/contract';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { env } from '../config/env';
import { api } from './api-client';

/** What subscribers get: the server's events, plus `reconnected` after a dropped connection came back. */
export type RealtimeEvent = ServerEvent | { type: 'reconnected' };
export type RealtimeStatus = 'idle' | 'connecting' | 'open' | 'closed';

export interface RealtimeClient {
  /** Listens to every event; connects on the first subscriber, disconnects after the last one left. */
  subscribe(listener: (event: RealtimeEvent) => void): () => void;
  /** Sends a frame when the socket is open; false when it is not (callers fall back to REST). */
  send(frame: ClientFrame): boolean;
  getStatus(): RealtimeStatus;
  subscribeStatus(listener: () => void): () => void;
}

/** Minimal socket surface, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface RealtimeDeps {
  getTicket: () => Promise<RealtimeTicket>;
  createSocket: (url: string) => SocketLike;
  /** ws(s)://host the ticket's path is resolved against. */
  socketOrigin: () => string;
  pingIntervalMs?: number;
}

const OPEN = 1;
export const PING_INTERVAL_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 30_000;

/** 1 s, 2 s, 4 s … up to 30 s, with up to 50% jitter so clients do not reconnect in lockstep. */
export const backoffDelay = (attempt: number, random: () => number = Math.random): number => {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
  return Math.round(base * (0.5 + random() / 2));
};

/** `http://x` → `ws://x`, `https://x` → `wss://x`. */
export const toSocketOrigin = (httpOrigin: string): string => httpOrigin.replace(/^http/, 'ws');

export function createRealtimeClient(deps: RealtimeDeps): RealtimeClient {
  const listeners = new Set<(event: RealtimeEvent) => void>();
  const statusListeners = new Set<() => void>();
  let status: RealtimeStatus = 'idle';
  let socket: SocketLike | null = null;
  let attempt = 0;
  let everOpened = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  /** Bumped on every (dis)connect: stale ticket answers and socket callbacks check it and do nothing. */
  let generation = 0;

  const setStatus = (next: RealtimeStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener();
  };
  const emit = (event: RealtimeEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const clearTimers = () => {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    if (pingTimer) clearInterval(pingTimer);
    reconnectTimer = null;
    pingTimer = null;
  };

  const scheduleReconnect = (current: number) => {
    if (current !== generation || listeners.size === 0) return;
    setStatus('closed');
    clearTimers();
    reconnectTimer = setTimeout(() => void connect(), backoffDelay(attempt));
    attempt += 1;
  };

  async function connect() {
    const current = ++generation;
    setStatus('connecting');
    let ticket: RealtimeTicket;
    try {
      ticket = await deps.getTicket();
    } catch {
      scheduleReconnect(current);
      return;
    }
    if (current !== generation) return;
    const url = new URL(ticket.url, deps.socketOrigin());
    const opened = deps.createSocket(url.toString());
    socket = opened;
    opened.onopen = () => {
      if (current !== generation) return;
      attempt = 0;
      setStatus('open');
      pingTimer = setInterval(() => {
        if (opened.readyState === OPEN) opened.send(JSON.stringify({ action: 'ping' }));
      }, deps.pingIntervalMs ?? PING_INTERVAL_MS);
      if (everOpened) emit({ type: 'reconnected' });
      everOpened = true;
    };
    opened.onmessage = (message) => {
      if (current !== generation || typeof message.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = ServerEvent.safeParse(data);
      if (parsed.success) emit(parsed.data);
    };
    opened.onclose = () => {
      if (socket === opened) socket = null;
      scheduleReconnect(current);
    };
  }

  function disconnect() {
    generation += 1;
    clearTimers();
    const closing = socket;
    socket = null;
    attempt = 0;
    everOpened = false;
    closing?.close(1000, 'no subscribers');
    setStatus('idle');
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (status === 'idle') void connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) disconnect();
      };
    },
    send(frame) {
      if (!socket || socket.readyState !== OPEN || status !== 'open') return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    getStatus: () => status,
    subscribeStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}

/** The app's one connection, shared by every feature that wants events. */
export const realtime = createRealtimeClient({
  getTicket: () => api.request('POST', '/api/realtime/ticket', { schema: RealtimeTicket }),
  createSocket: (url) => new WebSocket(url),
  socketOrigin: () => toSocketOrigin(env.apiOrigin || window.location.origin),
});

/** Subscribes for the component's lifetime; the latest `onEvent` is called (no resubscribe per render). */
export function useRealtime(onEvent: (event: RealtimeEvent) => void, client: RealtimeClient = realtime) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => client.subscribe((event) => handler.current(event)), [client]);
  const status = useSyncExternalStore(client.subscribeStatus, client.getStatus);
  return { status, send: client.send };
}
