import { type ErrorCode, errorStatus } from '../contract/errors';

/**
 * An expected failure: it carries the API error code, and its message is safe to show to users.
 * Anything that is not an AppError is a bug and is answered `500 internal` without details.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorStatus[code];
  }
}

/**
 * The store (or another dependency) cannot be reached right now, e.g. the database is restarting: answered
 * `503 service_unavailable` so clients retry (idempotent writes make that safe). `cause` keeps the driver's
 * error for the logs; it never reaches a response.
 */
export class ServiceUnavailableError extends AppError {
  constructor(options: { cause?: unknown } = {}) {
    super('service_unavailable', 'The service is temporarily unavailable; please try again shortly');
    this.name = 'ServiceUnavailableError';
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** An error's message followed by its causes' (for logs: causes may name hosts and ports). */
export function messageWithCauses(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  if (error.cause === undefined || depth >= 4) return error.message;
  return `${error.message} (${messageWithCauses(error.cause, depth + 1)})`;
}

export const notFound = (what = 'Not found') => new AppError('not_found', what);
export const unauthorized = (message = 'Authentication required') => new AppError('unauthorized', message);
