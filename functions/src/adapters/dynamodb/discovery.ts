import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ageOn } from '../../domain/age';
import {
  byScoreThenId,
  discoveryScore,
  lastActivityAt,
  sharedInterestCount,
} from '../../domain/discovery-score';
import { areMutuallyEligible, discoveryDistanceKm } from '../../domain/eligibility';
import { isDoneWith } from '../../domain/pair-facts';
import { orderPair, otherUserOf, sideOf } from '../../domain/pairs';
import type { ProfileRecord } from '../../domain/records';
import type { DiscoveryCandidate, DiscoveryRepository } from '../../ports/matching';
import type { PhotoRecord, PhotoRepository } from '../../ports/photos';
import { batchGetItems } from './batch-get';
import {
  advanceCell,
  type CellProgress,
  type CellQuery,
  DISCOVERY_BUDGET,
  type EntryState,
  itemsPerQueryFor,
  nextReadRange,
  planDiscovery,
  startCell,
} from './discovery-plan';
import { asMap, asString, type Item, optionalStringAttribute, stringAttribute } from './item-attributes';
import { discoveryCursorKey, pairKey, profileKey, userKey } from './keys';
import { readPair } from './pair-item';
import { toProfile } from './profiles';
import { PARTITION_KEY, type TableHandle } from './table';

interface Page {
  query: CellQuery;
  items: Item[];
  lastEvaluated: string | null;
}

/** A page as read: each profile's sort key, what it is to the viewer, and its id. */
interface ReadPage {
  entries: Array<{ sortKey: string; state: EntryState; userId: string }>;
  lastEvaluated: string | null;
}

interface Scored extends DiscoveryCandidate {
  score: number;
  userId: string;
}

/**
 * Discovery on the single table (README "Discovery"): a fixed number of Query pages over the geohash cells
 * covering the search area (GSI1 or GSI2, one per cell and gender, sort key = the viewer's age range), the
 * rest of `areMutuallyEligible` in memory, then one BatchGetItem per 100 candidates for their pair items
 * (swiped? blocked?) and as many for their photos. Never a Scan, never a request per candidate.
 * A per-viewer cursor per cell (`USER#<id>`/`DISCOVERY`) moves past the people the viewer is done with, so
 * a dense cell does not show its first page forever. While the page is short, a further round reads on in the
 * cells that still have unread items, which then share the whole round's item budget (`discovery-plan.ts`).
 */
export function createDynamoDbDiscovery(table: TableHandle, photos: PhotoRepository): DiscoveryRepository {
  const { client, tableName } = table;

  const readCursors = async (userId: string): Promise<Map<string, string>> => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: discoveryCursorKey(userId) }),
    );
    const cursors = item?.cursors === undefined ? {} : asMap(item.cursors, 'cursors');
    return new Map(Object.entries(cursors).map(([key, value]) => [key, asString(value, `cursors.${key}`)]));
  };

  const readPage = async (
    query: CellQuery,
    range: { from: string; to: string },
    limit: number,
    viewer: ProfileRecord,
    now: Date,
  ) => {
    const { Items: items = [], LastEvaluatedKey: last } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: query.indexName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        // The candidate's side of the preferences; distances and the rest are checked in memory.
        FilterExpression:
          'contains(interestedIn, :gender) AND ageMin <= :age AND ageMax >= :age AND userId <> :me',
        ExpressionAttributeNames: { '#pk': query.partitionKeyName, '#sk': query.sortKeyName },
        ExpressionAttributeValues: {
          ':pk': query.partition,
          ':from': range.from,
          ':to': range.to,
          ':gender': viewer.gender,
          ':age': ageOn(viewer.birthDate, now),
          ':me': viewer.userId,
        },
        Limit: limit,
      }),
    );
    const lastEvaluated = last ? stringAttribute(last, query.sortKeyName) : null;
    return { query, items, lastEvaluated } satisfies Page;
  };

  /**
   * Whom of `ids` the viewer is done with (swiped, or blocked either way) or may not see (with `verifiedOnly`:
   * an unverified address, read from the user items, one more BatchGetItem per 100), and their ready photos.
   */
  const checkCandidates = async (viewerId: string, ids: string[], verifiedOnly: boolean) => {
    const [pairItems, photosByUser, users] = await Promise.all([
      batchGetItems(
        table,
        ids.map((id) => {
          const pair = orderPair(viewerId, id);
          return pairKey(pair.low, pair.high);
        }),
      ),
      ids.length === 0 ? new Map<string, PhotoRecord[]>() : photos.listReadyByUsers(ids),
      verifiedOnly && ids.length > 0
        ? batchGetItems(table, ids.map(userKey), { projection: ['id', 'emailVerifiedAt'] })
        : Promise.resolve([]),
    ]);
    const done = new Set<string>();
    if (verifiedOnly) {
      const verified = new Set(
        users.filter((user) => user.emailVerifiedAt !== undefined).map((user) => stringAttribute(user, 'id')),
      );
      for (const id of ids) if (!verified.has(id)) photosByUser.delete(id);
    }
    for (const item of pairItems) {
      const pair = { low: stringAttribute(item, 'userLow'), high: stringAttribute(item, 'userHigh') };
      const state = readPair(item);
      if (isDoneWith({ mine: state.decisions[sideOf(pair, viewerId)], blocked: state.blocked }))
        done.add(otherUserOf(pair, viewerId));
    }
    return { done, photosByUser };
  };

  return {
    async findCandidates(viewer, { limit, now, verifiedOnly = false }) {
      const plan = planDiscovery(viewer, now);
      const cursors = await readCursors(viewer.userId);
      const cells = new Map<string, { query: CellQuery; progress: CellProgress; pages: ReadPage[] }>(
        plan.queries.map((query) => [
          query.cursorKey,
          { query, progress: startCell(query, cursors.get(query.cursorKey)), pages: [] },
        ]),
      );
      const live = new Map<string, Scored>();
      for (let round = 0; round < DISCOVERY_BUDGET.rounds && live.size < limit; round += 1) {
        // Only the cells with something left to read: they share the whole round's item budget.
        const reads = [...cells.values()].flatMap(({ query, progress }) => {
          const range = nextReadRange(query, progress);
          return range === null ? [] : [{ query, range }];
        });
        if (reads.length === 0) break;
        const itemsPerQuery = itemsPerQueryFor(reads.length);
        const pages = await Promise.all(
          reads.map(({ query, range }) => readPage(query, range, itemsPerQuery, viewer, now)),
        );
        const candidates = new Map<string, { profile: ProfileRecord; lastActiveAt: string | null }>();
        for (const item of pages.flatMap((page) => page.items)) {
          const profile = toProfile(item);
          if (areMutuallyEligible(viewer, profile, now)) {
            candidates.set(profile.userId, {
              profile,
              lastActiveAt: optionalStringAttribute(item, 'lastActiveAt'),
            });
          }
        }
        const { done, photosByUser } = await checkCandidates(
          viewer.userId,
          [...candidates.keys()],
          verifiedOnly,
        );
        const stateOf = (id: string): EntryState => {
          if (done.has(id)) return 'done';
          return candidates.has(id) && photosByUser.has(id) ? 'live' : 'hidden';
        };
        for (const [id, { profile, lastActiveAt }] of candidates) {
          if (stateOf(id) !== 'live') continue;
          const score = discoveryScore({
            distanceKm: discoveryDistanceKm(viewer, profile),
            viewerMaxDistanceKm: viewer.maxDistanceKm,
            sharedInterests: sharedInterestCount(viewer, profile),
            activeAt: lastActivityAt(lastActiveAt, profile.updatedAt),
            now,
          });
          live.set(id, { profile, photos: photosByUser.get(id) ?? [], score, userId: id });
        }
        for (const page of pages) {
          const cell = cells.get(page.query.cursorKey);
          if (!cell) continue;
          const entries = page.items.map((item) => {
            const userId = stringAttribute(item, 'userId');
            return { sortKey: stringAttribute(item, page.query.sortKeyName), state: stateOf(userId), userId };
          });
          const outcome = { entries, lastEvaluated: page.lastEvaluated };
          cell.progress = advanceCell(cell.progress, outcome);
          cell.pages.push(outcome);
        }
      }
      const shown = [...live.values()].sort(byScoreThenId).slice(0, limit);
      const shownIds = new Set(shown.map((candidate) => candidate.userId));
      // The stored cursor passes over whom this call shows as over whom the viewer is done with, so the next call
      // reads on from the first person found but not shown, instead of re-reading everything shown (and swiped)
      // since. Someone shown but not swiped comes round again when the cursor wraps (or a call wraps: advanceCell).
      const storedCursor = (key: string): string | undefined => {
        const cell = cells.get(key);
        if (!cell) return undefined;
        let progress = startCell(cell.query, cursors.get(key));
        for (const page of cell.pages) {
          progress = advanceCell(progress, {
            entries: page.entries.map(({ sortKey, state, userId }) => ({
              sortKey,
              state: shownIds.has(userId) ? 'done' : state,
            })),
            lastEvaluated: page.lastEvaluated,
          });
        }
        return progress.cursor;
      };
      await writeCursors(
        viewer.userId,
        plan.queries.map((query) => query.cursorKey),
        cursors,
        storedCursor,
      );
      return shown.map(({ profile, photos: list }) => ({ profile, photos: list }));
    },

    async recordActivity(userId, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: profileKey(userId),
            UpdateExpression: 'SET lastActiveAt = :at',
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND (attribute_not_exists(lastActiveAt) OR lastActiveAt < :at)`,
            ExpressionAttributeValues: { ':at': at },
          }),
        );
      } catch (error) {
        // No profile (nothing to rank yet) or a later activity already recorded.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async lastActiveAt(userId) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: profileKey(userId),
          ProjectionExpression: 'lastActiveAt',
          ConsistentRead: true,
        }),
      );
      return Item ? optionalStringAttribute(Item, 'lastActiveAt') : null;
    },
  };

  /** One PutItem when any cursor moved; cursors of cells the plan no longer reads are dropped. */
  async function writeCursors(
    userId: string,
    planned: readonly string[],
    before: Map<string, string>,
    cursorOf: (key: string) => string | undefined,
  ): Promise<void> {
    const cursors: Record<string, string> = {};
    for (const key of planned) {
      const value = cursorOf(key);
      if (value !== undefined) cursors[key] = value;
    }
    const unchanged =
      Object.keys(cursors).length === before.size &&
      Object.entries(cursors).every(([key, value]) => before.get(key) === value);
    if (unchanged) return;
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...discoveryCursorKey(userId), entity: 'discoveryCursor', cursors },
      }),
    );
  }
}
