import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { orderPair } from '../../domain/pairs';
import type { UserRecord } from '../../domain/records';
import type { UserRepository } from '../../ports/repositories';
import { type Item, oneOfAttribute, stringAttribute } from './item-attributes';
import {
  CONNECTION_PREFIX,
  connectionKey,
  conversationPartition,
  emailClaimKey,
  type ItemKey,
  matchKey,
  matchSideKey,
  pairKey,
  REPORT_PREFIX,
  userKey,
  userPartition,
} from './keys';
import { PARTITION_KEY, SORT_KEY, type TableHandle } from './table';
import { conditionFailed, transactWrite } from './transactions';

const USER_STATUSES = ['active', 'suspended'] as const;

const userItem = (user: UserRecord): Item => ({
  ...userKey(user.id),
  entity: 'user',
  id: user.id,
  email: user.email,
  passwordHash: user.passwordHash,
  status: user.status,
  createdAt: user.createdAt,
});

const toUser = (item: Item): UserRecord => ({
  id: stringAttribute(item, 'id'),
  email: stringAttribute(item, 'email'),
  passwordHash: stringAttribute(item, 'passwordHash'),
  status: oneOfAttribute(item, 'status', USER_STATUSES),
  createdAt: stringAttribute(item, 'createdAt'),
});

const BATCH_WRITE_LIMIT = 25;

const keyOf = (item: Item): ItemKey => ({
  [PARTITION_KEY]: stringAttribute(item, PARTITION_KEY),
  [SORT_KEY]: stringAttribute(item, SORT_KEY),
});

/** Deletes the keys with BatchWriteItem (25 a call), retrying what DynamoDB leaves unprocessed. */
async function deleteAll({ client, tableName }: TableHandle, keys: readonly ItemKey[]): Promise<void> {
  const unique = [...new Map(keys.map((k) => [`${k[PARTITION_KEY]}\u0000${k[SORT_KEY]}`, k])).values()];
  for (let start = 0; start < unique.length; start += BATCH_WRITE_LIMIT) {
    let requests = unique
      .slice(start, start + BATCH_WRITE_LIMIT)
      .map((Key) => ({ DeleteRequest: { Key: { ...Key } as Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error('BatchWriteItem left items unprocessed');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }] : [],
      );
    }
  }
}

/** Every item of a partition (all pages, consistent). */
async function queryPartition({ client, tableName }: TableHandle, partition: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        ExpressionAttributeValues: { ':pk': partition },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The other user named by a `SWIPE#<id>`, `BLOCK#<id>` or `MATCH#<id>` sort key of the user's partition. */
const PAIR_PREFIXES = ['SWIPE#', 'BLOCK#', 'MATCH#'];

export function createDynamoDbUserRepository(table: TableHandle): UserRepository {
  const { client, tableName } = table;
  const getUser = async (id: string) => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: userKey(id), ConsistentRead: true }),
    );
    return item ? toUser(item) : null;
  };

  return {
    async create(user) {
      const mustBeNew = `attribute_not_exists(${PARTITION_KEY})`;
      const reasons = await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: userItem(user),
                  ConditionExpression: mustBeNew,
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...emailClaimKey(user.email), entity: 'emailClaim', userId: user.id },
                  ConditionExpression: mustBeNew,
                },
              },
            ],
          }),
        ),
      );
      if (reasons === null) return 'created';
      if (conditionFailed(reasons, 1)) return 'email_taken';
      throw new Error(`user ${user.id} already exists`);
    },

    findById: getUser,

    async findByEmail(email) {
      const { Item: claim } = await client.send(
        new GetCommand({ TableName: tableName, Key: emailClaimKey(email), ConsistentRead: true }),
      );
      return claim ? getUser(stringAttribute(claim, 'userId')) : null;
    },

    async updatePasswordHash(id, passwordHash) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey(id),
            UpdateExpression: 'SET passwordHash = :passwordHash',
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
            ExpressionAttributeValues: { ':passwordHash': passwordHash },
          }),
        );
      } catch (error) {
        // Like an SQL UPDATE that matches no row: an unknown user changes nothing (and creates nothing).
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async eraseUser(id) {
      // README "Erasure": everything in the user's partition (profile with its discovery index keys, photos,
      // refresh families, audit events, swipes, match sides, blocks, connections, discovery cursor) except
      // reports (kept for moderation), plus what those items point at: the email claim, each pair item,
      // each match header, the other side's match item, every item of the match's conversation partition,
      // and the connections' by-id items.
      const user = await getUser(id);
      const own = await queryPartition(table, userPartition(id));
      const keys: ItemKey[] = [];
      const others = new Set<string>();
      for (const item of own) {
        const sortKey = stringAttribute(item, SORT_KEY);
        if (sortKey.startsWith(REPORT_PREFIX)) continue;
        keys.push(keyOf(item));
        const prefix = PAIR_PREFIXES.find((p) => sortKey.startsWith(p));
        if (prefix) others.add(sortKey.slice(prefix.length));
        if (sortKey.startsWith(CONNECTION_PREFIX)) {
          keys.push(connectionKey(sortKey.slice(CONNECTION_PREFIX.length)));
        }
      }
      if (user) keys.push(emailClaimKey(user.email));
      for (const other of others) {
        if (other === id) continue;
        const pair = orderPair(id, other);
        const { Item: pairItem } = await client.send(
          new GetCommand({ TableName: tableName, Key: pairKey(pair.low, pair.high), ConsistentRead: true }),
        );
        if (!pairItem) continue;
        keys.push(pairKey(pair.low, pair.high), matchSideKey(other, id));
        const matchId = pairItem.matchId;
        if (typeof matchId === 'string') {
          keys.push(matchKey(matchId));
          const conversation = await queryPartition(table, conversationPartition(matchId));
          keys.push(...conversation.map(keyOf));
        }
      }
      await deleteAll(table, keys);
    },
  };
}
