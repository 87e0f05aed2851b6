import type { MatchSummary } from '../../contract/matching';
import type { ProfileRecord } from '../../domain/records';
import type { MatchRecord } from '../../ports/matching';
import type { PhotoRecord } from '../../ports/photos';
import { toPublicProfile } from '../profiles/profile-service';

/**
 * A match as `viewer` sees it: the other side's public profile (distance from the viewer). `lastMessage` and
 * `unreadCount` stay empty until the chat issue fills them in.
 */
export function toMatchSummary(
  match: MatchRecord,
  other: ProfileRecord,
  otherPhotos: readonly PhotoRecord[],
  viewer: ProfileRecord,
  now: Date,
): MatchSummary {
  return {
    matchId: match.id,
    user: toPublicProfile(other, viewer, now, otherPhotos),
    createdAt: match.createdAt,
    lastActivityAt: match.lastActivityAt,
    lastMessage: null,
    unreadCount: 0,
  };
}

export const otherPartyOf = (match: MatchRecord, userId: string): string | null =>
  match.userLow === userId ? match.userHigh : match.userHigh === userId ? match.userLow : null;
