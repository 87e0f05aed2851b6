import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeEmailAddress } from '../../domain/email-deliverability';
import type { EmailDeliverabilityRepository } from '../../ports/email-deliverability';
import { stringAttribute } from './item-attributes';
import { emailClaimKey, userKey } from './keys';
import { PARTITION_KEY, type TableHandle } from './table';

/**
 * The `emailDeliverability` attribute of the user item (absent = ok): found through the address's email
 * claim, written only while the user still has that address, and gone with the user item on erasure.
 */
export function createDynamoDbEmailDeliverability({
  client,
  tableName,
}: TableHandle): EmailDeliverabilityRepository {
  return {
    async markByEmail(email, feedback, at) {
      const address = normalizeEmailAddress(email);
      const { Item: claim } = await client.send(
        new GetCommand({ TableName: tableName, Key: emailClaimKey(address), ConsistentRead: true }),
      );
      if (!claim) return null;
      const userId = stringAttribute(claim, 'userId');
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(userId),
            UpdateExpression: 'SET emailDeliverability = :state, emailDeliverabilityAt = :at',
            // A complaint is never turned back into a bounce (domain/email-deliverability.ts); the address
            // must still be the user's (the claim may be read just before an email change).
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND email = :email AND (attribute_not_exists(emailDeliverability) OR emailDeliverability <> :complained)`,
            ExpressionAttributeValues: {
              ':state': feedback,
              ':at': at,
              ':email': address,
              ':complained': 'complained',
            },
          }),
        );
        return userId;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Already complained (nothing to change) or no longer this user's address.
        const { Item: user } = await client.send(
          new GetCommand({ TableName: tableName, Key: userKey(userId), ConsistentRead: true }),
        );
        return user !== undefined && user.email === address ? userId : null;
      }
    },

    async reset(userId) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(userId),
            UpdateExpression: 'REMOVE emailDeliverability, emailDeliverabilityAt',
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
          }),
        );
      } catch (error) {
        // Like an SQL UPDATE that matches no row: an unknown user changes nothing (and creates nothing).
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
