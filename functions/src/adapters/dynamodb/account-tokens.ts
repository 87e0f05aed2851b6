import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AccountTokenPurpose,
  type AccountTokenRecord,
  accountTokenPurposes,
} from '../../domain/account-tokens';
import type { AccountTokenRepository } from '../../ports/account-tokens';
import {
  epochSeconds,
  type Item,
  oneOfAttribute,
  optionalStringAttribute,
  stringAttribute,
} from './item-attributes';
import { accountTokenKey, REFERENCE_PREFIXES, referencesPartition } from './keys';
import { queryPages } from './query-pages';
import { GSI1, PARTITION_KEY, type TableHandle, TTL_ATTRIBUTE } from './table';

/** The record's ISO expiry; `expiresAt` itself is the table's TTL attribute (epoch seconds). */
const EXPIRES_AT_ISO = 'expiresAtIso';

const tokenItem = (token: AccountTokenRecord): Item => ({
  ...accountTokenKey(token.tokenHash),
  entity: 'accountToken',
  tokenHash: token.tokenHash,
  userId: token.userId,
  purpose: token.purpose,
  ...(token.email === null ? {} : { email: token.email }),
  createdAt: token.createdAt,
  [EXPIRES_AT_ISO]: token.expiresAt,
  // TTL removes it within a day or two of expiring; reads check `expiresAtIso` themselves.
  [TTL_ATTRIBUTE]: epochSeconds(token.expiresAt),
  // Erasure's inverse index (and the export's list of a user's pending tokens).
  [GSI1.partitionKey]: referencesPartition(token.userId),
  [GSI1.sortKey]: `${REFERENCE_PREFIXES.accountToken}${token.tokenHash}`,
});

const toToken = (item: Item): AccountTokenRecord => ({
  tokenHash: stringAttribute(item, 'tokenHash'),
  userId: stringAttribute(item, 'userId'),
  purpose: oneOfAttribute(item, 'purpose', accountTokenPurposes),
  email: optionalStringAttribute(item, 'email'),
  createdAt: stringAttribute(item, 'createdAt'),
  expiresAt: stringAttribute(item, EXPIRES_AT_ISO),
});

/** `purpose IN (:p0, :p1...) AND expiresAtIso > :at`, with its values. */
function usable(purposes: readonly AccountTokenPurpose[], at: string) {
  const values: Record<string, string> = { ':at': at };
  purposes.forEach((purpose, index) => {
    values[`:p${index}`] = purpose;
  });
  return {
    condition: `purpose IN (${purposes.map((_, index) => `:p${index}`).join(', ')}) AND ${EXPIRES_AT_ISO} > :at`,
    values,
  };
}

/** One item per token (`ACCTOKEN#<hash>`), found by the hash in the link; TTL at its expiry. */
export function createDynamoDbAccountTokens(table: TableHandle): AccountTokenRepository {
  const { client, tableName } = table;

  /** The user's token items (GSI1, eventually consistent: a token made a moment ago may be missing). */
  const userTokens = async (userId: string): Promise<Item[]> => {
    const items: Item[] = [];
    for await (const page of queryPages(table, {
      IndexName: GSI1.indexName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': GSI1.partitionKey, '#sk': GSI1.sortKey },
      ExpressionAttributeValues: {
        ':pk': referencesPartition(userId),
        ':prefix': REFERENCE_PREFIXES.accountToken,
      },
    })) {
      items.push(...(page.Items ?? []));
    }
    return items;
  };

  return {
    async create(token) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: tokenItem(token),
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
    },

    async find(tokenHash, purposes, at) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: accountTokenKey(tokenHash), ConsistentRead: true }),
      );
      if (!item) return null;
      const token = toToken(item);
      return purposes.includes(token.purpose) && token.expiresAt > at ? token : null;
    },

    async consume(tokenHash, purposes, at) {
      // A conditional delete: of two concurrent ones the second fails its condition (the item is gone).
      const { condition, values } = usable(purposes, at);
      try {
        const { Attributes: item } = await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: accountTokenKey(tokenHash),
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND ${condition}`,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_OLD',
          }),
        );
        return item ? toToken(item) : null;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return null;
        throw error;
      }
    },

    async listPending(userId, at) {
      return (await userTokens(userId))
        .map(toToken)
        .filter((token) => token.expiresAt > at)
        .sort((a, b) =>
          a.createdAt === b.createdAt
            ? a.tokenHash < b.tokenHash
              ? -1
              : 1
            : a.createdAt < b.createdAt
              ? -1
              : 1,
        );
    },

    async deleteForUser(userId, purpose) {
      const items = (await userTokens(userId)).filter((item) => item.purpose === purpose);
      // A user has a handful at most (each new link of a purpose replaces the older ones).
      await Promise.all(
        items.map((item) =>
          client.send(
            new DeleteCommand({
              TableName: tableName,
              Key: accountTokenKey(stringAttribute(item, 'tokenHash')),
            }),
          ),
        ),
      );
    },
  };
}
