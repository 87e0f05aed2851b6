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
 * photos; a second round only re-reads cells whose first page held nobody left to show.
 */
export const DISCOVERY_BUDGET = {
  queriesPerRound: 12,
  itemsPerRound: 300,
  rounds: 2,
} as const;

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
  /** The Query `Limit`: the round's item budget shared by its queries. */
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
  const itemsPerQuery = Math.max(1, Math.floor(DISCOVERY_BUDGET.itemsPerRound / Math.max(1, queries.length)));
  return { tier, queries, itemsPerQuery };
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
 * is done with and stops at the first one that is live or merely hidden (a hidden one may become showable:
 * a first photo, an edited profile), so the page is read again from there. With nobody to show, it moves
 * past the whole page, to the end of the range and then back to the start (undefined), so that everyone
 * passed over comes round again.
 */
export function nextCursor(previous: string | undefined, page: PageOutcome): string | undefined {
  if (!page.entries.some((entry) => entry.state === 'live')) return page.lastEvaluated ?? undefined;
  const firstNotDone = page.entries.findIndex((entry) => entry.state !== 'done');
  return firstNotDone === 0 ? previous : page.entries[firstNotDone - 1]?.sortKey;
}
