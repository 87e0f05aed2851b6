import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/** A TCP connect to DynamoDB takes milliseconds in-region; no connection after this long: unreachable. */
export const DYNAMODB_CONNECTION_TIMEOUT_MS = 1_000;
/**
 * One attempt, connect to last byte. DynamoDB answers single-item requests in milliseconds and a 1 MB Query
 * page or a 100-item transaction in well under a second, so this only cuts requests that are stuck.
 */
export const DYNAMODB_REQUEST_TIMEOUT_MS = 2_000;
/** The first try and two retries. */
export const DYNAMODB_MAX_ATTEMPTS = 3;

/**
 * The DynamoDB client's timeouts and retries, on Lambda and in the lab alike (`new DynamoDBClient({ region,
 * ...dynamoDbClientDefaults })`).
 *
 * Without them an SDK request has no time limit at all: NodeHttpHandler's `requestTimeout` only logs a
 * warning unless `throwOnRequestTimeout` is set, and no socket timeout applies by default. A DynamoDB endpoint
 * that accepts connections and never answers would then hold the request until the Lambda function times out
 * (or, in the lab, for ever), and the client would get API Gateway's own error instead of our 503 envelope.
 *
 * Worst case for one call: 3 attempts x 2 s + the standard retry backoff (at most 50 + 100 ms for transient
 * errors; for throttling at most 1 + 2 s, but throttled attempts answer at once) ~ 6.2 s, when the endpoint
 * accepts and never answers; ~3.2 s when connects hang; a refused connect fails at once. A request whose
 * store is gone fails at its first call (the error ends the use case), so it answers `503
 * service_unavailable` within the API functions' default timeout (10 s, `apiTimeoutSeconds`) and far below
 * API Gateway's 29 s. The SDK's retry quota also stops retrying once failures pile up during an outage, so
 * later requests fail faster.
 */
export const dynamoDbClientDefaults = {
  maxAttempts: DYNAMODB_MAX_ATTEMPTS,
  requestHandler: {
    connectionTimeout: DYNAMODB_CONNECTION_TIMEOUT_MS,
    requestTimeout: DYNAMODB_REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
  },
} satisfies Partial<DynamoDBClientConfig>;
