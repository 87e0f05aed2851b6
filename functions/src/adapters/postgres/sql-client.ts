import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { listenOnDedicatedSession } from './pg-listener';

export interface QueryResult<T> {
  rows: T[];
  /** Rows returned or affected. */
  rowCount: number;
  /** The command tag, e.g. 'UPDATE' (a COMMIT of an aborted transaction answers 'ROLLBACK'). */
  command: string;
}

/**
 * The one seam between the SQL store and its driver (PGlite or `pg`).
 * Inside `transaction`, use only the `tx` handed to `fn`: on PGlite the outer client waits for the
 * transaction to finish, so calling it from inside would wait forever.
 */
export interface SqlClient {
  query<T extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>>;
  /** Commits when `fn` resolves, rolls back when it rejects. Nested calls use savepoints. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /**
   * LISTEN on `channel` (PGlite: in process; a server: a dedicated session that reconnects by itself) until
   * the returned function is called. Send with `SELECT pg_notify(channel, payload)` (< 8000 bytes).
   */
  listen(channel: string, onNotification: (payload: string) => void): Promise<() => Promise<void>>;
  /** A server pool's connections right now (metrics); absent on PGlite, which has one session. */
  poolStats?(): PoolStats;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections open, idle among them, queries waiting for one, and the pool's bound. */
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface SqlClientOptions {
  /** Every unqualified name resolves in this schema (tests isolate themselves in a fresh one). */
  schema?: string;
}

export interface PgPoolOptions
  extends SqlClientOptions,
    Omit<pg.PoolConfig, 'connectionString' | 'options' | 'connectionTimeoutMillis' | 'Client'> {
  /** Bound on opening a new connection (TCP connect and startup); default DEFAULT_CONNECT_TIMEOUT_MS. */
  connectTimeoutMillis?: number;
  /**
   * Bound on waiting for a pooled connection when all of them are busy (0: no bound); default
   * DEFAULT_POOL_WAIT_TIMEOUT_MS. It also bounds a connect, so keep it above `connectTimeoutMillis`.
   */
  poolWaitTimeoutMillis?: number;
  /** Errors of idle pooled connections (the pool drops them; the next query reconnects). */
  onIdleError?: (error: Error) => void;
  /** A `listen` session was re-established after it broke (notifications sent meanwhile were lost). */
  onListenReconnect?: () => void;
}

/**
 * How long opening a connection (TCP connect and startup) may take before the query that needed it fails: a
 * database that is unreachable without refusing (a dropped route, a hung host) answers requests with an error
 * in this time instead of holding them until the OS gives up.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * How long a query may wait for a free connection when every pooled one is busy. node-postgres bounds this
 * wait and a new connection's connect with ONE pool option, `connectionTimeoutMillis` (pg-pool's `connect()`
 * arms that timer for a queued request too, brianc/node-postgres#2712): set to the 5 s connect bound, a load
 * burst that queues past 5 s failed queries against a healthy database and dropped realtime deliveries. So the
 * two are separate here: the connect bound is the `Client`'s own `connectionTimeoutMillis` (pg's `Client`
 * times its connect itself), and the pool's option is only the queue's bound. A queue is a burst's buffer, so
 * its bound is longer; it stays bounded (below API Gateway's 30 s and a browser's patience), so a pool that
 * cannot get work done (a hung host holding every connection) still answers 503s rather than hanging.
 */
export const DEFAULT_POOL_WAIT_TIMEOUT_MS = 20_000;

type QueryFn = <T extends object>(text: string, params?: readonly unknown[]) => Promise<QueryResult<T>>;

/** Double-quoted identifier; only plain lowercase names, so nothing needs escaping anywhere. */
export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  }
  return `"${name}"`;
}

/** In-process PostgreSQL; `dataDir` undefined keeps everything in memory. */
export async function pgliteClient(
  dataDir: string | undefined,
  options: SqlClientOptions = {},
): Promise<SqlClient> {
  const db = await PGlite.create(dataDir);
  const query: QueryFn = async <T extends object>(text: string, params: readonly unknown[] = []) => {
    const result = await db.query<T>(text, [...params]);
    return {
      rows: result.rows,
      rowCount: result.affectedRows ?? result.rows.length,
      command: result.command ?? '',
    };
  };
  if (options.schema !== undefined) {
    await query(`SET search_path TO ${quoteIdentifier(options.schema)}`);
  }
  // PGlite is one session: everything queues, so no caller's statement lands inside another's transaction.
  const exclusive = serialQueue();
  return {
    query: (text, params) => exclusive(() => query(text, params)),
    transaction: (fn) => exclusive(() => inTransaction(query, fn, () => undefined)),
    listen: async (channel, onNotification) => {
      const unlisten = await exclusive(() => db.listen(channel, onNotification));
      return () => exclusive(() => unlisten());
    },
    close: () => exclusive(() => db.close()),
  };
}

/** A `pg.Pool` against a real PostgreSQL server. */
export function pgPoolClient(connectionString: string, options: PgPoolOptions = {}): SqlClient {
  const {
    schema,
    onIdleError,
    onListenReconnect,
    connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MS,
    poolWaitTimeoutMillis = DEFAULT_POOL_WAIT_TIMEOUT_MS,
    ...poolConfig
  } = options;
  const pool = new pg.Pool({
    ...poolConfig,
    connectionString,
    ...(schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(schema)}` }),
    // The pool hands its whole config to each Client it creates: the Client class sets its own connect bound.
    connectionTimeoutMillis: poolWaitTimeoutMillis,
    Client: clientWithConnectTimeout(connectTimeoutMillis),
  });
  pool.on('error', (error) => onIdleError?.(error));
  const queryOn =
    (session: pg.Pool | pg.PoolClient): QueryFn =>
    async <T extends object>(text: string, params: readonly unknown[] = []) => {
      const result = await session.query<T>(text, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length, command: result.command };
    };
  return {
    query: queryOn(pool),
    transaction: async (fn) => {
      const connection = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client has no listener of the pool's: when the server ends the session (a restart,
      // `pg_terminate_backend`) between or during our queries, its 'error' event would crash the process.
      // The failing query rejects anyway; the broken connection is destroyed on release.
      const onSessionError = (error: Error) => {
        broken ??= error;
      };
      connection.on('error', onSessionError);
      try {
        return await inTransaction(queryOn(connection), fn, (error) => {
          broken ??= error;
        });
      } finally {
        connection.off('error', onSessionError);
        // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
        connection.release(broken);
      }
    },
    listen: (channel, onNotification) =>
      listenOnDedicatedSession(connectionString, channel, onNotification, {
        ...(onIdleError ? { onError: onIdleError } : {}),
        ...(onListenReconnect ? { onReconnect: onListenReconnect } : {}),
      }),
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
    }),
    close: () => pool.end(),
  };
}

/** A `pg.Client` whose connect gives up after `timeoutMillis` (pg then fails it with "timeout expired"). */
function clientWithConnectTimeout(timeoutMillis: number) {
  return class ClientWithConnectTimeout extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: timeoutMillis });
    }
  };
}

async function inTransaction<T>(
  query: QueryFn,
  fn: (tx: SqlClient) => Promise<T>,
  onRollbackFailed: (error: Error) => void,
): Promise<T> {
  await query('BEGIN');
  try {
    const result = await fn(transactionClient(query, 1));
    const commit = await query('COMMIT');
    // PostgreSQL answers COMMIT of an aborted transaction with a silent ROLLBACK.
    if (commit.command === 'ROLLBACK')
      throw new Error('transaction was aborted by an earlier error and rolled back');
    return result;
  } catch (error) {
    await query('ROLLBACK').catch((rollbackError: unknown) => {
      onRollbackFailed(rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)));
    });
    throw error;
  }
}

function transactionClient(query: QueryFn, depth: number): SqlClient {
  return {
    query,
    transaction: async (fn) => {
      const savepoint = `sp_${depth}`;
      await query(`SAVEPOINT ${savepoint}`);
      try {
        const result = await fn(transactionClient(query, depth + 1));
        await query(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      }
    },
    listen: () => Promise.reject(new Error('LISTEN on the client, not inside a transaction')),
    close: () =>
      Promise.reject(new Error('close the client that opened the transaction, not the transaction')),
  };
}

function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}
