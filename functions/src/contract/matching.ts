import * as z from 'zod/mini';
import { Id, IsoDateTime, PageQuery, page } from './common';
import { PublicProfile } from './profile';

export const DiscoverQuery = z.strictObject({ limit: PageQuery.shape.limit });
export type DiscoverQuery = z.infer<typeof DiscoverQuery>;

/** Ranked candidates (docs/api.md, Discovery); not paged: ask again after swiping through them. */
export const DiscoverResponse = z.object({ items: z.array(PublicProfile) });
export type DiscoverResponse = z.infer<typeof DiscoverResponse>;

export const swipeDecisions = ['like', 'pass'] as const;
export const SwipeDecision = z.enum(swipeDecisions);
export type SwipeDecision = z.infer<typeof SwipeDecision>;

export const SwipeRequest = z.strictObject({ targetUserId: Id, decision: SwipeDecision });
export type SwipeRequest = z.infer<typeof SwipeRequest>;

/** The newest message of the conversation; null until a message exists. */
export const MessagePreview = z.object({ id: Id, senderId: Id, text: z.string(), createdAt: IsoDateTime });

/** One match as its user sees it: the other person's public profile and the conversation's state. */
export const MatchSummary = z.object({
  matchId: Id,
  user: PublicProfile,
  createdAt: IsoDateTime,
  /** Matches are listed by this, newest first: the match itself, later its latest message. */
  lastActivityAt: IsoDateTime,
  lastMessage: z.nullable(MessagePreview),
  unreadCount: z.int(),
});
export type MatchSummary = z.infer<typeof MatchSummary>;

/** The same answer for a repeated swipe: `matched` says whether a match between the two exists now. */
/** "Likes you": who liked the caller and is not yet answered, newest first (docs/api.md, Likes you). */
export const LikesQuery = PageQuery;
export const ReceivedLike = z.object({ user: PublicProfile, likedAt: IsoDateTime });
export type ReceivedLike = z.infer<typeof ReceivedLike>;
export const LikesPage = page(ReceivedLike);
export type LikesPage = z.infer<typeof LikesPage>;

/** The pass taken back: whom it was about, and their public profile to show again (null when it is gone). */
export const UndoResponse = z.object({ targetUserId: Id, user: z.nullable(PublicProfile) });
export type UndoResponse = z.infer<typeof UndoResponse>;

export const SwipeResponse = z.object({ matched: z.boolean(), match: z.optional(MatchSummary) });
export type SwipeResponse = z.infer<typeof SwipeResponse>;

export const MatchesQuery = PageQuery;
export const MatchPage = page(MatchSummary);
export type MatchPage = z.infer<typeof MatchPage>;

export const MatchIdParams = z.strictObject({ matchId: Id });

export const BlockRequest = z.strictObject({ userId: Id });

/** The blocker still sees whom they blocked (to undo it); the blocked user's profile is not shown. */
export const BlockedUser = z.object({
  userId: Id,
  /** Null when the blocked user has no profile any more. */
  displayName: z.nullable(z.string()),
  blockedAt: IsoDateTime,
});
export const BlocksQuery = PageQuery;
export const BlockPage = page(BlockedUser);
export type BlockPage = z.infer<typeof BlockPage>;

/** How many messages a report may attach. */
export const MAX_REPORTED_MESSAGES = 20;

/** The longest free text a report may carry. */
export const MAX_REPORT_DETAILS_LENGTH = 1000;

export const reportReasons = ['spam', 'fake', 'harassment', 'inappropriate', 'underage', 'other'] as const;
export const ReportReason = z.enum(reportReasons);
export type ReportReason = z.infer<typeof ReportReason>;

export const ReportRequest = z.strictObject({
  userId: Id,
  reason: ReportReason,
  details: z.optional(z.string().check(z.trim(), z.maxLength(MAX_REPORT_DETAILS_LENGTH))),
  /** Messages of the two's conversation to show moderators (only these); at most MAX_REPORTED_MESSAGES. */
  messageIds: z.optional(z.array(Id).check(z.maxLength(MAX_REPORTED_MESSAGES))),
});
export type ReportRequest = z.infer<typeof ReportRequest>;

export const ReportResponse = z.object({ reportId: Id, createdAt: IsoDateTime });
export type ReportResponse = z.infer<typeof ReportResponse>;
