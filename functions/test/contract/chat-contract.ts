import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import { createsMatch } from '../../src/domain/pair-facts';
import type { ConversationRef, MessageRecord } from '../../src/ports/chat';
import type { MatchRecord } from '../../src/ports/matching';
import type { Store } from '../../src/ports/repositories';
import { aComplementaryPair } from '../support/matching-fixtures';
import { aUser, iso } from './fixtures';

let clock = Date.UTC(2026, 6, 1);
/** Strictly increasing times (and so ids), so the order of messages is well defined. */
const tick = () => {
  clock += 1_000;
  return new Date(clock);
};

/** Two users with an active match between them: the conversation. */
export async function aConversation(store: Store): Promise<MatchRecord & ConversationRef> {
  const { woman, man } = await aComplementaryPair(store);
  await store.swipes.record(
    { swiperId: woman.id, targetId: man.id, decision: 'like', createdAt: iso(clock) },
    newId(),
    createsMatch,
  );
  const result = await store.swipes.record(
    { swiperId: man.id, targetId: woman.id, decision: 'like', createdAt: iso(clock) },
    newId(),
    createsMatch,
  );
  if (result.status !== 'recorded' || !result.match) throw new Error('expected a match');
  return result.match;
}

export const aMessage = (
  conversation: ConversationRef,
  senderId: string,
  overrides: Partial<MessageRecord> = {},
): MessageRecord => {
  const at = tick();
  return {
    id: newId(at),
    conversationId: conversation.id,
    senderId,
    text: `hello ${randomBytes(3).toString('hex')}`,
    clientMessageId: randomBytes(8).toString('hex'),
    createdAt: at.toISOString(),
    ...overrides,
  };
};

/** Messages, read markers, realtime tickets and connections: the chat's part of the store contract. */
export function describeChatContract(store: () => Store): void {
  describe('conversations', () => {
    it('stores messages and pages them both ways by id', async () => {
      const conversation = await aConversation(store());
      const { userLow: a, userHigh: b } = conversation;
      const sent: MessageRecord[] = [];
      for (let index = 0; index < 5; index += 1) {
        const message = aMessage(conversation, index % 2 === 0 ? a : b);
        expect(await store().conversations.send(conversation, message)).toEqual({
          status: 'created',
          message,
        });
        sent.push(message);
      }
      const [m0, m1, m2, m3, m4] = sent as [
        MessageRecord,
        MessageRecord,
        MessageRecord,
        MessageRecord,
        MessageRecord,
      ];
      const list = (page: { before?: string; after?: string; limit: number }) =>
        store().conversations.list(conversation.id, page);
      expect(await list({ limit: 10 })).toEqual([...sent].reverse());
      expect(await list({ limit: 2 })).toEqual([m4, m3]);
      expect(await list({ before: m3.id, limit: 2 })).toEqual([m2, m1]);
      expect(await list({ before: m1.id, limit: 10 })).toEqual([m0]);
      expect(await list({ before: m0.id, limit: 10 })).toEqual([]);
      expect(await list({ after: m1.id, limit: 2 })).toEqual([m2, m3]);
      expect(await list({ after: m3.id, limit: 10 })).toEqual([m4]);
      expect(await list({ after: m4.id, limit: 10 })).toEqual([]);
      // A cursor that is not a message of the conversation still pages by id order.
      expect(await list({ after: '01000000000000000000000000', limit: 1 })).toEqual([m0]);
      expect(await store().conversations.list(newId(), { limit: 10 })).toEqual([]);
    });

    it('moves the match’s last activity to the newest message', async () => {
      const conversation = await aConversation(store());
      const message = aMessage(conversation, conversation.userLow);
      await store().conversations.send(conversation, message);
      expect((await store().matches.get(conversation.id))?.lastActivityAt).toBe(message.createdAt);
      const [listed] = await store().matches.listActive(conversation.userHigh, { limit: 5 });
      expect(listed?.match.lastActivityAt).toBe(message.createdAt);
    });

    it('lists each match with its last message and the viewer’s unread count, busiest first', async () => {
      const conversation = await aConversation(store());
      const { userLow: ada, userHigh: bob } = conversation;
      const state = async (userId: string) => {
        const listed = await store().matches.listActive(userId, { limit: 5 });
        const entry = listed.find((item) => item.match.id === conversation.id);
        return entry?.conversation;
      };
      expect(await state(ada)).toEqual({ lastMessage: null, unreadCount: 0 });
      const first = aMessage(conversation, ada);
      const second = aMessage(conversation, ada);
      await store().conversations.send(conversation, first);
      await store().conversations.send(conversation, second);
      expect(await state(bob)).toEqual({ lastMessage: second, unreadCount: 2 });
      expect(await state(ada)).toEqual({ lastMessage: second, unreadCount: 0 });
      await store().conversations.markRead(conversation, bob, first.id, tick().toISOString());
      expect(await state(bob)).toEqual({ lastMessage: second, unreadCount: 1 });
      const reply = aMessage(conversation, bob);
      await store().conversations.send(conversation, reply);
      expect(await state(bob)).toEqual({ lastMessage: reply, unreadCount: 1 });
      expect(await state(ada)).toEqual({ lastMessage: reply, unreadCount: 1 });
      await store().conversations.markRead(conversation, bob, reply.id, tick().toISOString());
      expect(await state(bob)).toEqual({ lastMessage: reply, unreadCount: 0 });
      // A repeated clientMessageId counts nothing twice.
      await store().conversations.send(
        conversation,
        aMessage(conversation, ada, { clientMessageId: first.clientMessageId }),
      );
      expect(await state(bob)).toEqual({ lastMessage: reply, unreadCount: 0 });
    });

    it('moves a match with a new message to the top of both listings', async () => {
      const { woman: me } = await aComplementaryPair(store());
      const others = [await aComplementaryPair(store()), await aComplementaryPair(store())].map(
        ({ man }) => man,
      );
      const matches: MatchRecord[] = [];
      for (const other of others) {
        await store().swipes.record(
          { swiperId: me.id, targetId: other.id, decision: 'like', createdAt: tick().toISOString() },
          newId(),
          createsMatch,
        );
        const result = await store().swipes.record(
          { swiperId: other.id, targetId: me.id, decision: 'like', createdAt: tick().toISOString() },
          newId(tick()),
          createsMatch,
        );
        if (result.status !== 'recorded' || !result.match) throw new Error('expected a match');
        matches.push(result.match);
      }
      const [older, newer] = matches as [MatchRecord, MatchRecord];
      const order = async () =>
        (await store().matches.listActive(me.id, { limit: 5 })).map((entry) => entry.match.id);
      expect(await order()).toEqual([newer.id, older.id]);
      await store().conversations.send(older, aMessage(older, me.id));
      expect(await order()).toEqual([older.id, newer.id]);
    });

    it('keeps the first message for a repeated clientMessageId (per sender)', async () => {
      const conversation = await aConversation(store());
      const first = aMessage(conversation, conversation.userLow, { clientMessageId: 'retry-1' });
      await store().conversations.send(conversation, first);
      const retry = aMessage(conversation, conversation.userLow, {
        clientMessageId: 'retry-1',
        text: 'changed',
      });
      expect(await store().conversations.send(conversation, retry)).toEqual({
        status: 'duplicate',
        message: first,
      });
      // The same client id from the other party is another message.
      const theirs = aMessage(conversation, conversation.userHigh, { clientMessageId: 'retry-1' });
      expect((await store().conversations.send(conversation, theirs)).status).toBe('created');
      expect(await store().conversations.list(conversation.id, { limit: 10 })).toEqual([theirs, first]);
    });

    it('stores exactly one message when many retries of one clientMessageId arrive at once', async () => {
      const conversation = await aConversation(store());
      const retries = Array.from({ length: 12 }, () =>
        aMessage(conversation, conversation.userHigh, { clientMessageId: 'burst' }),
      );
      const results = await Promise.all(
        retries.map((message) => store().conversations.send(conversation, message)),
      );
      const created = results.filter((result) => result.status === 'created');
      expect(created).toHaveLength(1);
      const ids = new Set(results.map((result) => (result.status === 'closed' ? null : result.message.id)));
      expect(ids.size).toBe(1);
      expect(await store().conversations.list(conversation.id, { limit: 50 })).toHaveLength(1);
    });

    it('accepts nothing in an ended or unknown conversation', async () => {
      const conversation = await aConversation(store());
      await store().conversations.send(conversation, aMessage(conversation, conversation.userLow));
      await store().matches.end(conversation.id, tick().toISOString());
      const late = aMessage(conversation, conversation.userHigh);
      expect(await store().conversations.send(conversation, late)).toEqual({ status: 'closed' });
      expect(await store().conversations.list(conversation.id, { limit: 10 })).toHaveLength(1);
      const unknown = { id: newId(), userLow: conversation.userLow, userHigh: conversation.userHigh };
      expect(await store().conversations.send(unknown, aMessage(unknown, unknown.userLow))).toEqual({
        status: 'closed',
      });
      expect(await store().conversations.list(unknown.id, { limit: 10 })).toEqual([]);
    });

    it('moves read markers forward only, and only to messages of the conversation', async () => {
      const conversation = await aConversation(store());
      const reader = conversation.userLow;
      const [m0, m1, m2] = [
        aMessage(conversation, conversation.userHigh),
        aMessage(conversation, conversation.userHigh),
        aMessage(conversation, reader),
      ];
      for (const message of [m0, m1, m2]) await store().conversations.send(conversation, message);
      const at = tick().toISOString();
      expect(await store().conversations.readMarker(conversation.id, reader)).toBeNull();
      expect(await store().conversations.markRead(conversation, reader, m1.id, at)).toBe('moved');
      expect(await store().conversations.readMarker(conversation.id, reader)).toEqual({
        conversationId: conversation.id,
        userId: reader,
        upToMessageId: m1.id,
        updatedAt: at,
      });
      expect(await store().conversations.markRead(conversation, reader, m0.id, tick().toISOString())).toBe(
        'unchanged',
      );
      expect(await store().conversations.markRead(conversation, reader, m1.id, tick().toISOString())).toBe(
        'unchanged',
      );
      expect(await store().conversations.markRead(conversation, reader, newId(), tick().toISOString())).toBe(
        'unknown_message',
      );
      const elsewhere = await aConversation(store());
      const foreign = aMessage(elsewhere, elsewhere.userLow);
      await store().conversations.send(elsewhere, foreign);
      expect(
        await store().conversations.markRead(conversation, reader, foreign.id, tick().toISOString()),
      ).toBe('unknown_message');
      expect((await store().conversations.readMarker(conversation.id, reader))?.upToMessageId).toBe(m1.id);
      expect(await store().conversations.markRead(conversation, reader, m2.id, tick().toISOString())).toBe(
        'moved',
      );
      expect((await store().conversations.readMarker(conversation.id, reader))?.upToMessageId).toBe(m2.id);
    });

    it('keeps each party’s read marker apart: sending is not reading, and one side never moves the other’s', async () => {
      const conversation = await aConversation(store());
      const [ada, bob] = [conversation.userLow, conversation.userHigh];
      const [a1, b1, a2] = [
        aMessage(conversation, ada),
        aMessage(conversation, bob),
        aMessage(conversation, ada),
      ];
      for (const message of [a1, b1, a2]) await store().conversations.send(conversation, message);
      const marker = (userId: string) => store().conversations.readMarker(conversation.id, userId);
      expect([await marker(ada), await marker(bob)]).toEqual([null, null]);

      const bobReadAt = tick().toISOString();
      expect(await store().conversations.markRead(conversation, bob, a1.id, bobReadAt)).toBe('moved');
      expect(await marker(ada)).toBeNull();
      const adaReadAt = tick().toISOString();
      expect(await store().conversations.markRead(conversation, ada, b1.id, adaReadAt)).toBe('moved');
      expect(await marker(bob)).toEqual({
        conversationId: conversation.id,
        userId: bob,
        upToMessageId: a1.id,
        updatedAt: bobReadAt,
      });
      expect(await marker(ada)).toEqual({
        conversationId: conversation.id,
        userId: ada,
        upToMessageId: b1.id,
        updatedAt: adaReadAt,
      });

      const laterAt = tick().toISOString();
      expect(await store().conversations.markRead(conversation, bob, a2.id, laterAt)).toBe('moved');
      expect(await marker(bob)).toMatchObject({ upToMessageId: a2.id, updatedAt: laterAt });
      expect(await marker(ada)).toMatchObject({ upToMessageId: b1.id, updatedAt: adaReadAt });
    });

    it('ends concurrent read markers at the newest one', async () => {
      const conversation = await aConversation(store());
      const messages = Array.from({ length: 6 }, () => aMessage(conversation, conversation.userHigh));
      for (const message of messages) await store().conversations.send(conversation, message);
      const results = await Promise.all(
        [...messages]
          .reverse()
          .map((message) =>
            store().conversations.markRead(
              conversation,
              conversation.userLow,
              message.id,
              tick().toISOString(),
            ),
          ),
      );
      expect(results).toContain('moved');
      expect(
        (await store().conversations.readMarker(conversation.id, conversation.userLow))?.upToMessageId,
      ).toBe(messages.at(-1)?.id);
    });
  });

  describe('realtime tickets', () => {
    // Times are real ones: stores may sweep expired tickets and connections by their own clock.
    const hash = () => createHash('sha256').update(randomBytes(16)).digest('base64url');

    it('is consumed once, and not after it expired', async () => {
      const user = aUser();
      await store().users.create(user);
      const now = Date.now();
      const ticket = {
        ticketHash: hash(),
        userId: user.id,
        createdAt: iso(now),
        expiresAt: iso(now + 60_000),
      };
      await store().realtimeTickets.create(ticket);
      expect(await store().realtimeTickets.consume(ticket.ticketHash, iso(now + 1_000))).toEqual({
        userId: user.id,
        sessionId: null,
      });
      expect(await store().realtimeTickets.consume(ticket.ticketHash, iso(now + 2_000))).toBeNull();

      const expired = { ...ticket, ticketHash: hash() };
      await store().realtimeTickets.create(expired);
      expect(await store().realtimeTickets.consume(expired.ticketHash, iso(now + 60_000))).toBeNull();
      expect(await store().realtimeTickets.consume(hash(), iso(now))).toBeNull();
    });

    it('goes to exactly one of many concurrent uses', async () => {
      const user = aUser();
      await store().users.create(user);
      const now = Date.now();
      const ticket = {
        ticketHash: hash(),
        userId: user.id,
        createdAt: iso(now),
        expiresAt: iso(now + 60_000),
      };
      await store().realtimeTickets.create(ticket);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store().realtimeTickets.consume(ticket.ticketHash, iso(now))),
      );
      expect(results.filter((holder) => holder?.userId === user.id)).toHaveLength(1);
    });
  });

  describe('connections', () => {
    // Real time: stores sweep expired rows by their own clock.
    const now = Date.now();
    const aConnection = (userId: string, connectedAt = now) => ({
      id: `${randomBytes(9).toString('base64')}=`,
      userId,
      connectedAt: iso(connectedAt),
      expiresAt: iso(connectedAt + 2 * 3_600_000),
    });

    it('finds connections by id and by user until they expire or are removed', async () => {
      const [ada, bob, eve] = [aUser(), aUser(), aUser()];
      for (const user of [ada, bob, eve]) await store().users.create(user);
      const adaPhone = aConnection(ada.id);
      const adaLaptop = aConnection(ada.id);
      const bobOld = aConnection(bob.id, now - 3 * 3_600_000);
      const bobNew = aConnection(bob.id);
      for (const connection of [adaPhone, adaLaptop, bobOld, bobNew])
        await store().connections.add(connection);

      expect(await store().connections.get(adaPhone.id, iso(now))).toEqual(adaPhone);
      expect(await store().connections.get(bobOld.id, iso(now))).toBeNull();
      const byId = (list: { id: string }[]) => list.map((connection) => connection.id).sort();
      expect(byId(await store().connections.listByUsers([ada.id, bob.id, eve.id], iso(now)))).toEqual(
        byId([adaPhone, adaLaptop, bobNew]),
      );
      expect(await store().connections.listByUsers([], iso(now))).toEqual([]);

      expect(await store().connections.remove(adaPhone.id)).toEqual(adaPhone);
      expect(await store().connections.remove(adaPhone.id)).toBeNull();
      expect(await store().connections.get(adaPhone.id, iso(now))).toBeNull();
      expect(await store().connections.listByUsers([ada.id], iso(now))).toEqual([adaLaptop]);
    });
  });
}
