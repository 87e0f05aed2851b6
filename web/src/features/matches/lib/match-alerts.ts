import type { MatchPage, Message } from '@dating/functions/contract';
import { chatPath } from '../../../config/paths';
import type { MatchesData } from './live-matches';

/** What the navigation badge and the title count: conversations with unread messages, matches not yet written to. */
export interface MatchCounts {
  unreadConversations: number;
  newMatches: number;
}

/**
 * Counted over the loaded pages of the matches list (the newest activity first, so what is new is on the first
 * page). A new match is one without any message yet: it stays new until one of the two writes.
 */
export function countMatches(data: { pages: readonly MatchPage[] } | undefined): MatchCounts {
  const items = data?.pages.flatMap((page) => page.items) ?? [];
  return {
    unreadConversations: items.filter((match) => match.unreadCount > 0).length,
    newMatches: items.filter((match) => match.lastMessage === null).length,
  };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "2 unread conversations, 1 new match"; empty when nothing waits. */
export function describeMatchCounts({ unreadConversations, newMatches }: MatchCounts): string {
  const parts: string[] = [];
  if (unreadConversations > 0) {
    parts.push(plural(unreadConversations, 'unread conversation', 'unread conversations'));
  }
  if (newMatches > 0) parts.push(plural(newMatches, 'new match', 'new matches'));
  return parts.join(', ');
}

export interface MessageToast {
  messageId: string;
  senderName: string;
  /** The first words, cut at a word near 80 characters. */
  preview: string;
  chatPath: string;
}

const PREVIEW_LENGTH = 80;

export function firstWords(text: string, length = PREVIEW_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The toast for a message that just arrived, or null: none for my own messages (from another device of mine),
 * none while that very chat is on screen (the chat shows it).
 */
export function toastForMessage(
  data: MatchesData | undefined,
  message: Message,
  myUserId: string | undefined,
  currentPath: string,
): MessageToast | null {
  if (message.senderId === myUserId) return null;
  const path = chatPath(message.conversationId);
  if (currentPath === path) return null;
  const match = data?.pages
    .flatMap((page) => page.items)
    .find((item) => item.matchId === message.conversationId);
  if (match && match.user.userId !== message.senderId) return null;
  return {
    messageId: message.id,
    senderName: match?.user.displayName ?? 'Someone you matched with',
    preview: firstWords(message.text),
    chatPath: path,
  };
}
