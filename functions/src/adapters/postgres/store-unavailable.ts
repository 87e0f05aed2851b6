import { ServiceUnavailableError } from '../../domain/errors';
import { NETWORK_ERROR_CODES } from '../network-failures';
import type { SqlClient } from './sql-client';

/**
 * SQLSTATEs saying the server cannot serve the session right now, not that the statement is wrong:
 * admin_shutdown (a fast stop terminates sessions), crash_shutdown, cannot_connect_now (starting up or
 * shutting down), too_many_connections, idle_session_timeout; and all of class 08, connection exception.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '53300']);

/** The `pg` driver's own errors for a lost or impossible connection carry no code, only these messages. */
const DRIVER_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or "due to connection timeout"
  /^timeout exceeded when trying to connect/, // the pool's bound on waiting for a connection
  /^timeout expired$/, // a Client's own connect bound (sql-client.ts sets it apart from the pool's)
  /^Client has encountered a connection error and is not queryable/,
  /^Query read timeout/,
];

/** True when `error` means the database cannot be reached (retry later), not that a statement failed. */
export function isPostgresUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = 'code' in error ? error.code : undefined;
  if (typeof code === 'string') {
    if (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
      return true;
  }
  if (DRIVER_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  // Node reports a refused connect to every address of a name (localhost: ::1 and 127.0.0.1) as one AggregateError.
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isPostgresUnavailable(inner, depth + 1))
  ) {
    return true;
  }
  return isPostgresUnavailable(error.cause, depth + 1);
}

const translate = (error: unknown): unknown =>
  error instanceof ServiceUnavailableError || !isPostgresUnavailable(error)
    ? error
    : new ServiceUnavailableError({ cause: error });

/**
 * The client as the repositories use it: a database that cannot be reached fails with
 * ServiceUnavailableError (503 `service_unavailable`, retry later) instead of the driver's error, which
 * would be a `500 internal` as if it were a bug. SQL errors (constraints, syntax...) pass through unchanged.
 */
export function reportStoreUnavailable(client: SqlClient): SqlClient {
  return {
    query: async <T extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
      try {
        return await client.query<T>(text, params);
      } catch (error) {
        throw translate(error);
      }
    },
    transaction: async (fn) => {
      try {
        return await client.transaction((tx) => fn(reportStoreUnavailable(tx)));
      } catch (error) {
        throw translate(error);
      }
    },
    listen: (channel, onNotification) => client.listen(channel, onNotification),
    close: () => client.close(),
  };
}
