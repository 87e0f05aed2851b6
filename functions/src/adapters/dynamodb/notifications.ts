import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationRepository, PushSubscriptionRecord } from '../../ports/notifications';
import { type Item, stringAttribute } from './item-attributes';
import {
  notificationPreferencesKey,
  PUSH_SUBSCRIPTION_PREFIX,
  pushEndpointKey,
  pushSubscriptionKey,
  REFERENCE_PREFIXES,
  referencesPartition,
  userPartition,
} from './keys';
import { queryPrefix } from './query-pages';
import { GSI1, type TableHandle } from './table';
import { transactWrite } from './transactions';

const endpointHash = (endpoint: string) => createHash('sha256').update(endpoint).digest('base64url');

const toSubscription = (item: Item): PushSubscriptionRecord => ({
  id: stringAttribute(item, 'subscriptionId'),
  userId: stringAttribute(item, 'userId'),
  endpoint: stringAttribute(item, 'endpoint'),
  p256dh: stringAttribute(item, 'p256dh'),
  auth: stringAttribute(item, 'auth'),
  createdAt: stringAttribute(item, 'createdAt'),
});

/**
 * Subscriptions as `USER#<id>`/`PUSH#<subscriptionId>` (listed with one consistent Query), each endpoint
 * claimed by `PUSHEP#<sha256(endpoint)>`, which says whose it is (on erasure's inverse index, GSI1). Moving an
 * endpoint to another user deletes the previous owner's item in the same transaction. Preferences are
 * `USER#<id>`/`NOTIFY`. Erasure removes all of them with the user's partition and references.
 */
export function createDynamoDbNotifications(table: TableHandle): NotificationRepository {
  const { client, tableName } = table;

  const forgetClaim = async (endpoint: string, id: string) => {
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: pushEndpointKey(endpointHash(endpoint)),
          ConditionExpression: 'subscriptionId = :id',
          ExpressionAttributeValues: { ':id': id },
        }),
      );
    } catch (error) {
      // The endpoint has moved on to another subscription meanwhile: its claim is not ours to drop.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  const list = async (userId: string) =>
    (await queryPrefix(table, userPartition(userId), PUSH_SUBSCRIPTION_PREFIX))
      .map(toSubscription)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));

  const remove = async (userId: string, id: string) => {
    const { Attributes: old } = await client.send(
      new DeleteCommand({
        TableName: tableName,
        Key: pushSubscriptionKey(userId, id),
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!old) return false;
    await forgetClaim(stringAttribute(old, 'endpoint'), id);
    return true;
  };

  return {
    async addSubscription(record, max) {
      const hash = endpointHash(record.endpoint);
      for (let attempt = 1; ; attempt += 1) {
        const { Item: claim } = await client.send(
          new GetCommand({ TableName: tableName, Key: pushEndpointKey(hash), ConsistentRead: true }),
        );
        const previousOwner = claim ? stringAttribute(claim, 'userId') : null;
        const previousId = claim ? stringAttribute(claim, 'subscriptionId') : null;
        const same = previousOwner === record.userId && previousId !== null;
        const stored: PushSubscriptionRecord = same
          ? { ...record, id: previousId, createdAt: stringAttribute(claim as Item, 'createdAt') }
          : record;
        const reasons = await transactWrite(() =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...pushEndpointKey(hash),
                      entity: 'pushEndpoint',
                      userId: stored.userId,
                      subscriptionId: stored.id,
                      createdAt: stored.createdAt,
                      [GSI1.partitionKey]: referencesPartition(stored.userId),
                      [GSI1.sortKey]: `${REFERENCE_PREFIXES.pushEndpoint}${hash}`,
                    },
                    // Unchanged since read: two users subscribing the same browser at once cannot both win.
                    ...(previousId === null
                      ? { ConditionExpression: 'attribute_not_exists(subscriptionId)' }
                      : {
                          ConditionExpression: 'subscriptionId = :previous',
                          ExpressionAttributeValues: { ':previous': previousId },
                        }),
                  },
                },
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...pushSubscriptionKey(stored.userId, stored.id),
                      entity: 'pushSubscription',
                      subscriptionId: stored.id,
                      userId: stored.userId,
                      endpoint: stored.endpoint,
                      p256dh: stored.p256dh,
                      auth: stored.auth,
                      createdAt: stored.createdAt,
                    },
                  },
                },
                ...(previousOwner !== null && previousId !== null && !same
                  ? [
                      {
                        Delete: { TableName: tableName, Key: pushSubscriptionKey(previousOwner, previousId) },
                      },
                    ]
                  : []),
              ],
            }),
          ),
        );
        if (reasons !== null) {
          if (attempt < 3) continue;
          throw new Error('push subscription kept changing while it was stored');
        }
        const all = await list(record.userId);
        for (const extra of all.slice(0, Math.max(0, all.length - max)))
          await remove(record.userId, extra.id);
        return stored;
      }
    },

    listSubscriptions: list,
    removeSubscription: remove,

    async getPreferences(userId) {
      const { Item: item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: notificationPreferencesKey(userId),
          ConsistentRead: true,
        }),
      );
      if (!item) return null;
      return {
        matches: item.matches === true,
        messages: item.messages === true,
        previews: item.previews === true,
      };
    },

    async putPreferences(userId, preferences, at) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...notificationPreferencesKey(userId),
            entity: 'notificationPreferences',
            ...preferences,
            updatedAt: at,
          },
        }),
      );
    },
  };
}
