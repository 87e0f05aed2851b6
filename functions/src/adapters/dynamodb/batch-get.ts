import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors';
import type { Item } from './item-attributes';
import type { ItemKey } from './keys';
import { jitteredBackoff, MAX_ATTEMPTS } from './retry-backoff';
import type { TableHandle } from './table';

/** BatchGetItem takes at most 100 keys per request. */
export const BATCH_GET_LIMIT = 100;

/**
 * Reads the items of `keys` (missing ones are simply absent): one BatchGetItem per 100 keys, all in
 * parallel. Keys DynamoDB leaves unprocessed (throttling) are retried with backoff; that is the only way
 * this sends more than ceil(keys / 100) requests.
 */
export async function batchGetItems(
  { client, tableName }: TableHandle,
  keys: readonly ItemKey[],
  options: { consistentRead?: boolean; projection?: readonly string[] } = {},
): Promise<Item[]> {
  const chunks: ItemKey[][] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    chunks.push(keys.slice(start, start + BATCH_GET_LIMIT));
  }
  const projection = options.projection
    ? {
        ProjectionExpression: options.projection.map((_, index) => `#p${index}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(
          options.projection.map((name, index) => [`#p${index}`, name]),
        ),
      }
    : {};
  const readChunk = async (chunk: ItemKey[]): Promise<Item[]> => {
    const found: Item[] = [];
    let pending: Record<string, unknown>[] = chunk.map((key) => ({ ...key }));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const { Responses, UnprocessedKeys } = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: pending, ConsistentRead: options.consistentRead ?? false, ...projection },
          },
        }),
      );
      found.push(...(Responses?.[tableName] ?? []));
      pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length === 0) break;
      if (attempt === MAX_ATTEMPTS) {
        const cause = new Error('BatchGetItem: keys stayed unprocessed (throttled)');
        throw new ServiceUnavailableError({ cause });
      }
      await jitteredBackoff(attempt);
    }
    return found;
  };
  return (await Promise.all(chunks.map(readChunk))).flat();
}
