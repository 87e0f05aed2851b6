import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { HttpRoute } from '../../handlers/http/http-route';
import type { Logger } from '../../ports/logger';
import { errorCodeOf } from './error-codes';
import { parseRequestTarget } from './request-target';
import { compileRouteTable } from './route-matcher';

/** Connections of a `pg` pool: open, idle, and requests waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** What the gauges read when Prometheus scrapes: each source is asked at scrape time, never polled. */
export interface MetricSources {
  /** Open WebSocket connections of this process. */
  websocketConnections: () => number;
  /** Work waiting in each in-process queue (mail outbox, password hashing, WebSocket frames, ...). */
  queues: Record<string, () => number>;
  /** Connection pools by name (the store's, the realtime bus's); absent on PGlite and DynamoDB. */
  pools: Record<string, () => PoolStats>;
}

/** The hooks the WebSocket gateway calls. */
export interface WebSocketMetrics {
  frameReceived(routeKey: string): void;
  frameSent(): void;
  /** A connection closed with 1008 for sending too fast or too much (the frame rate limit). */
  limitHit(reason: string): void;
}

export interface LabMetrics {
  registry: Registry;
  /** Wraps the HTTP server's request listener: times every request and labels it by route and status. */
  observeRequest(request: IncomingMessage, response: ServerResponse): void;
  websocket: WebSocketMetrics;
  /** Fills the gauges' sources once the pieces they read exist. */
  setSources(sources: Partial<MetricSources>): void;
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Prometheus metrics of the lab runtime (prom-client, its own registry): every HTTP request by route
 * (API Gateway's route key for `/api`, a fixed name for the SPA, media, uploads, probes), errors by status and
 * error-envelope code, rate-limit hits, WebSocket connections and frames, queue depths and pool usage, plus
 * prom-client's process metrics (CPU, memory, event-loop lag, GC). Route labels come from the route table,
 * never from the raw path, so a scan of random URLs cannot grow the series.
 */
export function createLabMetrics(routes: readonly HttpRoute[]): LabMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const matchRoute = compileRouteTable(routes);
  const sources: MetricSources = { websocketConnections: () => 0, queues: {}, pools: {} };

  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route, method and status: latency (its _count is the request count).',
    labelNames: ['route', 'method', 'status'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'http_errors_total',
    help: 'HTTP answers with status >= 400, by route, status and error code (the error envelope code).',
    labelNames: ['route', 'status', 'code'],
    registers: [registry],
  });
  const rateLimitHits = new Counter({
    name: 'rate_limit_hits_total',
    help: 'Requests refused by a rate limit (HTTP 429 by route; WebSocket connections closed for their frame rate).',
    labelNames: ['route'],
    registers: [registry],
  });
  const frames = new Counter({
    name: 'websocket_frames_total',
    help: 'WebSocket frames by direction (in: by route key; out: events pushed to clients).',
    labelNames: ['direction', 'route'],
    registers: [registry],
  });
  new Gauge({
    name: 'websocket_connections',
    help: 'Open WebSocket connections of this process.',
    registers: [registry],
    collect() {
      this.set(sources.websocketConnections());
    },
  });
  new Gauge({
    name: 'queue_depth',
    help: 'Items waiting (or in flight) in an in-process queue.',
    labelNames: ['queue'],
    registers: [registry],
    collect() {
      for (const [queue, depth] of Object.entries(sources.queues)) this.set({ queue }, depth());
    },
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'PostgreSQL pool connections by pool and state (total, idle, waiting requests, max).',
    labelNames: ['pool', 'state'],
    registers: [registry],
    collect() {
      for (const [pool, stats] of Object.entries(sources.pools)) {
        const value = stats();
        this.set({ pool, state: 'total' }, value.total);
        this.set({ pool, state: 'idle' }, value.idle);
        this.set({ pool, state: 'in_use' }, value.total - value.idle);
        this.set({ pool, state: 'waiting' }, value.waiting);
        this.set({ pool, state: 'max' }, value.max);
      }
    },
  });

  const routeOf = (method: string, url: string | undefined): string => {
    const target = parseRequestTarget(url);
    if (target === null) return 'invalid';
    const path = target.path;
    if (path === '/healthz' || path === '/readyz') return path;
    if (path === '/api' || path.startsWith('/api/')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(path);
      } catch {
        return 'api_unmatched';
      }
      return matchRoute(method, decoded)?.routeKey ?? 'api_unmatched';
    }
    if (path.startsWith('/media/')) return 'media';
    if (path === '/uploads' || path.startsWith('/uploads/')) return 'uploads';
    if (path === '/ws') return 'ws';
    return 'static';
  };

  return {
    registry,
    observeRequest(request, response) {
      const started = process.hrtime.bigint();
      const method = request.method ?? 'GET';
      const route = routeOf(method, request.url);
      response.once('close', () => {
        const status = String(response.statusCode);
        const labels = { route, method, status };
        duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        requests.inc(labels);
        if (response.statusCode >= 400) {
          errors.inc({ route, status, code: errorCodeOf(response) ?? 'none' });
        }
        if (response.statusCode === 429) rateLimitHits.inc({ route });
      });
    },
    websocket: {
      frameReceived: (routeKey) => frames.inc({ direction: 'in', route: routeKey }),
      frameSent: () => frames.inc({ direction: 'out', route: 'event' }),
      limitHit: () => rateLimitHits.inc({ route: 'ws' }),
    },
    setSources(partial) {
      Object.assign(sources, partial);
    },
  };
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` on its own port: the chart's Service exposes it to Prometheus, and the Ingress (which routes
 * to the app port only) never does.
 */
export async function startMetricsServer(
  metrics: LabMetrics,
  port: number,
  host: string,
  log: Logger,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const target = parseRequestTarget(request.url);
    if (target?.path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        response.writeHead(200, {
          'content-type': metrics.registry.contentType,
          'cache-control': 'no-store',
        });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        log.error('collecting metrics failed', { error });
        response.writeHead(500).end();
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
  return {
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
