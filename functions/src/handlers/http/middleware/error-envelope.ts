import type { ErrorEnvelope } from '../../../contract/errors';
import { AppError } from '../../../domain/errors';
import type { HttpMiddleware, HttpResult } from './types';

export const errorBody = (error: AppError): ErrorEnvelope => ({
  error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
});

export function errorResult(error: AppError): HttpResult {
  const envelope = errorBody(error);
  return {
    statusCode: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers },
    body: JSON.stringify(envelope),
  };
}

/**
 * The one place errors become responses. Expected failures (AppError) keep their code and message; anything
 * else is a bug: logged with the request id and stack, answered `500 internal` with nothing internal in it.
 */
export const errorEnvelope = (): HttpMiddleware => ({
  onError: (request) => {
    const { error } = request;
    if (error instanceof AppError) {
      request.response = errorResult(error);
      return;
    }
    const log = request.context.log ?? request.context.deps?.log;
    log?.error('unhandled error', {
      error:
        error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error,
    });
    request.response = errorResult(new AppError('internal', 'Something went wrong; please try again'));
  },
});
