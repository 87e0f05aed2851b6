import type { SwipeDecision } from '../contract/matching';

/**
 * What the store holds about two people, as one of them ("mine") sees it: each side's decision in force (the
 * first one: later swipes change nothing), whether either blocked the other, and the pair's match. Stores
 * read these facts; the rules below decide what they mean.
 */
export interface PairFacts {
  /** My decision about them, or null when I have not swiped them. */
  mine: SwipeDecision | null;
  /** Their decision about me, or null. */
  theirs: SwipeDecision | null;
  /** Either has blocked the other. */
  blocked: boolean;
  /** The pair's match: none yet, active, or ended (by an unmatch or a block; never made again). */
  match: 'none' | 'active' | 'ended';
}

/**
 * The match rule: two likes, no block and no match yet (ever), so this swipe creates the pair's one match.
 * Stores apply it to the facts they read inside the swipe's atomic unit (SwipeRepository.record).
 */
export const createsMatch = (facts: PairFacts): boolean =>
  !facts.blocked && facts.mine === 'like' && facts.theirs === 'like' && facts.match === 'none';

/** The viewer has swiped the other (either way) or one blocked the other: discovery never shows them again. */
export const isDoneWith = (facts: Pick<PairFacts, 'mine' | 'blocked'>): boolean =>
  facts.blocked || facts.mine !== null;
