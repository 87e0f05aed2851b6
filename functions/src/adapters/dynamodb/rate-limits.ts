import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimitRepository } from '../../ports/rate-limits';
import { asNumber } from './item-attributes';
import { rateCounterKey } from './keys';
import { PARTITION_KEY, type TableHandle, TTL_ATTRIBUTE } from './table';

export function createDynamoDbRateLimits({ client, tableName }: TableHandle): RateLimitRepository {
  return {
    async hit(key, windowStart, windowSeconds) {
      // ADD is atomic on the server: concurrent Lambdas never lose a hit.
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: rateCounterKey(key, windowStart),
          UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :expires)',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':expires': windowStart + windowSeconds },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return asNumber(Attributes?.count, 'count');
    },
    async release(key, windowStart) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: rateCounterKey(key, windowStart),
            UpdateExpression: 'ADD #count :minusOne',
            // Never creates a counter, never goes below 0.
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND #count > :zero`,
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
