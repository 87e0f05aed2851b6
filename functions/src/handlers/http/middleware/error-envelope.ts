import type { ErrorEnvelope } from '../../../contract/errors';
import { AppError, messageWithCauses } from '../../../domain/errors';
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
 * An unreachable store (`503 service_unavailable`) is expected too, but logged as a warning with its cause.
 */
export const errorEnvelope = (): HttpMiddleware => ({
  onError: (request) => {
    const { error } = request;
    const log = request.context.log ?? request.context.deps?.log;
    if (error instanceof AppError) {
      if (error.status >= 500) log?.warn('service unavailable', { error: messageWithCauses(error) });
      request.response = errorResult(error);
      return;
    }
    log?.error('unhandled error', {
      error: error,
    });
    request.response = errorResult(new AppError('internal', 'Something went wrong; please try again'));
  },
});
