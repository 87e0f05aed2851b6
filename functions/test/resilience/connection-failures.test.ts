import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgPoolClient, type SqlClient } from '../../src/adapters/postgres';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../../src/adapters/postgres/sql-client';
import { isPostgresUnavailable, reportStoreUnavailable } from '../../src/adapters/postgres/store-unavailable';
import { AppError, messageWithCauses, ServiceUnavailableError } from '../../src/domain/errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isPostgresUnavailable', () => {
  it.each([
    ['a refused connect', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    ['an unknown host', withCode('getaddrinfo ENOTFOUND db', 'ENOTFOUND')],
    ['a fast shutdown (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting or stopping (57P03)', withCode('the database system is shutting down', '57P03')],
    ['a full server (53300)', withCode('sorry, too many clients already', '53300')],
    ['a connection exception (class 08)', withCode('connection failure', '08006')],
    ['the driver losing the session', new Error('Connection terminated unexpectedly')],
    ['the pool giving up on a connect', new Error('timeout exceeded when trying to connect')],
    ['a connection giving up on its connect', new Error('timeout expired')],
    [
      'a refused connect to every address of a name',
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed'),
    ],
    [
      'a wrapped cause',
      new Error('Connection terminated due to connection timeout', { cause: new Error('x') }),
    ],
    [
      'a cause two levels down',
      new Error('outer', { cause: new Error('mid', { cause: withCode('', 'EPIPE') }) }),
    ],
  ])('is true for %s', (_name, error) => {
    expect(isPostgresUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "SELEC"', '42601')],
    ['a serialization failure', withCode('could not serialize access', '40001')],
    ['an ordinary bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['an expected failure', new AppError('not_found', 'Not found')],
    ['a string', 'Connection terminated'],
    ['nothing', undefined],
  ])('is false for %s', (_name, error) => {
    expect(isPostgresUnavailable(error)).toBe(false);
  });
});

describe('reportStoreUnavailable', () => {
  const failingWith = (error: unknown): SqlClient => ({
    query: () => Promise.reject(error),
    transaction: async (fn) => fn(failingWith(error)),
    listen: () => Promise.reject(error),
    close: async () => {},
  });

  it('turns a lost database into ServiceUnavailableError (503 service_unavailable), keeping the cause', async () => {
    const cause = withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    const failure = await reportStoreUnavailable(failingWith(cause))
      .query('SELECT 1')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect(failure).toMatchObject({ status: 503, code: 'service_unavailable', cause });
    // The message is for users: nothing about hosts or ports; the logs get the cause.
    expect((failure as Error).message).not.toContain('127.0.0.1');
    expect(messageWithCauses(failure)).toContain('ECONNREFUSED 127.0.0.1:5432');
  });

  it('also inside transactions, wrapping once', async () => {
    const cause = withCode('terminating connection due to administrator command', '57P01');
    const failure = await reportStoreUnavailable(failingWith(cause))
      .transaction((tx) => tx.transaction((inner) => inner.query('SELECT 1')))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as Error).cause).toBe(cause);
  });

  it('passes SQL errors and bugs through unchanged', async () => {
    const unique = withCode('duplicate key value violates unique constraint', '23505');
    await expect(reportStoreUnavailable(failingWith(unique)).query('INSERT')).rejects.toBe(unique);
    const bug = new TypeError('boom');
    await expect(
      reportStoreUnavailable(failingWith(unique)).transaction(() => Promise.reject(bug)),
    ).rejects.toBe(bug);
  });
});

describe('a PostgreSQL server that accepts connections but never answers', () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let url = '';
  beforeAll(async () => {
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    url = `postgres://app@127.0.0.1:${address.port}/app`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    silent.close();
    await once(silent, 'close');
  });

  it(`fails a query after the connect timeout (${DEFAULT_CONNECT_TIMEOUT_MS} ms), not never`, async () => {
    const client = pgPoolClient(url);
    try {
      const started = performance.now();
      const failure = await reportStoreUnavailable(client)
        .query('SELECT 1')
        .catch((error: unknown) => error);
      const elapsed = performance.now() - started;
      expect(failure).toBeInstanceOf(ServiceUnavailableError);
      expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_CONNECT_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(DEFAULT_CONNECT_TIMEOUT_MS + 3_000);
    } finally {
      await client.close();
    }
  }, 15_000);

  it('fails every query of a burst bigger than the pool within the pool-wait bound', async () => {
    const connectTimeoutMillis = 300;
    const poolWaitTimeoutMillis = 1_000;
    const client = reportStoreUnavailable(
      pgPoolClient(url, { max: 2, connectTimeoutMillis, poolWaitTimeoutMillis }),
    );
    try {
      const started = performance.now();
      const failures = await Promise.all(
        Array.from({ length: 10 }, () => client.query('SELECT 1').catch((error: unknown) => error)),
      );
      const elapsed = performance.now() - started;
      for (const failure of failures) expect(failure).toBeInstanceOf(ServiceUnavailableError);
      expect(elapsed).toBeLessThan(poolWaitTimeoutMillis + 1_000);
    } finally {
      await client.close();
    }
  });
});
