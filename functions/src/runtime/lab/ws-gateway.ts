import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { LocalConnectionRegistry, LocalSocket } from '../../adapters/lab/local-connections';
import type { WsEvent, WsResult } from '../../handlers/ws/ws-route';
import type { Logger } from '../../ports/logger';
import { gatewayTime, lambdaContext, newGatewayRequestId } from './api-gateway-event';
import { describeClient } from './client-connection';
import type { WebSocketMetrics } from './metrics';
import { emptyRecord } from './null-prototype';
import { parseRequestTarget } from './request-target';
import { TokenBucket, type TokenBucketRule } from './token-bucket';

/** `createWsDispatcher(wsRoutes, getDeps)`: the same function the WebSocket API invokes on AWS. */
export type WsDispatcher = (event: WsEvent, context: object) => Promise<WsResult>;

/** API Gateway's WebSocket limits (docs/architecture.md, Realtime). */
export const WEBSOCKET_PATH = '/ws';
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
export const MAX_CONNECTION_AGE_MS = 2 * 60 * 60 * 1000;
/**
 * API Gateway accepts messages up to 128 KB (in frames of up to 32 KB) and closes the connection (1009) on
 * more; the handlers answer anything over 32 KB with an `error` event, in both worlds.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024;
/**
 * Frames per connection: 20 a second on average, bursts of 40 (a token bucket). API Gateway throttles on AWS;
 * here a connection over the rate is closed with 1008 (policy violation).
 */
export const FRAME_RATE: TokenBucketRule = { ratePerSecond: 20, burst: 40 };
/**
 * Frames of one connection waiting for their handler (they run one at a time, in order): past either bound the
 * connection is closed with 1008, so a client faster than its handlers cannot grow the server's memory.
 */
export const MAX_QUEUED_FRAMES = 64;
export const MAX_QUEUED_BYTES = 1024 * 1024;
/** A peer that does not answer our close frame is cut after this long. */
const CLOSE_GRACE_MS = 2_000;
const STAGE = 'lab';
const API_ID = 'lab-ws';
/** API Gateway gives a WebSocket integration 29 s. */
const INTEGRATION_TIMEOUT_MS = 29_000;

export interface WsGatewayOptions {
  dispatch: WsDispatcher;
  /** The action route keys of the route table (`sendMessage`, ...): route selection on `$request.body.action`. */
  routeKeys: readonly string[];
  registry: LocalConnectionRegistry;
  log: Logger;
  trustProxy: boolean;
  /** True once shutdown began: new upgrades are refused with 503. */
  isDraining: () => boolean;
  idleTimeoutMs?: number;
  maxConnectionAgeMs?: number;
  maxMessageBytes?: number;
  frameRate?: TokenBucketRule;
  maxQueuedFrames?: number;
  maxQueuedBytes?: number;
  /** Counts frames in and out and frame-limit closes (the `/metrics` series). */
  metrics?: WebSocketMetrics;
}

export interface WsGateway {
  /** The http server's `upgrade` listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open connections of this process. */
  readonly size: number;
  /** Frames received and not yet handled, over all connections (bounded per connection). */
  readonly queuedFrames: number;
  /** Closes every connection (1001, like API Gateway on a deployment) and waits for their `$disconnect`. */
  close(): Promise<void>;
}

/**
 * A connection as the notifier sees it: frames sent before the upgrade completed (during `$connect`) are
 * queued and flushed once the socket is open.
 */
class GatewaySocket implements LocalSocket {
  private socket: WebSocket | null = null;
  private queue: string[] = [];
  private closed = false;
  private closeRequested = false;

  constructor(private readonly onSent: () => void = () => {}) {}

  attach(socket: WebSocket): void {
    this.socket = socket;
    const queued = this.queue;
    this.queue = [];
    for (const data of queued) void this.send(data);
    if (this.closeRequested) this.close();
  }

  /** Like DeleteConnection: a normal close (1000); one asked for during `$connect` closes once open. */
  close(): void {
    if (this.socket === null) this.closeRequested = true;
    else this.socket.close(1000, 'Session ended');
  }

  markClosed(): void {
    this.closed = true;
    this.queue = [];
  }

  send(data: string): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const socket = this.socket;
    if (socket === null) {
      this.queue.push(data);
      return Promise.resolve(true);
    }
    if (socket.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    this.onSent();
    return new Promise((resolve) => socket.send(data, (error) => resolve(!error)));
  }
}

function collectHeaders(request: IncomingMessage) {
  const headers = emptyRecord<string>();
  const multiValueHeaders = emptyRecord<string[]>();
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] ?? '';
    const value = request.rawHeaders[index + 1] ?? '';
    // API Gateway's WebSocket events keep the header names as sent.
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  return { headers, multiValueHeaders };
}

function collectQuery(rawQueryString: string) {
  if (rawQueryString === '') return {};
  const single = emptyRecord<string>();
  const multi = emptyRecord<string[]>();
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    single[key] = value; // API Gateway keeps the last value
    multi[key] = [...(multi[key] ?? []), value];
  }
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const reason = STATUS_CODES[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The lab's API Gateway WebSocket API: upgrades on `/ws` only; `$connect` runs before the handshake completes
 * and a non-2xx result refuses it; every frame becomes a MESSAGE event routed on its JSON `action` (else
 * `$default`); the 10-minute idle timeout, the 2-hour connection age and the message size limit are
 * API Gateway's. Frames of one connection are handled one at a time, in order; a connection sending faster
 * than `FRAME_RATE`, or with more than `MAX_QUEUED_FRAMES` (or `MAX_QUEUED_BYTES`) waiting, is closed with
 * 1008 and its further frames are dropped unread.
 */
export function createWsGateway(options: WsGatewayOptions): WsGateway {
  const { dispatch, registry, log } = options;
  const actions = new Set(options.routeKeys.filter((key) => !key.startsWith('$')));
  const idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const maxAgeMs = options.maxConnectionAgeMs ?? MAX_CONNECTION_AGE_MS;
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  const frameRate = options.frameRate ?? FRAME_RATE;
  const maxQueuedFrames = options.maxQueuedFrames ?? MAX_QUEUED_FRAMES;
  const maxQueuedBytes = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
  const open = new Set<WebSocket>();
  const inFlight = new Set<Promise<unknown>>();
  let queuedFrames = 0;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  };

  const invoke = async (event: WsEvent): Promise<WsResult> => {
    try {
      return await dispatch(event, lambdaContext('realtime', Date.now() + INTEGRATION_TIMEOUT_MS));
    } catch (error) {
      log.error('WebSocket handler failed', {
        routeKey: event.requestContext.routeKey,
        error,
      });
      return { statusCode: 500 };
    }
  };

  const baseContext = (
    connectionId: string,
    connectedAt: number,
    domainName: string,
    routeKey: string,
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT',
  ) => {
    const now = new Date();
    const requestId = newGatewayRequestId();
    return {
      routeKey,
      eventType,
      messageId: eventType === 'MESSAGE' ? newGatewayRequestId() : '',
      extendedRequestId: requestId,
      requestTime: gatewayTime(now),
      messageDirection: 'IN' as const,
      stage: STAGE,
      connectedAt,
      requestTimeEpoch: now.getTime(),
      requestId,
      domainName,
      connectionId,
      apiId: API_ID,
    };
  };

  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const target = parseRequestTarget(request.url);
    const refusal =
      target === null || target.path !== WEBSOCKET_PATH
        ? 404
        : options.isDraining()
          ? 503
          : request.headers.upgrade?.toLowerCase() !== 'websocket'
            ? 400
            : null;
    if (refusal !== null || target === null) {
      refuseUpgrade(socket, refusal ?? 404);
      return;
    }

    const connectionId = registry.newConnectionId();
    const connectedAt = Date.now();
    const client = describeClient(request, options.trustProxy);
    const domainName = (request.headers.host ?? 'localhost').replace(/:\d+$/, '');
    const identity = { sourceIp: client.sourceIp, userAgent: request.headers['user-agent'] ?? '' };
    const pending = new GatewaySocket(options.metrics?.frameSent);
    registry.add(connectionId, pending);

    const connectContext: WsEvent['requestContext'] & { identity: typeof identity } = {
      ...baseContext(connectionId, connectedAt, domainName, '$connect', 'CONNECT'),
      identity,
    };
    const connectEvent: WsEvent = {
      ...collectHeaders(request),
      ...collectQuery(target.rawQueryString),
      requestContext: connectContext,
      isBase64Encoded: false,
    };

    const disconnect = (statusCode: number, reason: string) => {
      const requestContext: WsEvent['requestContext'] & Record<string, unknown> = {
        ...baseContext(connectionId, connectedAt, domainName, '$disconnect', 'DISCONNECT'),
        identity,
        disconnectStatusCode: statusCode,
        disconnectReason: reason,
      };
      return track(invoke({ headers: connectEvent.headers ?? {}, requestContext, isBase64Encoded: false }));
    };

    void track(
      invoke(connectEvent).then((result) => {
        const status = result.statusCode;
        if (status < 200 || status > 299) {
          registry.remove(connectionId);
          pending.markClosed();
          refuseUpgrade(socket, status);
          return;
        }
        if (socket.destroyed) {
          registry.remove(connectionId);
          pending.markClosed();
          void disconnect(1006, 'Client closed before the handshake completed');
          return;
        }
        let attached = false;
        server.handleUpgrade(request, socket, head, (ws) => {
          attached = true;
          attach(ws, connectionId, connectedAt, domainName, pending, disconnect);
        });
        // `ws` completes the handshake synchronously or refuses it (a bad Sec-WebSocket-Key or -Version: 400)
        // without calling back: then `$connect` stored a connection that never opened; forget it.
        if (!attached) {
          registry.remove(connectionId);
          pending.markClosed();
          void disconnect(1006, 'The WebSocket handshake failed');
        }
      }),
    );
  };

  const attach = (
    ws: WebSocket,
    connectionId: string,
    connectedAt: number,
    domainName: string,
    pending: GatewaySocket,
    disconnect: (statusCode: number, reason: string) => Promise<WsResult>,
  ) => {
    open.add(ws);
    pending.attach(ws);
    let chain: Promise<unknown> = Promise.resolve();
    let idleTimer = setTimeout(() => ws.close(1001, 'Going away'), idleTimeoutMs);
    const ageTimer = setTimeout(
      () => ws.close(1001, 'Going away'),
      Math.max(0, maxAgeMs - (Date.now() - connectedAt)),
    );
    idleTimer.unref();
    ageTimer.unref();

    const bucket = new TokenBucket(frameRate);
    let queued = 0;
    let queuedBytes = 0;
    let violated = false;
    const violate = (reason: string) => {
      if (violated) return;
      violated = true;
      log.info('WebSocket closed for a policy violation', { connectionId, reason });
      options.metrics?.limitHit(reason);
      ws.close(1008, reason);
      // Read nothing more from it: the rest of a flood stays in the kernel's buffers, then is dropped.
      ws.pause();
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    };
    // Pings are frames too (ws answers each with a pong).
    ws.on('ping', () => {
      if (!violated && !bucket.take()) violate('Frame rate limit exceeded');
    });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (violated) return;
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      if (!bucket.take()) {
        violate('Frame rate limit exceeded');
        return;
      }
      if (queued >= maxQueuedFrames || queuedBytes + bytes.length > maxQueuedBytes) {
        violate('Too many frames waiting');
        return;
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => ws.close(1001, 'Going away'), idleTimeoutMs);
      idleTimer.unref();
      const body = isBinary ? bytes.toString('base64') : bytes.toString('utf8');
      const routeKey = isBinary ? '$default' : selectRoute(body, actions);
      options.metrics?.frameReceived(routeKey);
      const event: WsEvent = {
        requestContext: baseContext(connectionId, connectedAt, domainName, routeKey, 'MESSAGE'),
        body,
        isBase64Encoded: isBinary,
      };
      queued += 1;
      queuedBytes += bytes.length;
      queuedFrames += 1;
      chain = track(
        chain
          .then(() => invoke(event))
          .finally(() => {
            queued -= 1;
            queuedBytes -= bytes.length;
            queuedFrames -= 1;
          }),
      );
    });
    ws.on('error', (error) => log.debug('WebSocket error', { connectionId, error }));
    ws.once('close', (code: number, reason: Buffer) => {
      clearTimeout(idleTimer);
      clearTimeout(ageTimer);
      open.delete(ws);
      registry.remove(connectionId);
      pending.markClosed();
      chain = track(chain.then(() => disconnect(code, reason.toString('utf8'))));
    });
  };

  return {
    handleUpgrade,
    get size() {
      return open.size;
    },
    get queuedFrames() {
      return queuedFrames;
    },
    async close() {
      for (const ws of open) ws.close(1001, 'Going away');
      // Sockets whose peer does not answer the close handshake are cut after a moment.
      const deadline = setTimeout(() => {
        for (const ws of open) ws.terminate();
      }, 2_000);
      deadline.unref();
      while (open.size > 0 || inFlight.size > 0) {
        await Promise.allSettled([...inFlight]);
        if (open.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      clearTimeout(deadline);
      server.close();
    },
  };
}

/** API Gateway's route selection on `$request.body.action`: a known action, else `$default`. */
export function selectRoute(body: string, actions: ReadonlySet<string>): string {
  try {
    const frame: unknown = JSON.parse(body);
    if (typeof frame === 'object' && frame !== null && 'action' in frame) {
      const { action } = frame;
      if (typeof action === 'string' && actions.has(action)) return action;
    }
  } catch {
    // not JSON: $default
  }
  return '$default';
}
