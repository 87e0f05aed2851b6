import type { MatchPage, MatchSummary, Message } from '@dating/functions/contract';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/query-keys';
import type { RealtimeEvent } from '../../../lib/realtime';

export type MatchesData = InfiniteData<MatchPage, string | null>;

/**
 * What one event does to the cached matches list: a new list, a refetch (the cache alone cannot tell the
 * answer), or nothing (nothing cached, not about the list, or already in it: delivery is at least once).
 */
export type MatchesChange = { type: 'set'; data: MatchesData } | { type: 'refetch' } | { type: 'none' };

const none: MatchesChange = { type: 'none' };
const refetch: MatchesChange = { type: 'refetch' };
const set = (data: MatchesData): MatchesChange => ({ type: 'set', data });

const findMatch = (data: MatchesData, matchId: string) =>
  data.pages.flatMap((page) => page.items).find((match) => match.matchId === matchId);

const withoutMatch = (data: MatchesData, matchId: string): MatchesData => ({
  ...data,
  pages: data.pages.map((page) => ({
    ...page,
    items: page.items.filter((match) => match.matchId !== matchId),
  })),
});

/** The list is by last activity, newest first: what happens now goes to the top. */
const withMatchOnTop = (data: MatchesData, match: MatchSummary): MatchesData => {
  const rest = withoutMatch(data, match.matchId);
  const [first, ...others] = rest.pages;
  return first ? { ...rest, pages: [{ ...first, items: [match, ...first.items] }, ...others] } : rest;
};

const withMatchReplaced = (data: MatchesData, match: MatchSummary): MatchesData => ({
  ...data,
  pages: data.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => (item.matchId === match.matchId ? match : item)),
  })),
});

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** A new message (ids are ULIDs: string order is time order): last message, activity, the unread badge. */
function afterMessage(data: MatchesData, message: Message): MatchesChange {
  const match = findMatch(data, message.conversationId);
  // Not on a loaded page, or a match this list has not seen yet: only the server knows where it goes.
  if (!match) return refetch;
  const last = match.lastMessage;
  if (last && last.id === message.id) return none;
  // An older message arriving late, or a repeat of one: the cache cannot tell which, so ask.
  if (last && last.id > message.id) return refetch;
  const fromThem = message.senderId === match.user.userId;
  return set(
    withMatchOnTop(data, {
      ...match,
      lastMessage: {
        id: message.id,
        senderId: message.senderId,
        text: message.text,
        createdAt: message.createdAt,
      },
      lastActivityAt: later(message.createdAt, match.lastActivityAt),
      unreadCount: match.unreadCount + (fromThem ? 1 : 0),
    }),
  );
}

/** The cached matches list after one realtime event (pure: the unit under test). */
export function matchesAfterEvent(data: MatchesData | undefined, event: RealtimeEvent): MatchesChange {
  if (!data) return none;
  switch (event.type) {
    case 'match':
      return findMatch(data, event.match.matchId) ? none : set(withMatchOnTop(data, event.match));
    case 'unmatched':
      return findMatch(data, event.matchId) ? set(withoutMatch(data, event.matchId)) : none;
    case 'message':
    case 'messageAck':
      return afterMessage(data, event.message);
    case 'read': {
      const match = findMatch(data, event.conversationId);
      // Only my own marker (read on this or another device) changes what the list shows.
      if (!match || event.userId === match.user.userId || match.unreadCount === 0) return none;
      if (match.lastMessage && event.upToMessageId >= match.lastMessage.id) {
        return set(withMatchReplaced(data, { ...match, unreadCount: 0 }));
      }
      return refetch; // read part of the way: only the server can count the rest
    }
    case 'reconnected':
      return refetch; // events may have been missed while the connection was down
    default:
      return none;
  }
}

const listEvents: ReadonlySet<RealtimeEvent['type']> = new Set([
  'match',
  'unmatched',
  'message',
  'messageAck',
  'read',
  'reconnected',
]);

/**
 * Applies an event to the query cache. A list request already on its way may have been answered before the
 * event happened, so then the list is fetched again too (that cancels the request in flight).
 */
export function syncMatchesWithEvent(queryClient: QueryClient, event: RealtimeEvent): void {
  if (!listEvents.has(event.type)) return;
  const change = matchesAfterEvent(queryClient.getQueryData<MatchesData>(queryKeys.matches.list), event);
  if (change.type === 'set') queryClient.setQueryData<MatchesData>(queryKeys.matches.list, change.data);
  if (event.type === 'unmatched') {
    // A page showing this match finds out itself (the chat ends on `unmatched`); cached copies go.
    queryClient.removeQueries({ queryKey: queryKeys.matches.one(event.matchId), type: 'inactive' });
  }
  if (change.type === 'refetch' || queryClient.isFetching({ queryKey: queryKeys.matches.list }) > 0) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.matches.list });
  }
}
