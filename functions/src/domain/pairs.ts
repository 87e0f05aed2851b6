/**
 * Two users in a fixed order (ULIDs compare as strings), so both sides name their pair the same way: a pair
 * key, one advisory lock, one pair item, one match.
 */
export interface UserPair {
  low: string;
  high: string;
}

export type PairSide = 'low' | 'high';

export function orderPair(a: string, b: string): UserPair {
  if (a === b) throw new Error('a pair needs two different users');
  return a < b ? { low: a, high: b } : { low: b, high: a };
}

/** `lowId#highId`: the same string whichever of the two asks. */
export const pairId = (a: string, b: string): string => {
  const { low, high } = orderPair(a, b);
  return `${low}#${high}`;
};

export const sideOf = (pair: UserPair, userId: string): PairSide => (pair.low === userId ? 'low' : 'high');

export const otherUserOf = (pair: UserPair, userId: string): string =>
  pair.low === userId ? pair.high : pair.low;
