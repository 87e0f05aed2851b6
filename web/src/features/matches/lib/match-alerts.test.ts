import type { MatchSummary, Message, PublicProfile } from '@dating/functions/contract';
import { describe, expect, it } from 'vitest';
import type { MatchesData } from './live-matches';
import { countMatches, describeMatchCounts, firstWords, toastForMessage } from './match-alerts';

const ME = '01HZX3K5B7Q9W2E4R6T8Y0M000';
const profile = (n: number, displayName: string): PublicProfile => ({
  userId: `01HZX3K5B7Q9W2E4R6T8Y0M${String(n).padStart(3, '0')}`,
  displayName,
  age: 30,
  gender: 'woman',
  bio: '',
  interests: [],
  prompts: [],
  photos: [],
  distanceKm: 3,
});
const match = (n: number, name: string, unreadCount: number, written: boolean): MatchSummary => ({
  matchId: `01HZX3K5B7Q9W2E4R6T8Y0MM${String(n).padStart(2, '0')}`,
  user: profile(n, name),
  createdAt: '2026-12-01T10:00:00.000Z',
  lastActivityAt: '2026-12-01T10:00:00.000Z',
  lastMessage: written
    ? { id: '01HZX3K5B7Q9W2E4R6T8Y0MX01', senderId: ME, text: 'hi', createdAt: '2026-12-01T10:00:00.000Z' }
    : null,
  unreadCount,
});
const data = (...items: MatchSummary[]): MatchesData => ({
  pages: [{ items, nextCursor: null }],
  pageParams: [null],
});
const ana = match(1, 'Ana', 2, true);
const bo = match(2, 'Bo', 0, false);
const cy = match(3, 'Cy', 0, true);
const message = (from: string, text: string, conversationId = ana.matchId): Message => ({
  id: '01HZX3K5B7Q9W2E4R6T8Y0MX02',
  conversationId,
  senderId: from,
  text,
  createdAt: '2026-12-01T11:00:00.000Z',
  clientMessageId: 'c1',
});

describe('match alerts', () => {
  it('counts conversations with unread messages and matches nobody has written to yet', () => {
    const counts = countMatches(data(ana, bo, cy));
    expect(counts).toEqual({ unreadConversations: 1, newMatches: 1 });
    expect(describeMatchCounts(counts)).toBe('1 unread conversation, 1 new match');
    expect(describeMatchCounts({ unreadConversations: 2, newMatches: 3 })).toBe(
      '2 unread conversations, 3 new matches',
    );
    expect(describeMatchCounts(countMatches(undefined))).toBe('');
  });

  it('toasts a message from a match with the sender and first words, unless that chat is open', () => {
    const list = data(ana, bo);
    expect(toastForMessage(list, message(ana.user.userId, 'Hello there'), ME, '/photos')).toEqual({
      messageId: '01HZX3K5B7Q9W2E4R6T8Y0MX02',
      senderName: 'Ana',
      preview: 'Hello there',
      chatPath: `/matches/${ana.matchId}/chat`,
    });
    expect(
      toastForMessage(list, message(ana.user.userId, 'Hi'), ME, `/matches/${ana.matchId}/chat`),
    ).toBeNull();
    expect(toastForMessage(list, message(ME, 'my own, from my phone'), ME, '/photos')).toBeNull();
    expect(toastForMessage(undefined, message(ana.user.userId, 'Hi'), ME, '/')?.senderName).toBe(
      'Someone you matched with',
    );
  });

  it('cuts a long message at a word', () => {
    const long = `${'word '.repeat(30)}end`;
    const cut = firstWords(long, 22);
    expect(cut).toBe('word word word word…');
    expect(firstWords('  two\n lines ')).toBe('two lines');
  });
});
