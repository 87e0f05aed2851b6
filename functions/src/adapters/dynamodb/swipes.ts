import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { swipeDecisions } from '../../contract/matching';
import { likesYouShows } from '../../domain/eligibility';
import { orderPair, sideOf } from '../../domain/pairs';
import type {
  LikeCursor,
  MatchRecord,
  ReceivedLike,
  SwipeRecord,
  SwipeRepository,
  SwipeResult,
} from '../../ports/matching';
import type { PhotoRepository } from '../../ports/photos';
import { batchGetItems } from './batch-get';
import { type Item, oneOfAttribute, stringAttribute } from './item-attributes';
import {
  likeSortKey,
  likesReceivedPartition,
  matchKey,
  pairKey,
  profileKey,
  SWIPE_PREFIX,
  swipeKey,
  swipesBySwiperPartition,
  userPartition,
} from './keys';
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
import { toProfile } from './profiles';
import { queryPrefix } from './query-pages';
import { GSI1, GSI2, PARTITION_KEY, type TableHandle } from './table';

/** "Likes you" reads at most this many GSI1 pages per call, of LIKES_PAGE_ITEMS likes each (README "Likes you"). */
export const LIKES_ROUNDS = 3;
export const LIKES_PAGE_ITEMS = 100;

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
export function createDynamoDbSwipes(table: TableHandle, photos: PhotoRepository): SwipeRepository {
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
      const createdAt = state.swipedAt[side] ?? swipe.createdAt;
      const theirs = state.decisions[side === 'low' ? 'high' : 'low'];
      // The decision in force, written the same way every time: repeating it changes nothing. A like the other
      // has not answered yet is indexed in their "Likes you" (GSI1, in the same write as the swipe item).
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...swipeKey(swipe.swiperId, swipe.targetId),
            entity: 'swipe',
            swiperId: swipe.swiperId,
            targetId: swipe.targetId,
            decision,
            createdAt,
            [GSI2.partitionKey]: swipesBySwiperPartition(swipe.swiperId),
            [GSI2.sortKey]: likeSortKey(createdAt, swipe.targetId),
            ...(decision === 'like' && theirs === null
              ? {
                  [GSI1.partitionKey]: likesReceivedPartition(swipe.targetId),
                  [GSI1.sortKey]: likeSortKey(createdAt, swipe.swiperId),
                }
              : {}),
          },
        }),
      );
      // Answering a like takes it out of "Likes you" (reads check the pair anyway; this keeps them short).
      if (theirs === 'like') await unindexLike(swipe.targetId, swipe.swiperId);
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

    async undoLastPass(userId, since) {
      const { Items: found = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: GSI2.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': GSI2.partitionKey },
          ExpressionAttributeValues: { ':pk': swipesBySwiperPartition(userId) },
          ScanIndexForward: false,
          Limit: 1,
        }),
      );
      const last = found[0] ? toSwipe(found[0]) : null;
      if (last?.decision !== 'pass' || last.createdAt < since) return null;
      const pair = orderPair(userId, last.targetId);
      const side = sideOf(pair, userId);
      // Both or neither: the swipe item goes and the pair forgets the pass, if both still say it.
      const reasons = await transactWrite(() =>
        client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: tableName,
                  Key: swipeKey(userId, last.targetId),
                  ConditionExpression: 'decision = :pass AND createdAt = :at',
                  ExpressionAttributeValues: { ':pass': 'pass', ':at': last.createdAt },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: pairKey(pair.low, pair.high),
                  UpdateExpression: 'REMOVE #decision, #swipedAt',
                  ConditionExpression: '#decision = :pass',
                  ExpressionAttributeNames: {
                    '#decision': pairAttribute(side, 'Decision'),
                    '#swipedAt': pairAttribute(side, 'SwipedAt'),
                  },
                  ExpressionAttributeValues: { ':pass': 'pass' },
                },
              },
            ],
          }),
        ),
      );
      if (reasons !== null) return null;
      // Their like, answered by the pass, is unanswered again: back into "Likes you".
      const state = await readPairItem(pair.low, pair.high);
      const theirSide = side === 'low' ? 'high' : 'low';
      const theirAt = state.swipedAt[theirSide];
      if (state.decisions[theirSide] === 'like' && theirAt !== null)
        await indexLike(last.targetId, userId, theirAt);
      return last;
    },

    async likesReceived(userId, { limit, after }) {
      const items: ReceivedLike[] = [];
      let before = after ? likeSortKey(after.likedAt, after.likerId) : undefined;
      let lastExamined: LikeCursor | null = null;
      let more = true;
      for (let round = 0; round < LIKES_ROUNDS && more && items.length <= limit; round += 1) {
        const { Items: found = [], LastEvaluatedKey: last } = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: GSI1.indexName,
            KeyConditionExpression: before === undefined ? '#pk = :pk' : '#pk = :pk AND #sk < :before',
            ExpressionAttributeNames: {
              '#pk': GSI1.partitionKey,
              ...(before === undefined ? {} : { '#sk': GSI1.sortKey }),
            },
            ExpressionAttributeValues: {
              ':pk': likesReceivedPartition(userId),
              ...(before === undefined ? {} : { ':before': before }),
            },
            ScanIndexForward: false,
            Limit: LIKES_PAGE_ITEMS,
          }),
        );
        more = last !== undefined;
        const likes = found.map((item) => ({
          likerId: stringAttribute(item, 'swiperId'),
          likedAt: stringAttribute(item, 'createdAt'),
        }));
        const shown = await likersShown(
          userId,
          likes.map((like) => like.likerId),
        );
        for (const like of likes) {
          lastExamined = like;
          const liker = shown.get(like.likerId);
          if (liker) items.push({ ...liker, likedAt: like.likedAt });
          if (items.length > limit) break;
        }
        if (items.length > limit) more = true;
        if (lastExamined) before = likeSortKey(lastExamined.likedAt, lastExamined.likerId);
        if (likes.length === 0) break;
      }
      const page = items.slice(0, limit);
      const lastShown = page.at(-1);
      const next =
        items.length > limit && lastShown
          ? { likedAt: lastShown.likedAt, likerId: lastShown.profile.userId }
          : more
            ? lastExamined
            : null;
      return { items: page, next };
    },

    async listBySwiper(userId) {
      const swipes = (await queryPrefix(table, userPartition(userId), SWIPE_PREFIX)).map(toSwipe);
      return swipes.sort((a, b) =>
        a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.targetId < b.targetId ? -1 : 1,
      );
    },
  };

  /** Of `likerIds` (who liked `userId`), those `likesYouShows` allows, with their profiles and ready photos. */
  async function likersShown(userId: string, likerIds: string[]) {
    const shown = new Map<string, Omit<ReceivedLike, 'likedAt'>>();
    if (likerIds.length === 0) return shown;
    const [pairs, profiles, readyPhotos] = await Promise.all([
      batchGetItems(
        table,
        likerIds.map((id) => {
          const pair = orderPair(userId, id);
          return pairKey(pair.low, pair.high);
        }),
      ),
      batchGetItems(
        table,
        likerIds.map((id) => profileKey(id)),
      ),
      photos.listReadyByUsers(likerIds),
    ]);
    const factsByLiker = new Map(
      pairs.map((item) => {
        const pair = { low: stringAttribute(item, 'userLow'), high: stringAttribute(item, 'userHigh') };
        const side = sideOf(pair, userId);
        const state = readPair(item);
        const likerId = side === 'low' ? pair.high : pair.low;
        return [likerId, { state, side }] as const;
      }),
    );
    for (const item of profiles) {
      const profile = toProfile(item);
      const pair = factsByLiker.get(profile.userId);
      if (!pair) continue;
      const ready = readyPhotos.get(profile.userId) ?? [];
      const facts = {
        ...pairFactsOf(pair.state, pair.side, null),
        candidateHasReadyPhoto: ready.length > 0,
      };
      if (likesYouShows(profile, facts)) shown.set(profile.userId, { profile, photos: ready });
    }
    return shown;
  }

  /** Puts `likerId`'s like of `targetId` (back) into GSI1; nothing when the swipe item is gone. */
  async function indexLike(likerId: string, targetId: string, likedAt: string): Promise<void> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: swipeKey(likerId, targetId),
          UpdateExpression: 'SET #pk = :pk, #sk = :sk',
          ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
          ExpressionAttributeNames: { '#pk': GSI1.partitionKey, '#sk': GSI1.sortKey },
          ExpressionAttributeValues: {
            ':pk': likesReceivedPartition(targetId),
            ':sk': likeSortKey(likedAt, likerId),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Takes `likerId`'s like of `targetId` out of GSI1; nothing when the swipe item is gone. */
  async function unindexLike(likerId: string, targetId: string): Promise<void> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: swipeKey(likerId, targetId),
          UpdateExpression: `REMOVE ${GSI1.partitionKey}, ${GSI1.sortKey}`,
          ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
