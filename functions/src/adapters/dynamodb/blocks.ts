import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { orderPair, sideOf } from '../../domain/pairs';
import type { BlockRecord, BlockRepository, MatchRecord } from '../../ports/matching';
import { batchGetItems } from './batch-get';
import { type Item, stringAttribute } from './item-attributes';
import { blockKey, blocksByTimePartition, matchKey, pairKey, profileKey } from './keys';
import { endMatchActions, toMatch } from './match-items';
import { newestFirstPage } from './newest-first-page';
import {
  PAIR_REFERENCES_SET,
  pairAttribute,
  pairReferenceNames,
  pairReferenceValues,
  readPair,
} from './pair-item';
import { GSI2, PARTITION_KEY, type TableHandle } from './table';
import { transactWrite } from './transactions';

const blockSortKey = (createdAt: string, blockedId: string) => `${createdAt}#${blockedId}`;

const toBlock = (item: Item): BlockRecord => ({
  blockerId: stringAttribute(item, 'blockerId'),
  blockedId: stringAttribute(item, 'blockedId'),
  createdAt: stringAttribute(item, 'createdAt'),
});

/**
 * A block is the block item (`USER#<blocker>`/`BLOCK#<blocked>`, GSI2 `BLOCKS#<blocker>` by time) and the
 * blocker's `<side>BlockedAt` on the pair item, in one transaction. From then on the match transaction's
 * condition (nobody blocked) fails, so a consistent read of the pair afterwards sees any match that won the
 * race, and ends it.
 */
export function createDynamoDbBlocks(table: TableHandle): BlockRepository {
  const { client, tableName } = table;

  const readPairItem = async (userA: string, userB: string) => {
    const { low, high } = orderPair(userA, userB);
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: pairKey(low, high), ConsistentRead: true }),
    );
    return readPair(item);
  };

  const endActiveMatch = async (matchId: string, at: string): Promise<MatchRecord | null> => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: matchKey(matchId), ConsistentRead: true }),
    );
    const match = item ? toMatch(item) : null;
    if (!match || match.endedAt !== null) return null;
    const reasons = await transactWrite(() =>
      client.send(new TransactWriteCommand({ TransactItems: endMatchActions(tableName, match, at) })),
    );
    return reasons === null ? { ...match, endedAt: at } : null;
  };

  return {
    async block(block) {
      const pair = orderPair(block.blockerId, block.blockedId);
      const blockedAt = pairAttribute(sideOf(pair, block.blockerId), 'BlockedAt');
      await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                // An Update keeps the first block's time when blocking again.
                Update: {
                  TableName: tableName,
                  Key: blockKey(block.blockerId, block.blockedId),
                  UpdateExpression:
                    'SET #entity = :entity, blockerId = :blocker, blockedId = :blocked, ' +
                    'createdAt = if_not_exists(createdAt, :at), #gsiPk = :gsiPk, #gsiSk = if_not_exists(#gsiSk, :gsiSk)',
                  ExpressionAttributeNames: {
                    '#entity': 'entity',
                    '#gsiPk': GSI2.partitionKey,
                    '#gsiSk': GSI2.sortKey,
                  },
                  ExpressionAttributeValues: {
                    ':entity': 'block',
                    ':blocker': block.blockerId,
                    ':blocked': block.blockedId,
                    ':at': block.createdAt,
                    ':gsiPk': blocksByTimePartition(block.blockerId),
                    ':gsiSk': blockSortKey(block.createdAt, block.blockedId),
                  },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: pairKey(pair.low, pair.high),
                  UpdateExpression:
                    'SET #entity = :entity, userLow = :low, userHigh = :high, ' +
                    `#blockedAt = if_not_exists(#blockedAt, :at), ${PAIR_REFERENCES_SET}`,
                  ExpressionAttributeNames: {
                    '#entity': 'entity',
                    '#blockedAt': blockedAt,
                    ...pairReferenceNames,
                  },
                  ExpressionAttributeValues: {
                    ':entity': 'pair',
                    ':low': pair.low,
                    ':high': pair.high,
                    ':at': block.createdAt,
                    ...pairReferenceValues(pair.low, pair.high),
                  },
                },
              },
            ],
          }),
        ),
      );
      const { matchId } = await readPairItem(block.blockerId, block.blockedId);
      return { endedMatch: matchId === null ? null : await endActiveMatch(matchId, block.createdAt) };
    },

    async unblock(blockerId, blockedId) {
      const pair = orderPair(blockerId, blockedId);
      // No pair item means there was no block either: the cancelled transaction changed nothing.
      await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: tableName, Key: blockKey(blockerId, blockedId) } },
              {
                Update: {
                  TableName: tableName,
                  Key: pairKey(pair.low, pair.high),
                  UpdateExpression: 'REMOVE #blockedAt',
                  ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
                  ExpressionAttributeNames: {
                    '#blockedAt': pairAttribute(sideOf(pair, blockerId), 'BlockedAt'),
                  },
                },
              },
            ],
          }),
        ),
      );
    },

    async isBlockedEitherWay(userA, userB) {
      return (await readPairItem(userA, userB)).blocked;
    },

    /** One Query on GSI2 (newest first) and one BatchGetItem of the blocked users' display names. */
    async list(blockerId, { limit, after }) {
      const blocks = await newestFirstPage(
        table,
        blocksByTimePartition(blockerId),
        limit,
        after ? blockSortKey(after.createdAt, after.userId) : undefined,
      );
      if (blocks.length === 0) return [];
      const profiles = await batchGetItems(
        table,
        blocks.map((item) => profileKey(stringAttribute(item, 'blockedId'))),
        { projection: ['userId', 'displayName'] },
      );
      const names = new Map(
        profiles.map((item) => [stringAttribute(item, 'userId'), stringAttribute(item, 'displayName')]),
      );
      return blocks.map((item) => {
        const record = toBlock(item);
        return { block: record, displayName: names.get(record.blockedId) ?? null };
      });
    },
  };
}
