import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { swipeDecisions } from '../../contract/matching';
import { orderPair, sideOf } from '../../domain/pairs';
import type { MatchRecord, SwipeRecord, SwipeRepository, SwipeResult } from '../../ports/matching';
import { type Item, oneOfAttribute, stringAttribute } from './item-attributes';
import { matchKey, pairKey, SWIPE_PREFIX, swipeKey, userPartition } from './keys';
import { createMatchActions, toMatch } from './match-items';
import {
  NOT_BLOCKED,
  PAIR_REFERENCES_SET,
  type PairState,
  pairAttribute,
  pairFactsOf,
  pairReferenceNames,
  pairReferenceValues,
  readPair,
} from './pair-item';
import { queryPrefix } from './query-pages';
import type { TableHandle } from './table';
import { transactWrite } from './transactions';

const toSwipe = (item: Item): SwipeRecord => ({
  swiperId: stringAttribute(item, 'swiperId'),
  targetId: stringAttribute(item, 'targetId'),
  decision: oneOfAttribute(item, 'decision', swipeDecisions),
  createdAt: stringAttribute(item, 'createdAt'),
});

/**
 * A swipe is (1) one atomic UpdateItem on the pair item that sets the caller's side only if unset and
 * returns the whole item (ALL_NEW): the pair's facts at that instant, (2) the idempotent put of the caller's
 * swipe item, and (3) when the caller's rule says those facts make a match, one transaction that creates it
 * on condition that the pair still has none and nobody blocked since. Single-item updates are serialized, so
 * of two crossing likes the later update sees both; decisions are written once, so the facts about them cannot
 * go stale, and if both calls see both (a retry), the transaction's condition lets exactly one create it.
 */
export function createDynamoDbSwipes(table: TableHandle): SwipeRepository {
  const { client, tableName } = table;

  const getMatch = async (matchId: string): Promise<MatchRecord> => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: matchKey(matchId), ConsistentRead: true }),
    );
    if (!item) throw new Error(`pair refers to match ${matchId}, which does not exist`);
    return toMatch(item);
  };

  const readPairItem = async (low: string, high: string): Promise<PairState> => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: pairKey(low, high), ConsistentRead: true }),
    );
    return readPair(item);
  };

  return {
    async record(swipe, newMatchId, rule): Promise<SwipeResult> {
      const pair = orderPair(swipe.swiperId, swipe.targetId);
      const side = sideOf(pair, swipe.swiperId);
      let updated: Item;
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: pairKey(pair.low, pair.high),
            UpdateExpression:
              'SET #entity = :entity, userLow = :low, userHigh = :high, ' +
              '#decision = if_not_exists(#decision, :decision), ' +
              `#swipedAt = if_not_exists(#swipedAt, :at), ${PAIR_REFERENCES_SET}`,
            ConditionExpression: NOT_BLOCKED,
            ExpressionAttributeNames: {
              '#entity': 'entity',
              '#decision': pairAttribute(side, 'Decision'),
              '#swipedAt': pairAttribute(side, 'SwipedAt'),
              ...pairReferenceNames,
            },
            ExpressionAttributeValues: {
              ':entity': 'pair',
              ':low': pair.low,
              ':high': pair.high,
              ':decision': swipe.decision,
              ':at': swipe.createdAt,
              ...pairReferenceValues(pair.low, pair.high),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        updated = result.Attributes ?? {};
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return { status: 'blocked' };
        throw error;
      }
      const state = readPair(updated);
      const decision = state.decisions[side] ?? swipe.decision;
      // The decision in force, written the same way every time: repeating it changes nothing.
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...swipeKey(swipe.swiperId, swipe.targetId),
            entity: 'swipe',
            swiperId: swipe.swiperId,
            targetId: swipe.targetId,
            decision,
            createdAt: state.swipedAt[side] ?? swipe.createdAt,
          },
        }),
      );
      const existing = state.matchId === null ? null : await getMatch(state.matchId);
      // The update's condition held: nobody had blocked the other when it ran.
      const facts = pairFactsOf(state, side, existing);
      if (!rule(facts)) return { status: 'recorded', decision, match: existing, matchCreated: false };
      const match: MatchRecord = {
        id: newMatchId,
        userLow: pair.low,
        userHigh: pair.high,
        createdAt: swipe.createdAt,
        lastActivityAt: swipe.createdAt,
        endedAt: null,
      };
      const reasons = await transactWrite(() =>
        client.send(
          new TransactWriteCommand({ TransactItems: createMatchActions(tableName, match, NOT_BLOCKED) }),
        ),
      );
      if (reasons === null) return { status: 'recorded', decision, match, matchCreated: true };
      // The other side's call created it first (or a block came in between): read what the pair says now.
      const current = await readPairItem(pair.low, pair.high);
      const made = current.matchId === null ? null : await getMatch(current.matchId);
      return { status: 'recorded', decision, match: made, matchCreated: false };
    },

    async pairFacts(userId, otherId) {
      const pair = orderPair(userId, otherId);
      const state = await readPairItem(pair.low, pair.high);
      const match = state.matchId === null ? null : await getMatch(state.matchId);
      return pairFactsOf(state, sideOf(pair, userId), match);
    },

    async listBySwiper(userId) {
      const swipes = (await queryPrefix(table, userPartition(userId), SWIPE_PREFIX)).map(toSwipe);
      return swipes.sort((a, b) =>
        a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.targetId < b.targetId ? -1 : 1,
      );
    },
  };
}
