import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, it } from 'vitest';
import { createDynamoDbStore } from '../../src/adapters/dynamodb/dynamodb-store';
import { createTable } from '../../src/adapters/dynamodb/table';
import {
  dynamoDbLocalClientConfig,
  dynamoDbLocalUnavailableReason,
  startDynamoDbLocal,
} from '../support/dynamodb-local';
import { describeStoreContract } from './store-contract';

const unavailable = dynamoDbLocalUnavailableReason();

if (unavailable !== null && process.env.REQUIRE_SERVICES === '1') {
  throw new Error(`REQUIRE_SERVICES=1 but DynamoDB Local cannot run: ${unavailable}`);
}

if (unavailable !== null) {
  console.warn(`Skipping the DynamoDB store contract: ${unavailable}`);
  describe.skip(`store contract: DynamoDB Local (skipped: ${unavailable})`, () => {
    it('runs the whole store contract against DynamoDB Local', () => {});
  });
} else {
  describeStoreContract('DynamoDB Local', async () => {
    const local = await startDynamoDbLocal();
    try {
      const client = new DynamoDBClient(dynamoDbLocalClientConfig(local.endpoint));
      const tableName = `test-${randomBytes(6).toString('hex')}`;
      await createTable(client, tableName);
      const store = createDynamoDbStore({ client: DynamoDBDocumentClient.from(client), tableName });
      return {
        store,
        async dispose() {
          try {
            await client.send(new DeleteTableCommand({ TableName: tableName }));
            await store.close();
          } finally {
            await local.stop();
          }
        },
      };
    } catch (error) {
      await local.stop();
      throw error;
    }
  });
}
