import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Item } from './item-attributes';
import { PARTITION_KEY, SORT_KEY, type TableHandle } from './table';

export type PagedQueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/**
 * Every page of one Query, in order: the caller acts on each page before the next one is read, so a long
 * partition never sits in memory at once. `startKey` starts after that key (an exclusive cursor).
 */
export async function* queryPages(
  { client, tableName }: TableHandle,
  input: PagedQueryInput,
  startKey?: Item,
): AsyncGenerator<QueryCommandOutput> {
  let next: Item | undefined = startKey;
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({ ...input, TableName: tableName, ...(next ? { ExclusiveStartKey: next } : {}) }),
    );
    yield page;
    next = page.LastEvaluatedKey;
  } while (next);
}

/** Every item of a partition whose sort key starts with `prefix`, in sort-key order (all pages, consistent). */
export async function queryPrefix(table: TableHandle, partition: string, prefix: string): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(table, {
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
    ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
    ConsistentRead: true,
  })) {
    items.push(...(page.Items ?? []));
  }
  return items;
}
