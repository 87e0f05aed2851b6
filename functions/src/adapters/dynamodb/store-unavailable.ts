import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';
import { NETWORK_ERROR_CODES } from '../network-failures';

/**
 * Error names saying DynamoDB cannot serve us right now (retry later), not that the request is wrong. They
 * reach us after the SDK's own retries (client-config.ts) gave up:
 * - throttling: the table's or account's throughput (`ProvisionedThroughputExceededException`,
 *   `RequestLimitExceeded`), the service's (`ThrottlingException`; `Throttling`, `TooManyRequestsException`
 *   as other AWS front ends and emulators spell it);
 * - the service failing: `InternalServerError`, `ServiceUnavailable` (and the `...Exception`/`InternalFailure`
 *   spellings of the common AWS errors);
 * - timeouts: the SDK's connection and request timeouts (`TimeoutError`), the service's `RequestTimeout`.
 */
const UNAVAILABLE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** A transaction cancelled only because an item was throttled (the SDK does not retry these). */
const THROTTLED_CANCELLATIONS: ReadonlySet<string> = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

const httpStatusOf = (error: Error): number | undefined => {
  const metadata: unknown = '$metadata' in error ? error.$metadata : undefined;
  if (typeof metadata !== 'object' || metadata === null || !('httpStatusCode' in metadata)) return undefined;
  return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
};

/**
 * True when `error` means DynamoDB cannot be reached or cannot serve us right now: throttling, a server-side
 * failure (any 5xx answer), a timeout, or a network error (ECONNREFUSED, ETIMEDOUT, `socket hang up`...);
 * also a transaction cancelled only for throttling. False for everything the request itself caused
 * (validation, conditions, a missing table, credentials) and for bugs.
 */
export function isDynamoDbUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  if (error instanceof ServiceUnavailableError || UNAVAILABLE_ERROR_NAMES.has(error.name)) return true;
  const code = 'code' in error ? error.code : undefined;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 500) return true;
  if (error instanceof TransactionCanceledException) {
    const codes = (error.CancellationReasons ?? [])
      .map((reason) => reason.Code ?? 'None')
      .filter((reasonCode) => reasonCode !== 'None');
    return codes.length > 0 && codes.every((reasonCode) => THROTTLED_CANCELLATIONS.has(reasonCode));
  }
  // Node reports a refused connect to every address of a name (localhost: ::1 and 127.0.0.1) as one AggregateError.
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDynamoDbUnavailable(inner, depth + 1))
  )
    return true;
  return isDynamoDbUnavailable(error.cause, depth + 1);
}

/** The unavailability as a ServiceUnavailableError (503, keeping the SDK's error as its cause), else as is. */
export const translateDynamoDbError = (error: unknown): unknown =>
  error instanceof ServiceUnavailableError || !isDynamoDbUnavailable(error)
    ? error
    : new ServiceUnavailableError({ cause: error });

const MIDDLEWARE_NAME = 'reportDynamoDbUnavailability';

/**
 * Makes every request of this document client fail with ServiceUnavailableError (503 `service_unavailable`,
 * retry later) instead of the SDK's error, which would be a `500 internal` as if it were a bug, when DynamoDB
 * is unreachable, throttling or failing. The one place for the whole adapter: a middleware at the outermost
 * step (`initialize`), so it sees the final error after the SDK's retries; conditional check failures,
 * validation errors and bugs pass through unchanged.
 *
 * The document client shares its middleware stack with the DynamoDBClient it wraps, so this changes that
 * client too (the store owns both); adding it again replaces it (`override`), never stacks it twice.
 */
export function reportStoreUnavailable(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw translateDynamoDbError(error);
      }
    },
    { step: 'initialize', priority: 'high', name: MIDDLEWARE_NAME, override: true },
  );
  return client;
}
