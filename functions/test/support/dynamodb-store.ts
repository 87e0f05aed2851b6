import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbStore } from '../../src/adapters/dynamodb/store';
import { createTable } from '../../src/adapters/dynamodb/table';
import type { Store } from '../../src/ports/repositories';
import { type DynamoDbLocal, dynamoDbLocalClientConfig, startDynamoDbLocal } from './dynamodb-local';

export interface DynamoDbTestStore {
  store: Store;
  /** The table under the store, for tests that must write an item the store itself no longer writes. */
  table: { document: DynamoDBDocumentClient; tableName: string };
  /** Names of the DynamoDB commands sent since the last `resetRequests`, in order (e.g. 'QueryCommand'). */
  requests(): string[];
  resetRequests(): void;
  /** Every item of the table: a Scan, which tests may send and the store's code never does. */
  scanAll(): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

/**
 * A fresh table on a DynamoDB Local of its own, and a record of every request the store sends: a middleware on
 * the client sees each attempt on the wire (retries included).
 */
export async function openDynamoDbTestStore(): Promise<DynamoDbTestStore> {
  const local: DynamoDbLocal = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient(dynamoDbLocalClientConfig(local.endpoint));
    const tableName = `test-${randomBytes(6).toString('hex')}`;
    await createTable(client, tableName);
    let sent: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      // Inside the retry middleware: every attempt on the wire counts.
      { step: 'finalizeRequest', priority: 'low', name: 'countRequests' },
    );
    const document = DynamoDBDocumentClient.from(client);
    const store = createDynamoDbStore({ client: document, tableName });
    return {
      store,
      table: { document, tableName },
      requests: () => [...sent],
      resetRequests: () => {
        sent = [];
      },
      async scanAll() {
        const items: Record<string, unknown>[] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await document.send(
            new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
          );
          items.push(...(page.Items ?? []));
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return items;
      },
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
}
