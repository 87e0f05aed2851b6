import type { Message } from '@dating/functions/contract';
import { describe, expect, it } from 'vitest';
import {
  type ChatState,
  chatReducer,
  createThrottle,
  initialChatState,
  lastSeenMessageId,
  mergeMessages,
} from './chat-state';

const ME = '01HZX3K5B7Q9W2E4R6T8Y0M1NP';
const THEM = '01HZX3K5B7Q9W2E4R6T8Y0M1NQ';
const CONVERSATION = '01HZX3K5B7Q9W2E4R6T8Y0M1NR';

const message = (n: number, senderId = THEM, clientMessageId = `c${n}`): Message => ({
  id: `01J00000000000000000000${String(n).padStart(3, '0')}`,
  conversationId: CONVERSATION,
  senderId,
  text: `text ${n}`,
  createdAt: '2026-11-25T10:00:00.000Z',
  clientMessageId,
});

describe('mergeMessages', () => {
  it('sorts by id and drops repeats', () => {
    const merged = mergeMessages([message(2)], [message(3), message(1), message(2), message(3)]);
    expect(merged.map((m) => m.text)).toEqual(['text 1', 'text 2', 'text 3']);
  });

  it('keeps the same array when nothing is new (no re-render)', () => {
    const current = [message(1), message(2)];
    expect(mergeMessages(current, [message(2)])).toBe(current);
    expect(mergeMessages(current, [])).toBe(current);
  });

  it('merges an older page (newest first) in front', () => {
    const merged = mergeMessages([message(5), message(6)], [message(4), message(3)]);
    expect(merged.map((m) => m.id)).toEqual([3, 4, 5, 6].map((n) => message(n).id));
  });
});

describe('chatReducer', () => {
  const queued = chatReducer(initialChatState, { type: 'queued', clientMessageId: 'mine-1', text: 'hi' });

  it('shows a queued message as sending', () => {
    expect(queued.pending).toEqual([{ clientMessageId: 'mine-1', text: 'hi', status: 'sending' }]);
    expect(chatReducer(queued, { type: 'queued', clientMessageId: 'mine-1', text: 'hi' })).toBe(queued);
  });

  it('replaces the pending bubble with the confirmed message (ack or 201), once', () => {
    const confirmed = message(1, ME, 'mine-1');
    const acked = chatReducer(queued, { type: 'received', messages: [confirmed] });
    expect(acked.pending).toEqual([]);
    expect(acked.messages).toEqual([confirmed]);
    // The `message` echo or the REST answer arriving as well changes nothing.
    expect(chatReducer(acked, { type: 'received', messages: [confirmed] })).toBe(acked);
  });

  it('marks a failure and retries with the same clientMessageId', () => {
    const failed = chatReducer(queued, { type: 'failed', clientMessageId: 'mine-1', error: 'offline' });
    expect(failed.pending[0]).toEqual({
      clientMessageId: 'mine-1',
      text: 'hi',
      status: 'failed',
      error: 'offline',
    });
    const retrying = chatReducer(failed, { type: 'retrying', clientMessageId: 'mine-1' });
    expect(retrying.pending[0]).toEqual({ clientMessageId: 'mine-1', text: 'hi', status: 'sending' });
    expect(chatReducer(retrying, { type: 'failed', clientMessageId: 'other', error: 'x' })).toBe(retrying);
  });

  it('moves the read marker only forwards', () => {
    const read = chatReducer(initialChatState, { type: 'read', upToMessageId: message(5).id });
    expect(read.seenUpTo).toBe(message(5).id);
    expect(chatReducer(read, { type: 'read', upToMessageId: message(3).id })).toBe(read);
  });

  it('takes the other side’s read marker from a loaded page (after a reload), forwards only', () => {
    const mine = message(3, ME, 'mine-3');
    const loaded = chatReducer(initialChatState, {
      type: 'received',
      messages: [mine, message(2)],
      otherRead: { upToMessageId: mine.id, readAt: '2026-11-25T10:01:00.000Z' },
    });
    expect(loaded.seenUpTo).toBe(mine.id);
    expect(lastSeenMessageId(loaded, ME)).toBe(mine.id);
    // An older page, or a catch-up page taken before a later `read` event, does not move it back.
    const olderPage = chatReducer(loaded, {
      type: 'received',
      messages: [message(1)],
      otherRead: { upToMessageId: message(2).id, readAt: '2026-11-25T10:00:30.000Z' },
    });
    expect(olderPage.seenUpTo).toBe(mine.id);
    expect(chatReducer(loaded, { type: 'received', messages: [mine], otherRead: null })).toBe(loaded);
    expect(chatReducer(initialChatState, { type: 'received', messages: [], otherRead: null })).toBe(
      initialChatState,
    );
  });
});

describe('lastSeenMessageId', () => {
  const state: ChatState = {
    ...initialChatState,
    messages: [message(1, ME), message(2, THEM), message(3, ME), message(4, THEM)],
  };

  it('is my newest message once the other side read up to it or beyond', () => {
    expect(lastSeenMessageId(state, ME)).toBeNull();
    expect(lastSeenMessageId({ ...state, seenUpTo: message(2).id }, ME)).toBeNull();
    expect(lastSeenMessageId({ ...state, seenUpTo: message(3).id }, ME)).toBe(message(3).id);
    expect(lastSeenMessageId({ ...state, seenUpTo: message(4).id }, ME)).toBe(message(3).id);
  });
});

describe('createThrottle', () => {
  it('lets one call through per interval', () => {
    const throttle = createThrottle(3000);
    expect(throttle(0)).toBe(true);
    expect(throttle(1000)).toBe(false);
    expect(throttle(2999)).toBe(false);
    expect(throttle(3000)).toBe(true);
    expect(throttle(5000)).toBe(false);
    expect(throttle(6500)).toBe(true);
  });
});
