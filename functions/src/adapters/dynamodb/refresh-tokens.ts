import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RefreshTokenFamily, RefreshTokenRecord } from '../../domain/records';
import type { RefreshTokenRepository } from '../../ports/repositories';
import { epochSeconds, type Item, optionalStringAttribute, stringAttribute } from './item-attributes';
import {
  REFERENCE_PREFIXES,
  REFRESH_FAMILY_PREFIX,
  referencesPartition,
  refreshFamilyKey,
  refreshTokenKey,
  userPartition,
} from './keys';
import { queryPages, queryPrefix } from './query-pages';
import { GSI1, PARTITION_KEY, SORT_KEY, type TableHandle, TTL_ATTRIBUTE } from './table';
import { conditionFailed, transactWrite } from './transactions';

/** The record's ISO expiry; `expiresAt` itself is the table's TTL attribute (epoch seconds). */
const EXPIRES_AT_ISO = 'expiresAtIso';

const tokenItem = (token: RefreshTokenRecord): Item => ({
  ...refreshTokenKey(token.tokenHash),
  entity: 'refreshToken',
  tokenHash: token.tokenHash,
  familyId: token.familyId,
  userId: token.userId,
  createdAt: token.createdAt,
  [EXPIRES_AT_ISO]: token.expiresAt,
  [TTL_ATTRIBUTE]: epochSeconds(token.expiresAt),
  // A null usedAt is an absent attribute, so `attribute_not_exists(usedAt)` means "unused".
  ...(token.usedAt === null ? {} : { usedAt: token.usedAt }),
  // Erasure's inverse index: every token of the user, also the used ones kept for reuse detection.
  [GSI1.partitionKey]: referencesPartition(token.userId),
  [GSI1.sortKey]: `${REFERENCE_PREFIXES.refreshToken}${token.tokenHash}`,
});

const toToken = (item: Item): RefreshTokenRecord => ({
  tokenHash: stringAttribute(item, 'tokenHash'),
  familyId: stringAttribute(item, 'familyId'),
  userId: stringAttribute(item, 'userId'),
  createdAt: stringAttribute(item, 'createdAt'),
  expiresAt: stringAttribute(item, EXPIRES_AT_ISO),
  usedAt: optionalStringAttribute(item, 'usedAt'),
});

/**
 * The family item expires (TTL) with its session: at its `expiresAt`, which every rotation moves forward.
 * `latestTokenHash` names the family's newest token (strongly consistent, unlike the inverse index), so erasure
 * deletes a token issued a moment before even while GSI1 has not caught up.
 */
const familyItem = (family: RefreshTokenFamily, latestTokenHash: string): Item => ({
  ...refreshFamilyKey(family.userId, family.familyId),
  entity: 'refreshTokenFamily',
  familyId: family.familyId,
  userId: family.userId,
  createdAt: family.createdAt,
  [EXPIRES_AT_ISO]: family.expiresAt,
  [TTL_ATTRIBUTE]: epochSeconds(family.expiresAt),
  latestTokenHash,
  ...(family.device === undefined ? {} : { device: family.device }),
});

const REVOKE_CONCURRENCY = 16;

const mustExist = `attribute_exists(${PARTITION_KEY})`;
const mustBeNew = `attribute_not_exists(${PARTITION_KEY})`;

export function createDynamoDbRefreshTokens(table: TableHandle): RefreshTokenRepository {
  const { client, tableName } = table;
  const revoke = async (userId: string, familyId: string, at: string) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: refreshFamilyKey(userId, familyId),
          // The first revocation time is the one worth keeping.
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: mustExist,
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      // An unknown (or TTL-deleted) family is already unusable; do not create a stub item for it.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  };

  return {
    async createFamily(family, first) {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: familyItem(family, first.tokenHash),
                ConditionExpression: mustBeNew,
              },
            },
            { Put: { TableName: tableName, Item: tokenItem(first), ConditionExpression: mustBeNew } },
          ],
        }),
      );
    },

    async find(tokenHash) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: refreshTokenKey(tokenHash), ConsistentRead: true }),
      );
      if (!item) return null;
      const token = toToken(item);
      const { Item: family } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: refreshFamilyKey(token.userId, token.familyId),
          ConsistentRead: true,
          // The key keeps the answer non-empty for a live family that has no `revokedAt`.
          ProjectionExpression: '#pk, revokedAt',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        }),
      );
      // A missing family (TTL-deleted with its session) counts as revoked.
      return { token, familyRevoked: family === undefined || family.revokedAt !== undefined };
    },

    async rotate(oldHash, next, usedAt) {
      const reasons = await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: refreshTokenKey(oldHash),
                  UpdateExpression: 'SET usedAt = :usedAt',
                  ConditionExpression: `${mustExist} AND attribute_not_exists(usedAt) AND familyId = :familyId`,
                  ExpressionAttributeValues: { ':usedAt': usedAt, ':familyId': next.familyId },
                  // Tells a foreign `next` (a caller bug) apart from a used or unknown token.
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              {
                // Condition check and expiry bump in one action: a transaction may touch an item only once.
                // Tokens are issued with ever later expiries, so this moves the family's expiry forward.
                Update: {
                  TableName: tableName,
                  Key: refreshFamilyKey(next.userId, next.familyId),
                  UpdateExpression:
                    'SET #expiresAtIso = :expiresAtIso, #ttl = :ttl, latestTokenHash = :latest, lastUsedAt = :usedAt',
                  ConditionExpression: `${mustExist} AND attribute_not_exists(revokedAt)`,
                  ExpressionAttributeNames: { '#expiresAtIso': EXPIRES_AT_ISO, '#ttl': TTL_ATTRIBUTE },
                  ExpressionAttributeValues: {
                    ':expiresAtIso': next.expiresAt,
                    ':ttl': epochSeconds(next.expiresAt),
                    ':latest': next.tokenHash,
                    ':usedAt': usedAt,
                  },
                },
              },
              { Put: { TableName: tableName, Item: tokenItem(next), ConditionExpression: mustBeNew } },
            ],
          }),
        ),
      );
      if (reasons === null) return true;
      const old = reasons[0]?.Item;
      if (old && old.usedAt === undefined && old.familyId?.S !== next.familyId) {
        throw new Error(`rotate: next token belongs to family ${next.familyId}, not ${old.familyId?.S}`);
      }
      if (conditionFailed(reasons, 0) || conditionFailed(reasons, 1)) return false;
      throw new Error('rotate: a token with the next hash already exists');
    },

    revokeFamily: revoke,

    async revokeAllForUser(userId, at, exceptFamilyId) {
      for await (const page of queryPages(table, {
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        FilterExpression: 'attribute_not_exists(revokedAt)',
        ProjectionExpression: 'familyId',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': userPartition(userId), ':prefix': REFRESH_FAMILY_PREFIX },
        ConsistentRead: true,
      })) {
        const familyIds = (page.Items ?? [])
          .map((item) => stringAttribute(item, 'familyId'))
          .filter((familyId) => familyId !== exceptFamilyId);
        for (let start = 0; start < familyIds.length; start += REVOKE_CONCURRENCY) {
          const batch = familyIds.slice(start, start + REVOKE_CONCURRENCY);
          await Promise.all(batch.map((familyId) => revoke(userId, familyId, at)));
        }
      }
    },

    async listSessions(userId) {
      const families = await queryPrefix(table, userPartition(userId), REFRESH_FAMILY_PREFIX);
      return families
        .map((item) => ({
          familyId: stringAttribute(item, 'familyId'),
          userId: stringAttribute(item, 'userId'),
          createdAt: stringAttribute(item, 'createdAt'),
          expiresAt: stringAttribute(item, EXPIRES_AT_ISO),
          revokedAt: optionalStringAttribute(item, 'revokedAt'),
          lastUsedAt: optionalStringAttribute(item, 'lastUsedAt') ?? stringAttribute(item, 'createdAt'),
          ...(typeof item.device === 'string' ? { device: item.device } : {}),
        }))
        .sort((a, b) =>
          a.createdAt !== b.createdAt
            ? a.createdAt < b.createdAt
              ? -1
              : 1
            : a.familyId < b.familyId
              ? -1
              : 1,
        );
    },
  };
}
