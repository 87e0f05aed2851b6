import { openDynamoDbTestStore } from '../support/dynamodb-store';
import { startTestServer, TEST_JWT_SECRET } from '../support/lab-server';
import type { ApiTarget } from './api-targets';

/**
 * The lab runtime on the DynamoDB adapter (`STORE=dynamodb`), here on DynamoDB Local: proves the lab gateway
 * and the single-table adapter work together. Photos stay on disk (BLOBS=fs): the suites' photo fixtures
 * upload through the lab's emulated POST endpoint; BLOBS=s3 in the lab is covered by the photos API suite.
 */
export const labDynamoDbTarget: ApiTarget = {
  name: 'lab runtime, STORE=dynamodb (DynamoDB Local)',
  async start() {
    const dynamo = await openDynamoDbTestStore();
    const server = await startTestServer({ store: dynamo.store });
    const { auth } = server.deps.config;
    return {
      url: server.url,
      fetch: (input, init) => fetch(input, init),
      auth: {
        secret: new TextEncoder().encode(TEST_JWT_SECRET),
        issuer: auth.issuer,
        audience: auth.audience,
      },
      async close() {
        await server.close(); // closes the store
        await dynamo.dispose().catch(() => undefined);
      },
    };
  },
};
