import { lambdaTargets } from '../lambda/lambda-target';
import { startTestServer, TEST_JWT_SECRET } from '../support/lab-server';
import { labDynamoDbTarget } from './lab-dynamodb-target';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RunningApi {
  url: string;
  /** How requests reach the API: real HTTP for the lab runtime, in-process events for Lambda mode. */
  fetch: FetchLike;
  /** What the server signs access tokens with, so tests can forge expired or foreign ones. */
  auth: { secret: Uint8Array; issuer: string; audience: string };
  close(): Promise<void>;
}

export interface ApiTarget {
  name: string;
  start(): Promise<RunningApi>;
}

/** The lab runtime over real HTTP, on in-memory PGlite. */
export const labTarget: ApiTarget = {
  name: 'lab runtime, PGlite',
  async start() {
    const server = await startTestServer();
    const { auth } = server.deps.config;
    return {
      url: server.url,
      fetch: (input, init) => fetch(input, init),
      auth: {
        secret: new TextEncoder().encode(TEST_JWT_SECRET),
        issuer: auth.issuer,
        audience: auth.audience,
      },
      close: () => server.close(),
    };
  },
};

/**
 * Every world the API end-to-end suites run in: the lab runtime, and Lambda mode (API Gateway events into the
 * AWS entry handlers, on DynamoDB Local and s3rver; test/lambda/lambda-harness.ts) and the lab runtime on the
 * AWS adapters (STORE=dynamodb BLOBS=s3), both where Java can run DynamoDB Local.
 */
const withDynamoDbLocal = lambdaTargets();
export const apiTargets: ApiTarget[] = [
  labTarget,
  ...withDynamoDbLocal,
  ...(withDynamoDbLocal.length > 0 ? [labDynamoDbTarget] : []),
];
