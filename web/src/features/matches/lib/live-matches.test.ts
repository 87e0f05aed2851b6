import type { MatchSummary, Message } from '@dating/functions/contract';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '../../../lib/query-keys';
import { type MatchesData, matchesAfterEvent, syncMatchesWithEvent } from './live-matches';

const ME = '01HZX3K5B7Q9W2E4R6T8Y0M1NP';
const id = (n: number) => `01J00000000000000000000${String(n).padStart(3, '0')}`;
const at = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`;

/** Match `n` with person `n` (their user id is id(100 + n)), last active at minute `n`. */
const aMatch = (n: number, overrides: Partial<MatchSummary> = {}): MatchSummary => ({
  matchId: id(n),
  user: {
    userId: id(100 + n),
    displayName: `Person ${n}`,
    age: 30,
    gender: 'woman',
    bio: '',
    interests: [],
    prompts: [],
    photos: [],
    distanceKm: 3,
  },
  createdAt: at(n),
  lastActivityAt: at(n),
  lastMessage: null,
  unreadCount: 0,
  ...overrides,
});

const aMessage = (n: number, match: MatchSummary, senderId: string, minute = 30): Message => ({
  id: id(200 + n),
  conversationId: match.matchId,
  senderId,
  text: `text ${n}`,
  createdAt: at(minute),
  clientMessageId: `c${n}`,
});

const listOf = (...pages: MatchSummary[][]): MatchesData => ({
  pages: pages.map((items, index) => ({
    items,
    nextCursor: index < pages.length - 1 ? `cursor${index}` : null,
  })),
  pageParams: pages.map((_, index) => (index === 0 ? null : `cursor${index - 1}`)),
});

const shown = (data: MatchesData) =>
  data.pages.flatMap((page) => page.items.map((match) => [match.matchId, match.unreadCount]));

const applied = (change: ReturnType<typeof matchesAfterEvent>): MatchesData => {
  if (change.type !== 'set') throw new Error(`expected a new list, got ${change.type}`);
  return change.data;
};

describe('matchesAfterEvent', () => {
  const [m1, m2, m3] = [aMatch(3), aMatch(2), aMatch(1)];
  const list = listOf([m1, m2], [m3]);

  it('puts a new match at the top, once however often the event arrives', () => {
    const fresh = aMatch(9);
    const after = applied(matchesAfterEvent(list, { type: 'match', match: fresh }));
    expect(shown(after)).toEqual([
      [fresh.matchId, 0],
      [m1.matchId, 0],
      [m2.matchId, 0],
      [m3.matchId, 0],
    ]);
    expect(matchesAfterEvent(after, { type: 'match', match: fresh })).toEqual({ type: 'none' });
  });

  it('moves a match with their new message to the top with its preview and one more unread', () => {
    const message = aMessage(1, m3, m3.user.userId);
    const after = applied(matchesAfterEvent(list, { type: 'message', message }));
    expect(shown(after)).toEqual([
      [m3.matchId, 1],
      [m1.matchId, 0],
      [m2.matchId, 0],
    ]);
    expect(after.pages[0]?.items[0]).toMatchObject({
      lastMessage: {
        id: message.id,
        senderId: message.senderId,
        text: 'text 1',
        createdAt: message.createdAt,
      },
      lastActivityAt: message.createdAt,
    });
    // The cursors of loaded pages stay as the server gave them.
    expect(after.pageParams).toEqual(list.pageParams);
    // At least once: the same message again changes nothing.
    expect(matchesAfterEvent(after, { type: 'message', message })).toEqual({ type: 'none' });
  });

  it('shows my own message (acknowledged on any of my devices) without an unread count', () => {
    const message = aMessage(2, m2, ME);
    const after = applied(
      matchesAfterEvent(list, { type: 'messageAck', clientMessageId: message.clientMessageId, message }),
    );
    expect(shown(after)[0]).toEqual([m2.matchId, 0]);
    expect(after.pages[0]?.items[0]?.lastMessage?.text).toBe('text 2');
  });

  it('asks the server when the cache cannot tell: unknown match, or an older message arriving late', () => {
    const stranger = aMatch(7);
    expect(
      matchesAfterEvent(list, { type: 'message', message: aMessage(3, stranger, stranger.user.userId) }),
    ).toEqual({ type: 'refetch' });
    const newer = aMessage(5, m1, m1.user.userId);
    const withNewer = applied(matchesAfterEvent(list, { type: 'message', message: newer }));
    expect(
      matchesAfterEvent(withNewer, { type: 'message', message: aMessage(4, m1, m1.user.userId) }),
    ).toEqual({ type: 'refetch' });
  });

  it('clears the unread badge when I read up to the last message, not when they read', () => {
    const message = aMessage(6, m1, m1.user.userId);
    const unread = applied(matchesAfterEvent(list, { type: 'message', message }));
    const read = { type: 'read', conversationId: m1.matchId, upToMessageId: message.id } as const;
    expect(matchesAfterEvent(unread, { ...read, userId: m1.user.userId })).toEqual({ type: 'none' });
    expect(shown(applied(matchesAfterEvent(unread, { ...read, userId: ME })))[0]).toEqual([m1.matchId, 0]);
    // Read only part of the way: only the server can count what is left.
    expect(matchesAfterEvent(unread, { ...read, userId: ME, upToMessageId: id(1) })).toEqual({
      type: 'refetch',
    });
  });

  it('removes an ended match', () => {
    const after = applied(matchesAfterEvent(list, { type: 'unmatched', matchId: m2.matchId }));
    expect(shown(after)).toEqual([
      [m1.matchId, 0],
      [m3.matchId, 0],
    ]);
    expect(matchesAfterEvent(after, { type: 'unmatched', matchId: m2.matchId })).toEqual({ type: 'none' });
  });

  it('refetches after a reconnect, ignores other events, and does nothing before the list was loaded', () => {
    expect(matchesAfterEvent(list, { type: 'reconnected' })).toEqual({ type: 'refetch' });
    expect(matchesAfterEvent(list, { type: 'typing', conversationId: m1.matchId, userId: ME })).toEqual({
      type: 'none',
    });
    expect(matchesAfterEvent(undefined, { type: 'match', match: aMatch(9) })).toEqual({ type: 'none' });
  });
});

describe('syncMatchesWithEvent', () => {
  it('updates the cached list in place, and refetches it when the cache cannot tell', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const m1 = aMatch(1);
    let fetches = 0;
    await queryClient.prefetchInfiniteQuery({
      queryKey: queryKeys.matches.list,
      queryFn: async () => {
        fetches += 1;
        return { items: [m1], nextCursor: null };
      },
      initialPageParam: null as string | null,
    });
    expect(fetches).toBe(1);

    syncMatchesWithEvent(queryClient, { type: 'match', match: aMatch(2) });
    const data = queryClient.getQueryData<MatchesData>(queryKeys.matches.list);
    expect(data && shown(data)).toEqual([
      [aMatch(2).matchId, 0],
      [m1.matchId, 0],
    ]);
    expect(fetches).toBe(1);

    syncMatchesWithEvent(queryClient, { type: 'reconnected' });
    expect(queryClient.getQueryState(queryKeys.matches.list)?.isInvalidated).toBe(true);
  });

  it('forgets a cached copy of an ended match that no page shows', () => {
    const queryClient = new QueryClient();
    const match = aMatch(1);
    queryClient.setQueryData(queryKeys.matches.one(match.matchId), match);
    syncMatchesWithEvent(queryClient, { type: 'unmatched', matchId: match.matchId });
    expect(queryClient.getQueryData(queryKeys.matches.one(match.matchId))).toBeUndefined();
  });
});
