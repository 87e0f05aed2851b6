import type { ReportReason, SwipeDecision } from '../contract/matching';
import type { PairFacts } from '../domain/pair-facts';
import type { ProfileRecord } from '../domain/records';
import type { ConversationState } from './chat';
import type { PhotoRecord } from './photos';

/** Repositories of discovery, swipes, matches, blocks and reports (docs/architecture.md, Storage). */

export interface DiscoveryCandidate {
  profile: ProfileRecord;
  /** The candidate's ready photos by position; never empty (discovery requires one). */
  photos: PhotoRecord[];
}

export interface DiscoveryRepository {
  /**
   * Up to `limit` people the viewer may be shown, best first by `discoveryScore` (ties: lower user id):
   * everyone for whom `areMutuallyEligible(viewer, candidate, now)` holds, with at least one ready photo,
   * who has not paused their profile, whom the viewer has not swiped, and who has not blocked the viewer nor been blocked by them.
   * The cost is bounded per call whatever the population (see each adapter), so in a dense area the ranking is
   * approximate: a store may score only a bounded slice of the eligible people, the most recently active ones
   * (what discoveryScore already favours), and return the best of that slice. Whenever the area holds no more
   * eligible people than the slice (PostgreSQL: `DISCOVERY_SLICE`, 200), the answer is exactly the ranking above.
   * The product consequence: someone less recently active than the slice is not shown until the viewer has
   * swiped through the more active people (who then leave the pool) or they are active again.
   *
   * With `verifiedOnly` (EMAIL_VERIFICATION=required) only accounts whose address is verified are candidates.
   */
  findCandidates(
    viewer: ProfileRecord,
    options: { limit: number; now: Date; verifiedOnly?: boolean },
  ): Promise<DiscoveryCandidate[]>;
  /** The user was active at `at` (login, refresh, discover): ranks them higher for others. Never goes back. */
  recordActivity(userId: string, at: string): Promise<void>;
  /** The last activity `recordActivity` kept for the user (kept on the profile), or null (none, or no profile). */
  lastActiveAt(userId: string): Promise<string | null>;
}

export interface SwipeRecord {
  swiperId: string;
  targetId: string;
  decision: SwipeDecision;
  createdAt: string;
}

export interface MatchRecord {
  id: string;
  /** The pair in id order (`domain/pairs`). */
  userLow: string;
  userHigh: string;
  createdAt: string;
  lastActivityAt: string;
  /** Set by an unmatch or a block; an ended match never comes back, and no second match of the pair is made. */
  endedAt: string | null;
}

export type SwipeResult =
  | {
      status: 'recorded';
      /** The decision in force: the first one the swiper made about the target (later ones change nothing). */
      decision: SwipeDecision;
      /** The pair's match when both have liked each other (possibly ended), else null. */
      match: MatchRecord | null;
      /** True only for the one call that created the match. */
      matchCreated: boolean;
    }
  | { status: 'blocked' };

/**
 * The match rule, given by the caller (services pass domain/pair-facts `createsMatch`): whether this swipe
 * creates the pair's match, from the pair's facts as the swiper sees them, read inside the swipe's atomic unit.
 */
export type MatchRule = (facts: PairFacts) => boolean;

export interface SwipeRepository {
  /**
   * Records the decision unless the swiper already decided about the target (the first decision is final),
   * then reads the pair's facts in the same atomic unit and creates the pair's match (with `newMatchId`)
   * exactly when `rule` says so. The store keeps its own invariants whatever the rule answers: at most one
   * match per pair ever, however the two sides' calls interleave (so of two crossing likes exactly one call
   * sees both and creates it, and neither like is missed), and no match once either has blocked the other.
   * Records nothing and answers 'blocked' when either user has blocked the other.
   */
  record(swipe: SwipeRecord, newMatchId: string, rule: MatchRule): Promise<SwipeResult>;
  /** The pair's facts as `userId` sees them (reads only; `otherId` may be unknown: then nothing is set). */
  pairFacts(userId: string, otherId: string): Promise<PairFacts>;
  /** Every decision the user made, oldest first (export, tests). */
  listBySwiper(userId: string): Promise<SwipeRecord[]>;
  /**
   * Takes back the user's most recent decision when it is a pass made at or after `since`, as if it had never
   * been made (the person may then be liked); answers it, or null (no decision, the last one is a like, or
   * older). Serialized with the pair's swipes, so a like of the same person never races it into two decisions;
   * a like is never taken back, so no match is ever undone.
   */
  undoLastPass(userId: string, since: string): Promise<SwipeRecord | null>;
  /**
   * "Likes you": up to `limit` people whom `likesYouShows` allows for `userId`, newest like first (ties: higher
   * liker id first), strictly after `after`. Bounded reads per call whatever the number of likes (see each
   * adapter); a short page is not the end: only a null `next` is.
   */
  likesReceived(userId: string, options: { limit: number; after?: LikeCursor }): Promise<LikesPage>;
}

/** Keyset position in "Likes you": the like (its time and liker) the previous page ended at. */
export interface LikeCursor {
  likedAt: string;
  likerId: string;
}

export interface ReceivedLike extends DiscoveryCandidate {
  likedAt: string;
}

export interface LikesPage {
  items: ReceivedLike[];
  /** Where the next page starts, or null when no further like can follow. */
  next: LikeCursor | null;
}

/** Keyset position in a list ordered newest first: the last item of the previous page. */
export interface MatchCursor {
  lastActivityAt: string;
  matchId: string;
}

export interface MatchListing {
  match: MatchRecord;
  /** The other user's profile; matches whose other side has no profile any more are not listed. */
  other: ProfileRecord;
  /** The conversation as the listing user sees it: last message and their unread count. */
  conversation: ConversationState;
}

export interface MatchRepository {
  get(matchId: string): Promise<MatchRecord | null>;
  /** The user's active matches by last activity, newest first (ties: higher match id first), after `after`. */
  listActive(userId: string, options: { limit: number; after?: MatchCursor }): Promise<MatchListing[]>;
  /** Ends an active match. False, changing nothing, when it is unknown or already ended. */
  end(matchId: string, at: string): Promise<boolean>;
  /** Every match the user is or was part of, active and ended, oldest first (ties: lower id) (export). */
  listAllByUser(userId: string): Promise<MatchRecord[]>;
}

export interface BlockRecord {
  blockerId: string;
  blockedId: string;
  createdAt: string;
}

export interface BlockCursor {
  createdAt: string;
  userId: string;
}

export interface BlockListing {
  block: BlockRecord;
  /** The blocked user's display name; null when they have no profile any more. */
  displayName: string | null;
}

export interface BlockRepository {
  /**
   * Blocks (again is harmless: the first time is kept) and ends the pair's active match, so that no match
   * can outlive the block or be created after it. Answers the match this call ended, if any.
   */
  block(block: BlockRecord): Promise<{ endedMatch: MatchRecord | null }>;
  /** Lifts the blocker's block; the other direction, swipes and ended matches stay. No-op when not blocked. */
  unblock(blockerId: string, blockedId: string): Promise<void>;
  isBlockedEitherWay(userA: string, userB: string): Promise<boolean>;
  /** Whom the user blocked, newest first (ties: higher user id first), after `after`. */
  list(blockerId: string, options: { limit: number; after?: BlockCursor }): Promise<BlockListing[]>;
}

export interface ReportRecord {
  id: string;
  reporterId: string;
  reportedUserId: string;
  reason: ReportReason;
  details: string | null;
  createdAt: string;
  /**
   * Messages between the two that the reporter chose to attach, copied when reporting (absent: none). Senders
   * are named by their side, never by id, so erasing either account leaves nothing to pseudonymize here.
   */
  messages?: ReportedMessage[];
  /** Set once a moderator decided on the report (the queue shows open reports only). */
  resolution?: { decisionId: string; at: string };
}

export interface ReportedMessage {
  from: 'reporter' | 'reported';
  text: string;
  sentAt: string;
}

export interface ReportRepository {
  /** Keeps the report for moderation. */
  add(report: ReportRecord): Promise<void>;
  /** Reports the user made, oldest first (export, tests). */
  listByReporter(userId: string): Promise<ReportRecord[]>;
}
