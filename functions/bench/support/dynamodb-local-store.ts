import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbStore } from '../../src/adapters/dynamodb/store';
import { createTable } from '../../src/adapters/dynamodb/table';
import type { Store } from '../../src/ports/repositories';
import { dynamoDbLocalClientConfig, dynamoDbLocalUnavailableReason } from '../../test/support/dynamodb-local';
import { startDynamoDbLocalPatiently } from './dynamodb-local-patient';
import { type DynamoDbMeter, meterDynamoDb } from './dynamodb-meter';

export interface MeteredDynamoDbStore {
  store: Store;
  /** Counts the store's requests and the capacity they consume. */
  meter: DynamoDbMeter;
  /** A second, unmetered client on the same table: for seeding, so seeding never shows up in the meter. */
  seedClient: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
}

/**
 * A fresh DynamoDB Local (in memory, on a free port), the app's table (`createTable`, the same definition the
 * CDK stack deploys) and the DynamoDB store on a metered client. Throws when Java cannot run DynamoDB Local.
 */
export async function openMeteredDynamoDbStore(): Promise<MeteredDynamoDbStore> {
  const unavailable = dynamoDbLocalUnavailableReason();
  if (unavailable !== null) throw new Error(`DynamoDB Local cannot run here: ${unavailable}`);
  const local = await startDynamoDbLocalPatiently();
  try {
    const tableName = 'bench-table';
    const client = new DynamoDBClient(dynamoDbLocalClientConfig(local.endpoint));
    await createTable(client, tableName);
    const meter = meterDynamoDb(client);
    const seedClient = new DynamoDBClient({ ...dynamoDbLocalClientConfig(local.endpoint), maxAttempts: 8 });
    const store = createDynamoDbStore({ client: DynamoDBDocumentClient.from(client), tableName });
    return {
      store,
      meter,
      seedClient,
      tableName,
      async close() {
        try {
          await store.close();
          seedClient.destroy();
        } finally {
          await local.stop();
        }
      },
    };
  } catch (error) {
    await local.stop();
    throw error;
  }
}
