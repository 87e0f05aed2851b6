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
  close(): Promise<void>;
}

export interface SqlClientOptions {
  /** Every unqualified name resolves in this schema (tests isolate themselves in a fresh one). */
  schema?: string;
}

export interface PgPoolOptions extends SqlClientOptions, Omit<pg.PoolConfig, 'connectionString' | 'options'> {
  /** Errors of idle pooled connections (the pool drops them; the next query reconnects). */
  onIdleError?: (error: Error) => void;
  /** A `listen` session was re-established after it broke (notifications sent meanwhile were lost). */
  onListenReconnect?: () => void;
}

/**
 * How long a query waits for a connection (a new one's TCP connect and startup, or a free one in a busy
 * pool) before it fails: a database that is unreachable without refusing (a dropped route, a hung host)
 * answers requests with an error in this time instead of holding them until the OS gives up.
 */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;

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
  const { schema, onIdleError, onListenReconnect, ...poolConfig } = options;
  const pool = new pg.Pool({
    connectionTimeoutMillis: DEFAULT_CONNECTION_TIMEOUT_MS,
    ...poolConfig,
    connectionString,
    ...(schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(schema)}` }),
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
    close: () => pool.end(),
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
