import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import { ApiSession, uniqueEmail } from '../support/api-session';
import { startTestServer, type TestServer } from '../support/lab-server';
import { connectRealtime } from '../support/ws-client';

/** The samples of one metric, as `labels -> value` (labels rendered like `route="...",status="..."`). */
function samples(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] === name) found.set(match[2] ?? '', Number(match[3]));
  }
  return found;
}

const sampleWith = (text: string, name: string, ...labels: string[]) =>
  [...samples(text, name)].find(([key]) => labels.every((label) => key.includes(label)))?.[1];

async function scrape(server: TestServer): Promise<string> {
  if (server.metricsUrl === undefined) throw new Error('the server has no metrics port');
  const response = await fetch(server.metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe('/metrics of the lab runtime (PGlite)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        METRICS_PORT: '0',
        RATE_LIMITS: JSON.stringify({ registerPerIp: { limit: 1, windowSeconds: 60 } }),
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('is served on its own port, not on the app port', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(server.metricsUrl ?? '').port).not.toBe(new URL(server.url).port);
    // On the app port (what the Ingress routes to) /metrics is just another SPA path.
    const onAppPort = await fetch(`${server.url}/metrics`);
    expect(onAppPort.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await onAppPort.text()).not.toContain('http_request_duration_seconds');
  });

  it('counts requests by route with their latency, errors by status and code, rate-limit hits, WebSocket connections and frames, queue depths', async () => {
    const session = new ApiSession(server.url);
    expect((await session.register(uniqueEmail('metrics'))).status).toBe(201);
    expect((await new ApiSession(server.url).register(uniqueEmail('again'))).status).toBe(429);
    expect((await fetch(`${server.url}/api/no-such-route/${'x'.repeat(20)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const socket = await connectRealtime(server.url, session);
    socket.send({ action: 'ping' });
    await socket.next('pong');

    const text = await scrape(server);
    expect(
      sampleWith(
        text,
        'http_request_duration_seconds_count',
        'route="POST /api/auth/register"',
        'method="POST"',
        'status="201"',
      ),
    ).toBe(1);
    expect(
      sampleWith(text, 'http_request_duration_seconds_bucket', 'route="GET /api/health"', 'le="+Inf"'),
    ).toBe(1);
    expect(sampleWith(text, 'http_requests_total', 'route="GET /api/health"', 'status="200"')).toBe(1);
    expect(
      sampleWith(
        text,
        'http_errors_total',
        'route="POST /api/auth/register"',
        'status="429"',
        'code="rate_limited"',
      ),
    ).toBe(1);
    // Unknown paths share one label: a URL scan cannot grow the series.
    expect(
      sampleWith(text, 'http_errors_total', 'route="api_unmatched"', 'status="404"', 'code="not_found"'),
    ).toBe(1);
    expect(text).not.toContain('xxxxxxxxxx');
    expect(sampleWith(text, 'rate_limit_hits_total', 'route="POST /api/auth/register"')).toBe(1);
    expect(sampleWith(text, 'websocket_connections')).toBe(1);
    expect(sampleWith(text, 'websocket_frames_total', 'direction="in"', 'route="ping"')).toBe(1);
    expect(sampleWith(text, 'websocket_frames_total', 'direction="out"')).toBeGreaterThanOrEqual(1);
    for (const queue of ['mail_outbox', 'password_hash', 'websocket_frames', 'uploads']) {
      expect(sampleWith(text, 'queue_depth', `queue="${queue}"`)).toBeGreaterThanOrEqual(0);
    }
    // prom-client's process metrics come along.
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);

    socket.socket.close();
    await socket.closed;
    await expect.poll(async () => sampleWith(await scrape(server), 'websocket_connections')).toBe(0);
  });

  it('answers only GET /metrics there', async () => {
    const base = (server.metricsUrl ?? '').replace(/\/metrics$/, '');
    expect((await fetch(`${base}/api/health`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});

const databaseUrl = process.env.DATABASE_URL;
describe.skipIf(databaseUrl === undefined && process.env.REQUIRE_SERVICES !== '1')(
  '/metrics on a PostgreSQL server: connection pools',
  () => {
    let server: TestServer;

    beforeAll(async () => {
      if (databaseUrl === undefined) throw new Error('DATABASE_URL is required when REQUIRE_SERVICES=1');
      const schema = `metrics_${Date.now().toString(36)}`;
      const { store } = await openPostgresStore({ databaseUrl, schema });
      server = await startTestServer({ store, env: { METRICS_PORT: '0' } });
    }, 60_000);
    afterAll(async () => {
      await server?.close();
    });

    it("reports the store pool's connections", async () => {
      expect((await new ApiSession(server.url).register(uniqueEmail('pool'))).status).toBe(201);
      const text = await scrape(server);
      expect(sampleWith(text, 'db_pool_connections', 'pool="store"', 'state="max"')).toBeGreaterThan(0);
      expect(sampleWith(text, 'db_pool_connections', 'pool="store"', 'state="total"')).toBeGreaterThanOrEqual(
        1,
      );
      expect(sampleWith(text, 'db_pool_connections', 'pool="store"', 'state="waiting"')).toBe(0);
    });
  },
);
