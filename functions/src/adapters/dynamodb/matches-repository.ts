import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { MatchRecord, MatchRepository } from '../../ports/matching';
import { batchGetItems } from './batch-get';
import { conversationStateOfSide } from './conversations-repository';
import { stringAttribute } from './item-attributes';
import { matchesByActivityPartition, matchKey, profileKey } from './keys';
import { endMatchActions, matchActivitySortKey, toMatch } from './match-items';
import { newestFirstPage } from './newest-first-page';
import { toProfile } from './profiles-repository';
import type { TableHandle } from './table';
import { transactWrite } from './transactions';

export function createDynamoDbMatchRepository(table: TableHandle): MatchRepository {
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
  };
}
