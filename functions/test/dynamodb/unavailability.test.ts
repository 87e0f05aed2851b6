import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_REQUEST_TIMEOUT_MS,
  dynamoDbClientDefaults,
} from '../../src/adapters/dynamodb/client-config';
import { createDynamoDbStore } from '../../src/adapters/dynamodb/store';
import {
  isDynamoDbUnavailable,
  reportStoreUnavailable,
  translateDynamoDbError,
} from '../../src/adapters/dynamodb/store-unavailable';
import { AppError, messageWithCauses, ServiceUnavailableError } from '../../src/domain/errors';

const $metadata = {};
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata,
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const unmodeled = (name: string, httpStatusCode: number) =>
  new DynamoDBServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    message: name,
  });

describe('isDynamoDbUnavailable', () => {
  it.each([
    ['throughput exceeded', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata })],
    ['throttling', new ThrottlingException({ message: 'slow down', $metadata })],
    ['the account limit', new RequestLimitExceeded({ message: 'slow down', $metadata })],
    ['an internal server error', new InternalServerError({ message: 'oops', $metadata })],
    ['ServiceUnavailable (503)', unmodeled('ServiceUnavailable', 503)],
    ['any other 5xx answer (a proxy in front)', unmodeled('Unknown', 502)],
    ['a refused connect', withCode('connect ECONNREFUSED 127.0.0.1:8000', 'ECONNREFUSED')],
    ['a connect timing out', withCode('connect ETIMEDOUT 10.0.0.1:443', 'ETIMEDOUT')],
    ['a socket hang up', withCode('socket hang up', 'ECONNRESET')],
    ['an unknown host', withCode('getaddrinfo ENOTFOUND dynamodb.nowhere', 'ENOTFOUND')],
    [
      "the SDK's connection timeout",
      Object.assign(new Error('the request socket did not establish a connection'), { name: 'TimeoutError' }),
    ],
    [
      'a refused connect to every address of a name',
      new AggregateError([withCode('connect ECONNREFUSED ::1:8000', 'ECONNREFUSED')], 'connect failed'),
    ],
    ['a wrapped cause', new Error('outer', { cause: withCode('read ECONNRESET', 'ECONNRESET') })],
    ['a transaction cancelled for throttling', cancelled('None', 'ThrottlingError')],
    ['a transaction cancelled for throughput', cancelled('ProvisionedThroughputExceeded', 'None')],
    ['an already translated error', new ServiceUnavailableError()],
  ])('is true for %s', (_name, error) => {
    expect(isDynamoDbUnavailable(error)).toBe(true);
  });

  it.each([
    ['a failed condition', new ConditionalCheckFailedException({ message: 'no', $metadata })],
    ['a missing table', new ResourceNotFoundException({ message: 'no table', $metadata })],
    ['a validation error', unmodeled('ValidationException', 400)],
    ['a transaction cancelled by a condition', cancelled('ConditionalCheckFailed', 'ThrottlingError')],
    ['a transaction conflict (retried by transactWrite)', cancelled('None', 'TransactionConflict')],
    ['credentials that do not work', unmodeled('UnrecognizedClientException', 400)],
    ['an ordinary bug', new TypeError("Cannot read properties of undefined (reading 'PK')")],
    ['an expected failure', new AppError('not_found', 'Not found')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_name, error) => {
    expect(isDynamoDbUnavailable(error)).toBe(false);
  });

  it('translates into ServiceUnavailableError keeping the cause, and leaves everything else as it is', () => {
    const cause = withCode('connect ECONNREFUSED 127.0.0.1:8000', 'ECONNREFUSED');
    const translated = translateDynamoDbError(cause);
    expect(translated).toBeInstanceOf(ServiceUnavailableError);
    expect(translated).toMatchObject({ status: 503, code: 'service_unavailable', cause });
    // The message is for users; the logs get the cause (hosts and ports included).
    expect((translated as Error).message).not.toContain('127.0.0.1');
    expect(messageWithCauses(translated)).toContain('ECONNREFUSED 127.0.0.1:8000');
    const condition = new ConditionalCheckFailedException({ message: 'no', $metadata });
    expect(translateDynamoDbError(condition)).toBe(condition);
    const already = new ServiceUnavailableError();
    expect(translateDynamoDbError(already)).toBe(already);
  });
});

type Behaviour =
  | { kind: 'error'; status: number; type: string }
  | { kind: 'silent' }
  | { kind: 'hang up' }
  | { kind: 'ok' };

/**
 * A stand-in for DynamoDB's endpoint speaking its JSON protocol, answering every request as told: an error
 * (`__type` as DynamoDB sends it), nothing at all, a dropped socket, or `{}`. Counts the attempts.
 */
async function startFakeDynamoDb() {
  let behaviour: Behaviour = { kind: 'ok' };
  const attempts: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      attempts.push(String(request.headers['x-amz-target'] ?? ''));
      if (behaviour.kind === 'silent') return;
      if (behaviour.kind === 'hang up') {
        request.socket.destroy();
        return;
      }
      const headers = { 'content-type': 'application/x-amz-json-1.0' };
      if (behaviour.kind === 'ok') {
        response.writeHead(200, headers).end('{}');
        return;
      }
      response
        .writeHead(behaviour.status, headers)
        .end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${behaviour.type}`, message: 'x' }));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attempts,
    answer(next: Behaviour) {
      behaviour = next;
      attempts.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('a DynamoDB store whose endpoint fails (the real SDK client with the deployed timeouts and retries)', () => {
  let fake: Awaited<ReturnType<typeof startFakeDynamoDb>>;
  const clients: DynamoDBClient[] = [];
  beforeAll(async () => {
    fake = await startFakeDynamoDb();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await fake?.close();
  });

  const documentClient = (endpoint: string) => {
    const client = new DynamoDBClient({
      ...dynamoDbClientDefaults,
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    clients.push(client);
    return DynamoDBDocumentClient.from(client);
  };
  const storeOn = (endpoint: string) =>
    createDynamoDbStore({ client: documentClient(endpoint), tableName: 'app' });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error,
    );

  it('answers ServiceUnavailableError at once when nothing listens on the port', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');

    const started = performance.now();
    const failure = await failureOf(
      storeOn(`http://127.0.0.1:${port}`).users.findById('01ARZ3NDEKTSV4RRFFQ69G5FAV'),
    );
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect(messageWithCauses(failure)).toContain('ECONNREFUSED');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['ProvisionedThroughputExceededException', 400],
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 400],
    ['InternalServerError', 500],
    ['ServiceUnavailable', 503],
  ])(
    `answers ServiceUnavailableError for %s after ${DYNAMODB_MAX_ATTEMPTS} attempts`,
    async (type, status) => {
      fake.answer({ kind: 'error', status, type });
      const failure = await failureOf(storeOn(fake.endpoint).users.findById('01ARZ3NDEKTSV4RRFFQ69G5FAV'));
      expect(failure).toBeInstanceOf(ServiceUnavailableError);
      expect((failure as Error).cause).toMatchObject({ name: type });
      expect(fake.attempts).toEqual(Array(DYNAMODB_MAX_ATTEMPTS).fill('DynamoDB_20120810.GetItem'));
    },
  );

  it('answers ServiceUnavailableError when the endpoint drops the connection (socket hang up)', async () => {
    fake.answer({ kind: 'hang up' });
    const failure = await failureOf(storeOn(fake.endpoint).ping());
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
  });

  it('passes a failed condition and a client error through unchanged (the repositories decide)', async () => {
    const client = reportStoreUnavailable(documentClient(fake.endpoint));
    const put = () => client.send(new PutCommand({ TableName: 'app', Item: { PK: 'a', SK: 'b' } }));
    fake.answer({ kind: 'error', status: 400, type: 'ConditionalCheckFailedException' });
    expect(await failureOf(put())).toBeInstanceOf(ConditionalCheckFailedException);
    fake.answer({ kind: 'error', status: 400, type: 'ResourceNotFoundException' });
    expect(await failureOf(put())).toBeInstanceOf(ResourceNotFoundException);
    expect(fake.attempts).toHaveLength(1);
    // Registered once however often a store is built on the client.
    reportStoreUnavailable(client);
    fake.answer({ kind: 'ok' });
    await expect(put()).resolves.toBeDefined();
  });

  it(`gives up on an endpoint that never answers after ${DYNAMODB_MAX_ATTEMPTS} x ${DYNAMODB_REQUEST_TIMEOUT_MS} ms, not never`, async () => {
    fake.answer({ kind: 'silent' });
    const started = performance.now();
    const failure = await failureOf(storeOn(fake.endpoint).users.findById('01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    const elapsed = performance.now() - started;
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as Error).cause).toMatchObject({ name: 'TimeoutError' });
    expect(fake.attempts).toHaveLength(DYNAMODB_MAX_ATTEMPTS);
    expect(elapsed).toBeGreaterThanOrEqual(DYNAMODB_MAX_ATTEMPTS * DYNAMODB_REQUEST_TIMEOUT_MS - 100);
    // Well inside the API functions' default timeout (10 s), let alone API Gateway's 29 s.
    expect(elapsed).toBeLessThan(9_000);
  }, 20_000);
});
