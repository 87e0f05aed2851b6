import type { ApiTarget } from '../api/api-targets';
import { dynamoDbLocalUnavailableReason } from '../support/dynamodb-local';
import { startLambdaApi } from './lambda-harness';

/** The API suites' second world: API Gateway events into the AWS entry handlers, on DynamoDB Local + s3rver. */
export const lambdaTarget: ApiTarget = {
  name: 'Lambda mode, DynamoDB Local',
  start: () => startLambdaApi(),
};

/**
 * `[lambdaTarget]` where DynamoDB Local can run (Java 17+), else `[]` with a visible reason; with
 * REQUIRE_SERVICES=1 (CI) a missing Java is an error, not a skip.
 */
export function lambdaTargets(): ApiTarget[] {
  const unavailable = dynamoDbLocalUnavailableReason();
  if (unavailable === null) return [lambdaTarget];
  if (process.env.REQUIRE_SERVICES === '1') {
    throw new Error(
      `REQUIRE_SERVICES=1 but DynamoDB Local (Lambda mode, lab STORE=dynamodb) cannot run: ${unavailable}`,
    );
  }
  console.warn(
    `Skipping the API suites' worlds on DynamoDB Local (Lambda mode, lab STORE=dynamodb): ${unavailable}`,
  );
  return [];
}
