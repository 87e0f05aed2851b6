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

export const notFound = (what = 'Not found') => new AppError('not_found', what);
export const unauthorized = (message = 'Authentication required') => new AppError('unauthorized', message);
