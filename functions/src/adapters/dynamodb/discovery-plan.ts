import { birthDateRangeForAges } from '../../domain/eligibility';
import { cellsCovering, estimateCellCount } from '../../domain/geohash-cells';
import type { ProfileRecord } from '../../domain/records';
import { discoverySearchArea } from '../../domain/search-area';
import { DISCOVERY_TIERS, type DiscoveryTier } from './discovery-index';
import { discoveryCellPartition } from './keys';

/**
 * What one discover call may cost on DynamoDB, whatever the population (README "Discovery"):
 * per round at most `queriesPerRound` Query requests (one page each) reading at most `itemsPerRound`
 * items, then at most ceil(itemsPerRound / 100) BatchGetItem requests for pair items and as many for
 * photos. A further round runs only while the page is short, and reads on only in the cells that still have
 * unread items in the viewer's range, sharing the whole item budget among them (`itemsPerQueryFor`).
 */
export const DISCOVERY_BUDGET = {
  queriesPerRound: 12,
  itemsPerRound: 300,
  rounds: 2,
} as const;

/** The Query `Limit` when `queries` cells are read in one round: the round's item budget shared evenly. */
export function itemsPerQueryFor(queries: number): number {
  return Math.max(1, Math.floor(DISCOVERY_BUDGET.itemsPerRound / Math.max(1, queries)));
}

/** Keeps the fine tier's cell listing cheap: above this many cells in the box, the fine tier is out anyway. */
const FINE_CELL_ESTIMATE_CAP = 400;

export interface CellQuery {
  /** Names this query's cursor: `<tier>|<cell>|<gender>`. */
  cursorKey: string;
  indexName: string;
  partitionKeyName: string;
  sortKeyName: string;
  partition: string;
  /** Inclusive sort-key range: the viewer's age range as birth dates. */
  from: string;
  to: string;
}

export interface DiscoveryPlan {
  tier: DiscoveryTier;
  queries: CellQuery[];
  /** The first round's Query `Limit`: the round's item budget shared by all the plan's queries. */
  itemsPerQuery: number;
}

/**
 * The cells to read: the fine cells (GSI1) covering the search area when they fit the query budget,
 * otherwise the coarse cells (GSI2) nearest to the viewer, as many as fit. Every cell is read once per gender
 * the viewer is interested in, so the cell budget is the query budget divided by that number (12, 6 or 4).
 */
export function planDiscovery(viewer: ProfileRecord, now: Date): DiscoveryPlan {
  const area = discoverySearchArea(viewer.location, viewer.maxDistanceKm);
  const cellBudget = Math.floor(DISCOVERY_BUDGET.queriesPerRound / viewer.interestedIn.length);
  const { fine, coarse } = DISCOVERY_TIERS;
  let tier: DiscoveryTier = 'coarse';
  let cells: string[] = [];
  if (estimateCellCount(area, fine.precision) <= FINE_CELL_ESTIMATE_CAP) {
    const fineCells = cellsCovering(area, fine.precision);
    if (fineCells.length <= cellBudget) {
      tier = 'fine';
      cells = fineCells;
    }
  }
  if (tier === 'coarse') cells = cellsCovering(area, coarse.precision).slice(0, cellBudget);
  const { index, prefix } = DISCOVERY_TIERS[tier];
  const births = birthDateRangeForAges(viewer.ageMin, viewer.ageMax, now);
  const queries = cells.flatMap((cell) =>
    viewer.interestedIn.map((gender) => ({
      cursorKey: `${tier}|${cell}|${gender}`,
      indexName: index.indexName,
      partitionKeyName: index.partitionKey,
      sortKeyName: index.sortKey,
      partition: discoveryCellPartition(prefix, gender, cell),
      // Sort keys are `<birthDate>#<userId>`: '~' sorts after every id character.
      from: births.earliest,
      to: `${births.latest}#~`,
    })),
  );
  return { tier, queries, itemsPerQuery: itemsPerQueryFor(queries.length) };
}

/**
 * Where a cell's read starts: just after the cursor (the sort key of the last profile the viewer is done
 * with), or at the start of the range when there is no cursor or it lies outside the range (the viewer's
 * age range changed). Sort keys all have the same length, so `cursor + ' '` is the least key above it.
 */
export function readRange(query: CellQuery, cursor: string | undefined): { from: string; to: string } {
  if (cursor === undefined || cursor < query.from || cursor >= query.to)
    return { from: query.from, to: query.to };
  return { from: `${cursor} `, to: query.to };
}

/**
 * What a profile read from a cell is to the viewer: `live` (someone to show), `done` (the viewer swiped them,
 * or one blocked the other: final for this viewer) or `hidden` (not shown now, but that may change: no ready
 * photo yet, preferences or distance that do not fit).
 */
export type EntryState = 'live' | 'done' | 'hidden';

export interface PageOutcome {
  /** Sort keys of the returned items, in order, with what each is to the viewer. */
  entries: Array<{ sortKey: string; state: EntryState }>;
  /** The page's LastEvaluatedKey sort key: null when the range is exhausted. */
  lastEvaluated: string | null;
}

/**
 * The cursor after a page. With someone to show in the page, it moves past the leading profiles the viewer
 * is done with or cannot be shown now (hidden) and stops just before the first one to show, so the page is
 * read again from there. With nobody to show, it moves past the whole page, to the end of the range and then
 * back to the start (undefined). Either way everyone passed over while hidden comes round again when the
 * cursor wraps, or sooner when a call has budget left after reading to the end of the range (`advanceCell`);
 * a hidden profile never pins the cursor (it used to: every later call re-read everything behind it).
 */
export function nextCursor(previous: string | undefined, page: PageOutcome): string | undefined {
  const firstLive = page.entries.findIndex((entry) => entry.state === 'live');
  if (firstLive === -1) return page.lastEvaluated ?? undefined;
  return firstLive === 0 ? previous : page.entries[firstLive - 1]?.sortKey;
}

/**
 * One cell's progress during a call. Reads go on from where the last page stopped (`next`), to the end of the
 * range and then, once, from the start up to where the call began (`origin`), so nobody is read twice in a
 * call. The stored cursor moves page by page as `nextCursor` says until a page holds someone to show; then it
 * stays (`settled`), whatever later pages hold.
 */
export interface CellProgress {
  /** The cursor to store after the call. */
  cursor: string | undefined;
  settled: boolean;
  /** The cursor the call started from (within the range), or undefined: the call started at the range's start. */
  origin: string | undefined;
  /** True once the read has gone past the end of the range and started over (or started at the start). */
  wrapped: boolean;
  /** The next read: after `after` (or from the range's start), up to `until` (or the range's end); null when done. */
  next: { after: string | undefined; until: string | undefined } | null;
}

export function startCell(query: CellQuery, cursor: string | undefined): CellProgress {
  const origin = cursor === undefined || cursor < query.from || cursor >= query.to ? undefined : cursor;
  return {
    cursor: origin,
    settled: false,
    origin,
    wrapped: origin === undefined,
    next: { after: origin, until: undefined },
  };
}

/** The inclusive sort-key range of a cell's next read, or null when there is nothing left to read. */
export function nextReadRange(query: CellQuery, progress: CellProgress): { from: string; to: string } | null {
  if (progress.next === null) return null;
  // Sort keys all have the same length, so `key + ' '` is the least key above it.
  const from = progress.next.after === undefined ? query.from : `${progress.next.after} `;
  const to = progress.next.until ?? query.to;
  return from > to ? null : { from, to };
}

/** A cell's progress after one of its pages. */
export function advanceCell(progress: CellProgress, page: PageOutcome): CellProgress {
  const cursor = progress.settled ? progress.cursor : nextCursor(progress.cursor, page);
  const settled = progress.settled || page.entries.some((entry) => entry.state === 'live');
  const until = progress.next?.until;
  if (page.lastEvaluated !== null)
    return { ...progress, cursor, settled, next: { after: page.lastEvaluated, until } };
  if (!progress.wrapped)
    return {
      ...progress,
      cursor,
      settled,
      wrapped: true,
      next: { after: undefined, until: progress.origin },
    };
  return { ...progress, cursor, settled, next: null };
}
