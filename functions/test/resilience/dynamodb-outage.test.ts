import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_REQUEST_TIMEOUT_MS,
} from '../../src/adapters/dynamodb/client-config';
import { ApiSession, uniqueEmail } from '../support/api-session';
import {
  type DynamoDbLocal,
  dynamoDbLocalUnavailableReason,
  startDynamoDbLocal,
} from '../support/dynamodb-local';
import { startTestServer, type TestServer } from '../support/lab-server';
import { useS3rverCredentials } from '../support/s3rver';
import { connectRealtime, type TestSocket } from '../support/ws-client';

const unavailable = dynamoDbLocalUnavailableReason();
if (unavailable !== null && process.env.REQUIRE_SERVICES === '1') {
  throw new Error(`DynamoDB Local is required when REQUIRE_SERVICES=1: ${unavailable}`);
}

/** The longest a request may take with DynamoDB gone: every attempt timing out, plus a margin. */
const REQUEST_BOUND_MS = DYNAMODB_MAX_ATTEMPTS * DYNAMODB_REQUEST_TIMEOUT_MS + 2_000;

/**
 * DynamoDB goes away under the lab runtime (`STORE=dynamodb`, opened by the server as in a deployment): its
 * own DynamoDB Local is killed while a user is signed in and connected. Every request is then answered with a
 * clean `503 service_unavailable` envelope (never `500 internal`, never a hang, nothing internal in it),
 * readiness fails, liveness does not, and a WebSocket frame gets its `error` event.
 */
describe.skipIf(unavailable !== null)(
  `the lab runtime on DynamoDB when DynamoDB goes away${unavailable === null ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    let local: DynamoDbLocal | undefined;
    let server: TestServer | undefined;
    let restoreCredentials: (() => void) | undefined;
    let socket: TestSocket | undefined;
    const logs: string[] = [];

    beforeAll(async () => {
      local = await startDynamoDbLocal();
      // DynamoDB Local takes any credentials; the server's SDK reads them from the environment, as on a host.
      restoreCredentials = useS3rverCredentials();
      server = await startTestServer({
        env: {
          STORE: 'dynamodb',
          DYNAMODB_TABLE: `outage-${randomBytes(4).toString('hex')}`,
          DYNAMODB_CREATE_TABLE: 'true',
          AWS_ENDPOINT_URL: local.endpoint,
          AWS_REGION: 'us-east-1',
          LOG_LEVEL: 'warn',
        },
        logWrite: (line) => logs.push(line),
      });
    }, 120_000);

    afterAll(async () => {
      await socket?.close();
      await server?.close();
      restoreCredentials?.();
      await local?.stop();
    }, 60_000);

    it('answers 503 service_unavailable, fails readiness and errors WebSocket frames, without a 500', async () => {
      if (!server || !local) throw new Error('the server did not start');
      const { url } = server;
      const email = uniqueEmail('outage');
      const session = new ApiSession(url);
      expect((await session.register(email)).status).toBe(201);
      expect((await session.call('GET', '/api/me')).status).toBe(200);
      socket = await connectRealtime(url, session);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);

      await local.stop();

      const timed = async <T>(work: () => Promise<T>) => {
        const started = performance.now();
        const result = await work();
        expect(performance.now() - started).toBeLessThan(REQUEST_BOUND_MS);
        return result;
      };
      const requests = [
        () => session.call('GET', '/api/me'),
        () => session.call('GET', '/api/matches'),
        () => session.call('POST', '/api/auth/login', { body: { email, password: 'whatever it is' } }),
        () => new ApiSession(url).register(uniqueEmail('outage')),
      ];
      for (const request of requests) {
        const response = await timed(request);
        expect(response.status, response.text).toBe(503);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(JSON.parse(response.text)).toEqual({
          error: { code: 'service_unavailable', message: expect.any(String) },
        });
        // Nothing internal: no endpoint, no SDK error, no stack.
        expect(response.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|TimeoutError|Exception|\n\s*at /);
      }

      const ready = await timed(() => fetch(`${url}/readyz`));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      // A frame: its `error` on the connection that sent it; a ping needs no store.
      const clientMessageId = 'outage-frame-1';
      socket.send({
        action: 'sendMessage',
        conversationId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
        clientMessageId,
        text: 'anyone there?',
      });
      expect(await socket.next('error', () => true, REQUEST_BOUND_MS)).toMatchObject({
        code: 'service_unavailable',
        clientMessageId,
      });
      socket.send({ action: 'ping' });
      expect(await socket.next('pong')).toEqual({ type: 'pong' });

      // An outage is expected, not a bug: warnings with the cause, never an unhandled error (a 500).
      expect(logs.filter((line) => line.includes('unhandled error'))).toEqual([]);
      expect(logs.some((line) => line.includes('service unavailable') && line.includes('ECONNREFUSED'))).toBe(
        true,
      );
    }, 120_000);
  },
);
