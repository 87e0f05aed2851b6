import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './item-attributes';
import { PARTITION_KEY, SORT_KEY, type TableHandle } from './table';

/** Every item of a partition whose sort key starts with `prefix`, in sort-key order (all pages, consistent). */
export async function queryPrefix(
  { client, tableName }: TableHandle,
  partition: string,
  prefix: string,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
