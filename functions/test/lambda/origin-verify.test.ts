import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../src/adapters/dynamodb/table';
import type { HttpEvent, HttpResult } from '../../src/handlers/http/middleware/types';
import type { WsEvent, WsResult } from '../../src/handlers/ws/ws-route';
import { resetDeps } from '../../src/runtime/aws/deps';
import { httpEntryFile, REALTIME_ENTRY } from '../../src/runtime/aws/function-groups';
import { checkOrigin, ORIGIN_VERIFY_HEADER } from '../../src/runtime/aws/origin-verify';
import { type DynamoDbLocal, dynamoDbLocalClientConfig, startDynamoDbLocal } from '../support/dynamodb-local';
import { TEST_JWT_SECRET } from '../support/lab-server';

type HttpHandler = (event: HttpEvent, context: object) => Promise<HttpResult>;
type WsHandler = (event: WsEvent, context: object) => Promise<WsResult>;

const SECRET = `origin-${randomBytes(24).toString('hex')}`;

const healthRequest = (headers: Record<string, string>): HttpEvent =>
  ({
    version: '2.0',
    routeKey: 'GET /api/health',
    rawPath: '/api/health',
    rawQueryString: '',
    headers: { 'x-forwarded-for': '198.51.100.7', ...headers },
    isBase64Encoded: false,
    requestContext: {
      requestId: randomBytes(8).toString('hex'),
      routeKey: 'GET /api/health',
      stage: '$default',
      http: {
        method: 'GET',
        path: '/api/health',
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.7',
        userAgent: 'test',
      },
    },
  }) as unknown as HttpEvent;

/** `$connect` as API Gateway sends it: header names keep the case the sender (CloudFront) used. */
const connectRequest = (headers: Record<string, string>): WsEvent =>
  ({
    headers: { Host: 'abc.execute-api.eu-west-1.amazonaws.com', ...headers },
    queryStringParameters: { ticket: 'not-a-ticket-0123456789abcdef0123456789' },
    isBase64Encoded: false,
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      connectionId: 'conn-origin-test=',
      requestId: randomBytes(8).toString('hex'),
      connectedAt: Date.now(),
      requestTimeEpoch: Date.now(),
      domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
      stage: 'ws',
      apiId: 'abc',
      messageDirection: 'IN',
      extendedRequestId: 'x',
    },
  }) as unknown as WsEvent;

const envelope = (result: { body?: string | undefined }) =>
  JSON.parse(result.body ?? '{}') as { error?: { code?: string } };

/**
 * The Lambda side of the origin check, in the deployed entries: the HTTP API's functions and the WebSocket
 * API's `$connect` answer 403 unless the request carries the secret CloudFront adds, so calling the
 * execute-api endpoint directly cannot get past CloudFront and its web ACL.
 */
describe('origin-verify header on the API functions', () => {
  let dynamo: DynamoDbLocal;
  let tableClient: DynamoDBClient;
  const tableName = `origin-${randomBytes(4).toString('hex')}`;
  const saved = { ...process.env };
  let http: HttpHandler;
  let ws: WsHandler;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    tableClient = new DynamoDBClient(dynamoDbLocalClientConfig(dynamo.endpoint));
    await createTable(tableClient, tableName);
    for (const key of ['JWT_SECRET_ARN', 'ORIGIN_VERIFY_SECRET_ID', 'AWS_PROFILE', 'AWS_ENDPOINT_URL'])
      delete process.env[key];
    Object.assign(process.env, {
      STAGE: 'test',
      TABLE_NAME: tableName,
      JWT_SECRET: TEST_JWT_SECRET,
      ORIGIN_VERIFY: SECRET,
      LOG_LEVEL: 'error',
      RATE_LIMITS: 'off',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    await resetDeps();
    http = ((await import(httpEntryFile('system'))) as { handler: HttpHandler }).handler;
    ws = ((await import(REALTIME_ENTRY)) as { handler: WsHandler }).handler;
  }, 240_000); // DynamoDB Local starts slowly on a busy machine

  afterAll(async () => {
    await resetDeps();
    process.env = saved;
    await tableClient?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    tableClient?.destroy();
    await dynamo?.stop();
  });

  it('refuses an HTTP request without the header with 403 in the error envelope', async () => {
    const result = await http(healthRequest({}), {});
    expect(result.statusCode).toBe(403);
    expect(envelope(result).error?.code).toBe('forbidden');
    expect(result.headers?.['cache-control']).toBe('no-store');
  });

  it('refuses a wrong value, including one that is a prefix of the secret', async () => {
    for (const wrong of ['guess', SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase()]) {
      const result = await http(healthRequest({ [ORIGIN_VERIFY_HEADER]: wrong }), {});
      expect(result.statusCode, wrong).toBe(403);
    }
  });

  it('serves a request that came through CloudFront', async () => {
    const result = await http(healthRequest({ [ORIGIN_VERIFY_HEADER]: SECRET }), {});
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ status: 'ok' });
  });

  it('refuses a WebSocket $connect without the header before looking at its ticket', async () => {
    const result = await ws(connectRequest({}), {});
    expect(result.statusCode).toBe(403);
    expect(envelope(result).error?.code).toBe('forbidden');
  });

  it('lets a $connect through CloudFront reach the ticket check (whatever the header name’s case)', async () => {
    const result = await ws(connectRequest({ 'X-Origin-Verify': SECRET }), {});
    expect(result.statusCode).toBe(401);
  });

  it('answers 503 in the envelope, never lets a request through unchecked, when Secrets Manager is down', async () => {
    // A port nothing listens on: the secret read fails like an unreachable Secrets Manager.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const address = probe.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise((resolve) => probe.close(resolve));
    delete process.env.ORIGIN_VERIFY;
    Object.assign(process.env, {
      ORIGIN_VERIFY_SECRET_ID: 'dating-test-origin-verify',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
    });
    await resetDeps();
    try {
      const result = await http(healthRequest({ [ORIGIN_VERIFY_HEADER]: SECRET }), {});
      expect(result.statusCode).toBe(503);
      expect(envelope(result).error?.code).toBe('service_unavailable');
      expect((await http(healthRequest({}), {})).statusCode).toBe(503);
    } finally {
      delete process.env.ORIGIN_VERIFY_SECRET_ID;
      delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      process.env.ORIGIN_VERIFY = SECRET;
      await resetDeps();
    }
  });

  it('tells an unreadable secret from one that is not configured', async () => {
    const unreadable = async (): Promise<string | undefined> => {
      throw new Error('Secrets Manager unreachable');
    };
    expect(await checkOrigin({ [ORIGIN_VERIFY_HEADER]: SECRET }, unreadable)).toMatchObject({
      outcome: 'unavailable',
    });
    expect(await checkOrigin({}, async () => undefined)).toEqual({ outcome: 'pass', secret: undefined });
  });
});
