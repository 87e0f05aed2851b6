import { type SwipeDecision, swipeDecisions } from '../../contract/matching';
import type { PairFacts } from '../../domain/pair-facts';
import type { PairSide } from '../../domain/pairs';
import type { MatchRecord } from '../../ports/matching';
import { asOneOf, type Item, optionalStringAttribute } from './item-attributes';
import { REFERENCE_PREFIXES, referencesPartition } from './keys';
import { GSI1, GSI2 } from './table';

/**
 * The pair item (`PAIR#<low>#<high>`/`PAIR`) holds, per side (`low`/`high`): the decision and its time
 * (`lowDecision`, `lowSwipedAt`), the time that side blocked the other (`lowBlockedAt`), and the pair's
 * `matchId` once matched (kept after an unmatch, so the pair never matches twice). Absent = not (yet).
 */
export const pairAttribute = (side: PairSide, what: 'Decision' | 'SwipedAt' | 'BlockedAt') =>
  `${side}${what}`;

export interface PairState {
  decisions: Record<PairSide, SwipeDecision | null>;
  swipedAt: Record<PairSide, string | null>;
  blocked: boolean;
  matchId: string | null;
}

const decision = (item: Item, side: PairSide): SwipeDecision | null => {
  const value = item[pairAttribute(side, 'Decision')];
  return value === undefined ? null : asOneOf(value, pairAttribute(side, 'Decision'), swipeDecisions);
};

export function readPair(item: Item | undefined): PairState {
  if (!item) {
    return {
      decisions: { low: null, high: null },
      swipedAt: { low: null, high: null },
      blocked: false,
      matchId: null,
    };
  }
  return {
    decisions: { low: decision(item, 'low'), high: decision(item, 'high') },
    swipedAt: {
      low: optionalStringAttribute(item, pairAttribute('low', 'SwipedAt')),
      high: optionalStringAttribute(item, pairAttribute('high', 'SwipedAt')),
    },
    blocked:
      item[pairAttribute('low', 'BlockedAt')] !== undefined ||
      item[pairAttribute('high', 'BlockedAt')] !== undefined,
    matchId: optionalStringAttribute(item, 'matchId'),
  };
}

/** The pair's facts as `side` sees them; `match`: the pair's match item when `matchId` is set. */
export const pairFactsOf = (state: PairState, side: PairSide, match: MatchRecord | null): PairFacts => ({
  mine: state.decisions[side],
  theirs: state.decisions[side === 'low' ? 'high' : 'low'],
  blocked: state.blocked,
  match: match === null ? 'none' : match.endedAt === null ? 'active' : 'ended',
});

/** Condition: neither side has blocked the other. */
export const NOT_BLOCKED = `attribute_not_exists(${pairAttribute('low', 'BlockedAt')}) AND attribute_not_exists(${pairAttribute('high', 'BlockedAt')})`;

/**
 * The pair's two entries in erasure's inverse index (README "Erasure"): GSI1 under the low user, GSI2 under the
 * high one, each sorted by the other user. For an UpdateExpression: `SET ${PAIR_REFERENCES_SET}` with these
 * names and values (every write of a pair sets them, so pairs written before the index get them on their next
 * swipe or block).
 */
export const PAIR_REFERENCES_SET =
  '#refLowPk = :refLowPk, #refLowSk = :refLowSk, #refHighPk = :refHighPk, #refHighSk = :refHighSk';

export const pairReferenceNames = {
  '#refLowPk': GSI1.partitionKey,
  '#refLowSk': GSI1.sortKey,
  '#refHighPk': GSI2.partitionKey,
  '#refHighSk': GSI2.sortKey,
} as const;

export const pairReferenceValues = (low: string, high: string) => ({
  ':refLowPk': referencesPartition(low),
  ':refLowSk': `${REFERENCE_PREFIXES.pair}${high}`,
  ':refHighPk': referencesPartition(high),
  ':refHighSk': `${REFERENCE_PREFIXES.pair}${low}`,
});
