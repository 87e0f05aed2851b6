import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineRoute, json } from '../../src/handlers/http/http-route';
import type { HttpDispatcher } from '../../src/runtime/lab/http-gateway';
import { rawRequest, startTestServer, storeWithoutData, type TestServer } from '../support/lab-server';

describe('lab server with the real route table (in-memory PGlite)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { CORS_ORIGINS: 'http://localhost:5173' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers /api/health with the version', async () => {
    const response = await server.fetchJson('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', version: '0.0.0-test' });
  });

  it('serves the script-free API docs under the same CSP', async () => {
    const response = await fetch(`${server.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).not.toMatch(/<script/i);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('registers a user end to end: 201, access token, refresh cookie without Secure over plain HTTP', async () => {
    const response = await server.fetchJson('/api/auth/register', {
      method: 'POST',
      json: { email: 'lab.e2e@example.test', password: 'correct horse battery' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      user: { email: 'lab.e2e@example.test' },
      accessToken: expect.any(String),
    });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('refresh_token='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toMatch(/Secure/);
    expect(response.headers.get('x-request-id')).toBe(response.headers.get('apigw-requestid'));
  });

  it('answers an unknown API route with the 404 envelope', async () => {
    const response = await server.fetchJson('/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('puts the security headers on every answer, and HSTS only over HTTPS', async () => {
    for (const path of ['/api/health', '/api/no-such-thing', '/healthz', '/']) {
      const { headers } = await fetch(`${server.url}${path}`);
      expect(headers.get('content-security-policy')).toMatch(
        /default-src 'self'.*img-src 'self' data: blob:.*connect-src 'self' ws:\/\/127\.0\.0\.1:\d+.*object-src 'none'.*base-uri 'self'.*form-action 'self'.*frame-ancestors 'none'/,
      );
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('permissions-policy')).toMatch(/^geolocation=\(self\)(, [a-z-]+=\(\))+$/);
      expect(headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('answers /healthz and /readyz itself', async () => {
    expect(await server.fetchJson('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await server.fetchJson('/readyz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('allows a listed origin with credentials and answers its preflight', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await fetch(`${server.url}/api/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');

    const simple = await fetch(`${server.url}/api/health`, { headers: { origin } });
    expect(simple.headers.get('access-control-allow-origin')).toBe(origin);
    expect(simple.headers.get('vary')).toMatch(/origin/i);
  });

  it('gives an unlisted origin no CORS headers at all', async () => {
    const origin = 'https://evil.example';
    const preflight = await fetch(`${server.url}/api/auth/login`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBe(404);
    const simple = await fetch(`${server.url}/api/health`, { headers: { origin } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    expect(simple.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('lab server without CORS_ORIGINS', () => {
  it('sends no CORS headers even for a preflight', async () => {
    const server = await startTestServer({ store: storeWithoutData() });
    try {
      const response = await rawRequest(server.url, '/api/health', {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
      });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers.vary).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});

describe('lab server readiness', () => {
  it('answers 503 when the store fails its ping', async () => {
    const server = await startTestServer({
      store: storeWithoutData(() => Promise.reject(new Error('connection refused'))),
    });
    try {
      const response = await server.fetchJson('/readyz');
      expect(response.status).toBe(503);
      expect((await server.fetchJson('/healthz')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers 503 when the store does not answer within 2 s', async () => {
    const server = await startTestServer({ store: storeWithoutData(() => new Promise(() => {})) });
    try {
      const started = Date.now();
      const response = await server.fetchJson('/readyz');
      expect(response.status).toBe(503);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await server.close();
    }
  });
});

describe('lab server graceful close', () => {
  it('finishes an in-flight request, refuses new connections, then closes the store', async () => {
    let release: () => void = () => {};
    let arrived: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const dispatch: HttpDispatcher = async () => {
      arrived();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"done":true}' };
    };
    const slow = defineRoute({
      method: 'GET',
      path: '/api/slow',
      group: 'system',
      summary: 'slow',
      tags: [],
      auth: false,
      responses: {},
      handle: async () => json(200, {}),
    });
    const store = storeWithoutData();
    const server = await startTestServer({ store, routes: [slow], dispatch });

    const pending = fetch(`${server.url}/api/slow`);
    await inFlight;
    const closed = server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(store.closed).toBe(false);

    release();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closed;
    expect(store.closed).toBe(true);
  });

  it('does not wait for idle keep-alive connections', async () => {
    const server = await startTestServer({ store: storeWithoutData() });
    // fetch keeps the connection open for reuse after this answer.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
