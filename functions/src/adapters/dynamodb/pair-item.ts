import { type SwipeDecision, swipeDecisions } from '../../contract/matching';
import type { PairSide } from '../../domain/pairs';
import { asOneOf, type Item, optionalStringAttribute } from './item-attributes';

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

/** Condition: neither side has blocked the other. */
export const NOT_BLOCKED = `attribute_not_exists(${pairAttribute('low', 'BlockedAt')}) AND attribute_not_exists(${pairAttribute('high', 'BlockedAt')})`;
