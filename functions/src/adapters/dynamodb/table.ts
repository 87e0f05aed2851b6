import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Attribute and index names of the single table, shared with the CDK stack. */
export const PARTITION_KEY = 'PK';
export const SORT_KEY = 'SK';
export const GSI1 = { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' } as const;
export const GSI2 = { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' } as const;
/** Epoch seconds (a NUMBER); records keep their ISO expiry under another attribute name. */
export const TTL_ATTRIBUTE = 'expiresAt';

const globalSecondaryIndex = (index: typeof GSI1 | typeof GSI2) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/** The table as data; `createTable` and the CDK stack both build from it. */
export const tableDefinition = {
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    PARTITION_KEY,
    SORT_KEY,
    GSI1.partitionKey,
    GSI1.sortKey,
    GSI2.partitionKey,
    GSI2.sortKey,
  ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
  KeySchema: [
    { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
    { AttributeName: SORT_KEY, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [globalSecondaryIndex(GSI1), globalSecondaryIndex(GSI2)],
} satisfies Omit<CreateTableCommandInput, 'TableName'>;

/** Creates the table (or adopts an existing one), waits until it is ACTIVE and makes sure TTL is on. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand({ ...tableDefinition, TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
  // UpdateTimeToLive fails when TTL is already enabled, so only ask when it is not.
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}

/** What every repository needs: the document client and the table it works on. */
export interface TableHandle {
  client: DynamoDBDocumentClient;
  tableName: string;
}
