import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './item-attributes';
import { GSI2, type TableHandle } from './table';

/**
 * One page of a GSI2 list (matches by activity, blocks by time), newest first, strictly before `beforeSortKey`
 * when paging on: one Query, whatever the page size.
 */
export async function newestFirstPage(
  { client, tableName }: TableHandle,
  partition: string,
  limit: number,
  beforeSortKey?: string,
): Promise<Item[]> {
  const paging = beforeSortKey !== undefined;
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: GSI2.indexName,
      KeyConditionExpression: paging ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI2.partitionKey, ...(paging ? { '#sk': GSI2.sortKey } : {}) },
      ExpressionAttributeValues: { ':pk': partition, ...(paging ? { ':before': beforeSortKey } : {}) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items;
}
