import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineRoute, type HttpRoute, json } from '../../src/handlers/http/http-route';
import type { HttpEvent, HttpResult } from '../../src/handlers/http/middleware/types';
import type { HttpDispatcher } from '../../src/runtime/lab/http-gateway';
import { rawRequest, startTestServer, storeWithoutData, type TestServer } from '../support/lab-server';

const route = (method: HttpRoute['method'], path: string, body?: HttpRoute['body']): HttpRoute =>
  defineRoute({
    method,
    path,
    group: 'system',
    summary: 'test route',
    tags: [],
    auth: false,
    ...(body ? { body } : {}),
    responses: {},
    handle: async () => json(200, {}),
  });

const testRoutes = [
  route('GET', '/api/echo/{id}'),
  route('GET', '/api/echo/me'),
  route('POST', '/api/echo', z.unknown()),
  route('GET', '/api/files/{path+}'),
  route('GET', '/api/reply'),
  route('GET', '/api/throws'),
];

/** Captures each event and answers what the test asks for; `/api/reply` answers `nextResult`. */
function capturingDispatcher() {
  const events: HttpEvent[] = [];
  let nextResult: HttpResult = { statusCode: 200 };
  const dispatch: HttpDispatcher = async (event) => {
    events.push(event);
    if (event.routeKey === 'GET /api/throws') throw new Error('secret internal detail');
    if (event.routeKey === 'GET /api/reply') return nextResult;
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ok: true }),
    };
  };
  return {
    dispatch,
    last: () => {
      const event = events.at(-1);
      if (!event) throw new Error('no event was dispatched');
      return event;
    },
    answer: (result: HttpResult) => {
      nextResult = result;
    },
  };
}

describe('lab HTTP gateway: the API Gateway v2 event', () => {
  const capture = capturingDispatcher();
  const logLines: string[] = [];
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      store: storeWithoutData(),
      routes: testRoutes,
      dispatch: capture.dispatch,
      logWrite: (line) => logLines.push(line),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('selects the route and builds a payload-2.0 event like API Gateway', async () => {
    const response = await rawRequest(server.url, '/api/echo/a%20b%C3%A9?x=1&x=2&y=%2B+z&empty=', {
      headers: {
        cookie: 'session=abc; theme=dark',
        'x-multi': ['one', 'two'],
        'user-agent': 'vitest-agent',
        'x-forwarded-for': '198.51.100.7',
      },
    });
    expect(response.status).toBe(200);
    const event = capture.last();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/echo/{id}',
      rawPath: '/api/echo/a bé',
      rawQueryString: 'x=1&x=2&y=%2B+z&empty=',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { x: '1,2', y: '+ z', empty: '' },
      pathParameters: { id: 'a bé' },
      isBase64Encoded: false,
      requestContext: {
        accountId: expect.any(String),
        apiId: expect.any(String),
        domainName: '127.0.0.1',
        domainPrefix: '127',
        http: {
          method: 'GET',
          path: '/api/echo/a bé',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'vitest-agent',
        },
        requestId: expect.stringMatching(/^[A-Za-z0-9+/]{14}==$/),
        routeKey: 'GET /api/echo/{id}',
        stage: '$default',
        time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
      },
    });
    expect(event.body).toBeUndefined();
    // The Cookie header moves into `cookies`; repeated headers are joined with ','.
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-multi']).toBe('one,two');
    // Without TRUST_PROXY a client's own X-Forwarded-For is replaced by what the server saw.
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5_000);
    expect(response.headers['apigw-requestid']).toBe(event.requestContext.requestId);
  });

  it('prefers a literal route over a parameter, and decodes greedy parameters', async () => {
    await rawRequest(server.url, '/api/echo/me');
    expect(capture.last()).toMatchObject({ routeKey: 'GET /api/echo/me' });
    expect(capture.last().pathParameters).toBeUndefined();

    await rawRequest(server.url, '/api/files/a/b%20c.txt');
    expect(capture.last()).toMatchObject({
      routeKey: 'GET /api/files/{path+}',
      pathParameters: { path: 'a/b c.txt' },
    });
  });

  it('selects $default for an unknown path or a known path with another method', async () => {
    await rawRequest(server.url, '/api/nothing-here');
    expect(capture.last()).toMatchObject({ routeKey: '$default', requestContext: { routeKey: '$default' } });
    await rawRequest(server.url, '/api/echo/me', { method: 'DELETE' });
    expect(capture.last().routeKey).toBe('$default');
  });

  it('passes JSON and text bodies as text, anything else base64-encoded', async () => {
    await rawRequest(server.url, '/api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"name":"Zoë"}',
    });
    expect(capture.last()).toMatchObject({ body: '{"name":"Zoë"}', isBase64Encoded: false });

    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]);
    await rawRequest(server.url, '/api/echo', {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg' },
      body: bytes,
    });
    expect(capture.last()).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('writes the result: status, headers, each cookie as its own Set-Cookie, base64 bodies decoded', async () => {
    capture.answer({
      statusCode: 202,
      headers: { 'content-type': 'application/octet-stream', 'x-custom': 7 },
      cookies: ['a=1; Path=/; HttpOnly', 'b=2; Path=/'],
      body: Buffer.from('binary\u0000data').toString('base64'),
      isBase64Encoded: true,
    });
    const response = await fetch(`${server.url}/api/reply`);
    expect(response.status).toBe(202);
    expect(response.headers.get('x-custom')).toBe('7');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('binary\u0000data');
  });

  it('answers 500 internal without any detail when the dispatcher throws, and logs it', async () => {
    const response = await server.fetchJson('/api/throws');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(JSON.stringify(response.body)).not.toMatch(/secret internal detail|at .*\.ts/);
    expect(logLines.some((line) => line.includes('secret internal detail'))).toBe(true);
  });

  it('answers 400 for a path that is not valid percent-encoding, without calling a handler', async () => {
    const before = capture.last();
    const response = await rawRequest(server.url, '/api/echo/%E0%A4%A');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'validation_failed' } });
    expect(capture.last()).toBe(before);
  });
});

describe('lab HTTP gateway: request limits', () => {
  const capture = capturingDispatcher();
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      store: storeWithoutData(),
      routes: testRoutes,
      dispatch: capture.dispatch,
      requestTimeoutMs: 500,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 413 to a declared body over 64 KB before the client sent it', async () => {
    const { hostname, port } = new URL(server.url);
    const declared = 1024 * 1024;
    const result = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const request = httpRequest({
        hostname,
        port,
        path: '/api/echo',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(declared) },
      });
      const sent = 1024;
      request.write(Buffer.alloc(sent, 0x20));
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body, sent });
          request.destroy();
        });
      });
      request.on('error', reject);
    });
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(declared);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 413 to a chunked body once it passes 64 KB, and stops reading', async () => {
    // A raw socket, like curl: Node's own client reports EPIPE instead of a response that arrives while
    // it is still writing.
    const { hostname, port } = new URL(server.url);
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const frame = Buffer.concat([
      Buffer.from(`${chunk.length.toString(16)}\r\n`),
      chunk,
      Buffer.from('\r\n'),
    ]);
    const limit = 64 * 1024 * 1024;
    const result = await new Promise<{ answer: string; sent: number }>((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let sent = 0;
      let answer = '';
      const pump = () => {
        // Keep sending until the server answers; it must answer long before the 64 MB are out.
        while (answer === '' && sent < limit && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(frame)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      socket.on('data', (data) => {
        answer += data.toString();
        if (answer.includes('\r\n\r\n{') && answer.endsWith('}')) {
          socket.destroy();
          resolve({ answer, sent });
        }
      });
      socket.on('error', (error) => (answer === '' ? reject(error) : resolve({ answer, sent })));
      socket.write(
        'POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      pump();
    });
    expect(result.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.answer).toContain('"code":"payload_too_large"');
    expect(result.sent).toBeLessThan(limit);
  });

  it('refuses an oversized body announced with Expect: 100-continue without asking for it', async () => {
    const response = await rawRequest(server.url, '/api/echo', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(65 * 1024),
        expect: '100-continue',
      },
    }).catch((error: unknown) => error);
    // Node's client sends no body until 100 Continue; the server answers 413 straight away.
    expect(response).toMatchObject({ status: 413 });
  });

  it('gives up on a client that stalls while sending its request (no hung server)', async () => {
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
      socket.write(
        'POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a',
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('lab HTTP gateway: forwarded headers', () => {
  const capture = capturingDispatcher();
  let trusting: TestServer;
  let direct: TestServer;

  beforeAll(async () => {
    [trusting, direct] = await Promise.all([
      startTestServer({
        store: storeWithoutData(),
        routes: testRoutes,
        dispatch: capture.dispatch,
        env: { TRUST_PROXY: 'true' },
      }),
      startTestServer({ store: storeWithoutData(), routes: testRoutes, dispatch: capture.dispatch }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([trusting?.close(), direct?.close()]);
  });
  beforeEach(() => capture.answer({ statusCode: 204 }));

  const viaProxy = {
    'x-forwarded-for': '10.9.9.9, 203.0.113.9',
    'x-forwarded-proto': 'https',
    'x-forwarded-port': '443',
  };

  it('behind a trusted proxy takes the client from the hop the proxy appended, and the scheme it saw', async () => {
    const response = await rawRequest(trusting.url, '/api/reply', { headers: viaProxy });
    const event = capture.last();
    expect(event.requestContext.http.sourceIp).toBe('203.0.113.9');
    expect(event.headers['x-forwarded-for']).toBe('10.9.9.9, 203.0.113.9, 127.0.0.1');
    expect(event.headers['x-forwarded-proto']).toBe('https');
    expect(event.headers['x-forwarded-port']).toBe('443');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['content-security-policy']).toContain('wss://');
  });

  it('without TRUST_PROXY ignores forwarding headers a client made up', async () => {
    const response = await rawRequest(direct.url, '/api/reply', { headers: viaProxy });
    const event = capture.last();
    expect(event.requestContext.http.sourceIp).toBe('127.0.0.1');
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});
