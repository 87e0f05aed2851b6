import { type ErrorCode, ErrorEnvelope } from '@dating/functions/contract';
import * as z from 'zod/mini';

/** Messages per field, keyed by the field's path as the API reports it: `email`, `location.lat`, `prompts.0.answer`. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/**
 * The API's codes, plus the two failures that never reach the API's error mapping. Any other string is a code
 * a newer server sends (the contract parses `code` as a plain string so clients keep working).
 */
export type ApiErrorCode = ErrorCode | 'network_error' | 'unexpected_response' | (string & {});

const FieldErrorsSchema = z.record(z.string(), z.array(z.string()));

/** A failed API call, in a shape the UI can show: a message for the form, messages per field. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly retryAfterSeconds: number | null = null,
    options?: ErrorOptions,
    /** The envelope's `details` as sent (e.g. the moderation notice of a refused login). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message, options);
  }
}

const fallbackMessages: Record<number, string> = {
  401: 'Your session has ended. Please log in again.',
  403: 'You are not allowed to do that.',
  404: 'That could not be found.',
  413: 'That is too large to send.',
  429: 'Too many attempts. Please wait a moment and try again.',
};

const fallbackMessage = (status: number) =>
  fallbackMessages[status] ??
  (status >= 500
    ? 'The server is having trouble right now. Please try again in a moment.'
    : 'Something went wrong.');

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : null;
}

/** "40 seconds", "3 minutes": how long a rate-limited user waits, in words. */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Reads the error envelope of a failed response; a body that is not the envelope (a proxy's page) gets a generic message. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const envelope = ErrorEnvelope.safeParse(body);
  if (!envelope.success) {
    return new ApiError(
      response.status,
      'unexpected_response',
      fallbackMessage(response.status),
      {},
      retryAfter,
    );
  }
  const { code, message, details } = envelope.data.error;
  const fields = FieldErrorsSchema.safeParse(details?.fields);
  const shownMessage =
    code === 'rate_limited' && retryAfter !== null
      ? `${message.replace(/\.$/, '')} (about ${describeWait(retryAfter)}).`
      : message;
  return new ApiError(
    response.status,
    code,
    shownMessage,
    fields.success ? fields.data : {},
    retryAfter,
    undefined,
    details ?? {},
  );
}

export const networkError = () =>
  new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');

/** A success whose body fails the contract: the server and this build disagree (often a stale tab after a deploy). */
export const unexpectedResponse = (status: number, cause?: unknown) =>
  new ApiError(
    status,
    'unexpected_response',
    'The server sent an answer this app does not understand. Please reload the page.',
    {},
    null,
    { cause },
  );

/**
 * The server requires a confirmed address before discovery, likes and messages, and this account has not
 * confirmed its address yet (`403 email_unverified`).
 */
export const isEmailUnverified = (error: unknown): boolean =>
  error instanceof ApiError && error.code === 'email_unverified';
