import { describe } from 'vitest';
import { dynamoDbLocalSkipReason } from '../support/dynamodb-local';
import { openDynamoDbTestStore } from '../support/dynamodb-store';
import { dynamoDbRows } from '../support/stored-rows';
import { describeStoreContract } from './store-contract';

const unavailable = dynamoDbLocalSkipReason();

describe.skipIf(unavailable !== null)(
  `store contract: DynamoDB Local${unavailable === null ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    describeStoreContract('DynamoDB Local', async () => {
      const { store, dispose, scanAll, requests, resetRequests } = await openDynamoDbTestStore();
      return {
        store,
        rows: async () => dynamoDbRows(await scanAll()),
        requests: { names: requests, reset: resetRequests },
        dispose,
      };
    });
  },
);
