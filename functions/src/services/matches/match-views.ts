import type { MatchSummary } from '../../contract/matching';
import type { ProfileRecord } from '../../domain/records';
import type { ConversationState } from '../../ports/chat';
import type { MatchRecord } from '../../ports/matching';
import type { PhotoRecord } from '../../ports/photos';
import { toPublicProfile } from '../profiles/profile-service';

const noConversationYet: ConversationState = { lastMessage: null, unreadCount: 0 };

/**
 * A match as `viewer` sees it: the other side's public profile (distance from the viewer), and the
 * conversation's last message and the viewer's unread count (none for a new match).
 */
export function toMatchSummary(
  match: MatchRecord,
  other: ProfileRecord,
  otherPhotos: readonly PhotoRecord[],
  viewer: ProfileRecord,
  now: Date,
  conversation: ConversationState = noConversationYet,
): MatchSummary {
  return {
    matchId: match.id,
    user: toPublicProfile(other, viewer, now, otherPhotos),
    createdAt: match.createdAt,
    lastActivityAt: match.lastActivityAt,
    lastMessage: conversation.lastMessage
      ? {
          id: conversation.lastMessage.id,
          senderId: conversation.lastMessage.senderId,
          text: conversation.lastMessage.text,
          createdAt: conversation.lastMessage.createdAt,
        }
      : null,
    unreadCount: conversation.unreadCount,
  };
}

export const otherPartyOf = (match: MatchRecord, userId: string): string | null =>
  match.userLow === userId ? match.userHigh : match.userHigh === userId ? match.userLow : null;
