import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { orderPair } from '../../domain/pairs';
import type { MatchRecord, MatchRepository } from '../../ports/matching';
import { batchGetItems } from './batch-get';
import { conversationStateOfSide } from './conversations';
import { stringAttribute } from './item-attributes';
import {
  matchesByActivityPartition,
  matchKey,
  pairKey,
  profileKey,
  SWIPE_PREFIX,
  userPartition,
} from './keys';
import { endMatchActions, matchActivitySortKey, toMatch } from './match-items';
import { newestFirstPage } from './newest-first-page';
import { readPair } from './pair-item';
import { toProfile } from './profiles';
import { queryPrefix } from './query-pages';
import type { TableHandle } from './table';
import { transactWrite } from './transactions';

export function createDynamoDbMatches(table: TableHandle): MatchRepository {
  const { client, tableName } = table;

  const get = async (matchId: string): Promise<MatchRecord | null> => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: matchKey(matchId), ConsistentRead: true }),
    );
    return item ? toMatch(item) : null;
  };

  return {
    get,

    /** One Query on GSI2 (newest first) and one BatchGetItem of the other sides' profiles. */
    async listActive(userId, { limit, after }) {
      const sides = await newestFirstPage(
        table,
        matchesByActivityPartition(userId),
        limit,
        after ? matchActivitySortKey(after.lastActivityAt, after.matchId) : undefined,
      );
      if (sides.length === 0) return [];
      const others = await batchGetItems(
        table,
        sides.map((side) => profileKey(stringAttribute(side, 'otherUserId'))),
      );
      const profiles = new Map(others.map((item) => [stringAttribute(item, 'userId'), toProfile(item)]));
      return sides.flatMap((side) => {
        const other = profiles.get(stringAttribute(side, 'otherUserId'));
        return other ? [{ match: toMatch(side), other, conversation: conversationStateOfSide(side) }] : [];
      });
    },

    async end(matchId, at) {
      const match = await get(matchId);
      if (!match || match.endedAt !== null) return false;
      const reasons = await transactWrite(() =>
        client.send(new TransactWriteCommand({ TransactItems: endMatchActions(tableName, match, at) })),
      );
      return reasons === null;
    },

    /**
     * A match needs the user's like, and every decision leaves the user's swipe item: one Query of their likes
     * (consistent), one consistent BatchGetItem per 100 of those pairs (which name their match), one per 100
     * match headers. Consistent throughout, and independent of the inverse index.
     */
    async listAllByUser(userId) {
      const likes = (await queryPrefix(table, userPartition(userId), SWIPE_PREFIX)).filter(
        (item) => item.decision === 'like',
      );
      const pairs = await batchGetItems(
        table,
        likes.map((item) => {
          const { low, high } = orderPair(userId, stringAttribute(item, 'targetId'));
          return pairKey(low, high);
        }),
        { consistentRead: true },
      );
      const matchIds = pairs.flatMap((item) => {
        const { matchId } = readPair(item);
        return matchId === null ? [] : [matchId];
      });
      const headers = await batchGetItems(table, matchIds.map(matchKey), { consistentRead: true });
      return headers
        .map(toMatch)
        .sort((a, b) =>
          a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.id < b.id ? -1 : 1,
        );
    },
  };
}
