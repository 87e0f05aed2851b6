import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, migrate, pgPoolClient, type SqlClient } from '../../src/adapters/postgres';
import type { MessageRecord } from '../../src/ports/chat';
import type { Store } from '../../src/ports/repositories';
import { aConversation, aMessage } from '../contract/chat-contract';
import { databaseUrlOrSkip, freshSchemaName, skipReason } from '../postgres/server';

const databaseUrl = databaseUrlOrSkip();

/**
 * Storing a message is one statement that locks the match row, so the races that matter happen inside it:
 * sessions queue on the lock after their snapshot was taken. PGlite is one session and cannot race; these run
 * on a real PostgreSQL server only.
 */
describe.skipIf(!databaseUrl)(
  `PostgreSQL server: messages sent at the same moment${databaseUrl ? '' : ` (${skipReason})`}`,
  () => {
    let client: SqlClient;
    let store: Store;
    let schema: string;

    beforeAll(async () => {
      schema = freshSchemaName();
      const admin = pgPoolClient(databaseUrl ?? '');
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.close();
      client = pgPoolClient(databaseUrl ?? '', { schema, max: 40 });
      await migrate(client);
      store = createPostgresStore(client);
    }, 60_000);
    afterAll(async () => {
      await client?.query(`DROP SCHEMA ${schema} CASCADE`);
      await client?.close();
    });

    /** Resolves once a session of this schema's database waits on a lock (the send queued behind `holder`). */
    const someoneWaitsOnALock = async () => {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const { rows } = await client.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO messages%'`,
        );
        if ((rows[0]?.waiting ?? 0) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('the send never waited on the match lock');
    };

    it('a retry that queued behind its first attempt gets the first message back, stored once', async () => {
      const conversation = await aConversation(store);
      const first = aMessage(conversation, conversation.userLow, { clientMessageId: 'raced' });
      const retry = aMessage(conversation, conversation.userLow, { clientMessageId: 'raced', text: 'again' });
      let retried: ReturnType<Store['conversations']['send']> | undefined;
      // The first attempt holds the match lock and has inserted, uncommitted, when the retry's statement starts:
      // the retry's snapshot cannot see the first message, only the unique key can.
      await client.transaction(async (tx) => {
        await tx.query('SELECT id FROM matches WHERE id = $1 FOR NO KEY UPDATE', [conversation.id]);
        await tx.query(
          `INSERT INTO messages (id, conversation_id, sender_id, client_message_id, text, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
          [first.id, conversation.id, first.senderId, first.clientMessageId, first.text, first.createdAt],
        );
        retried = store.conversations.send(conversation, retry);
        await someoneWaitsOnALock();
      });
      expect(await retried).toEqual({ status: 'duplicate', message: first });
      expect(await store.conversations.list(conversation.id, { limit: 10 })).toEqual([first]);
    });

    it('many sends from both sides at once are all stored, with the last activity and unread counts right', async () => {
      const conversation = await aConversation(store);
      const { userLow: ada, userHigh: bob } = conversation;
      const messages = Array.from({ length: 30 }, (_, index) =>
        aMessage(conversation, index % 3 === 0 ? bob : ada),
      );
      const results = await Promise.all(
        messages.map((message) => store.conversations.send(conversation, message)),
      );
      expect(results.every((result) => result.status === 'created')).toBe(true);
      const newest = messages.at(-1) as MessageRecord;
      expect((await store.matches.get(conversation.id))?.lastActivityAt).toBe(newest.createdAt);
      const stored = await store.conversations.list(conversation.id, { limit: 50 });
      expect(stored).toEqual([...messages].reverse());
      const state = async (userId: string) =>
        (await store.matches.listActive(userId, { limit: 5 })).find(
          (entry) => entry.match.id === conversation.id,
        )?.conversation;
      const fromAda = messages.filter((message) => message.senderId === ada).length;
      expect(await state(bob)).toEqual({ lastMessage: newest, unreadCount: fromAda });
      expect(await state(ada)).toEqual({ lastMessage: newest, unreadCount: messages.length - fromAda });
    });

    it('bursts of retries of several messages, mixed with new ones, keep one message per clientMessageId', async () => {
      const conversation = await aConversation(store);
      const keys = ['k1', 'k2', 'k3', 'k4'];
      const attempts = keys.flatMap((key) =>
        Array.from({ length: 8 }, () =>
          aMessage(conversation, conversation.userHigh, { clientMessageId: key }),
        ),
      );
      const fresh = Array.from({ length: 8 }, () => aMessage(conversation, conversation.userLow));
      const results = await Promise.all(
        [...attempts, ...fresh].map((message) => store.conversations.send(conversation, message)),
      );
      const stored = await store.conversations.list(conversation.id, { limit: 100 });
      expect(stored).toHaveLength(keys.length + fresh.length);
      for (const key of keys) {
        const answers = results.filter(
          (result) => result.status !== 'closed' && result.message.clientMessageId === key,
        );
        expect(answers).toHaveLength(8);
        expect(answers.filter((answer) => answer.status === 'created')).toHaveLength(1);
        const kept = stored.filter((message) => message.clientMessageId === key);
        expect(kept).toHaveLength(1);
        // Every retry answers the one stored message.
        expect(
          new Set(answers.map((answer) => (answer.status === 'closed' ? '' : answer.message.id))),
        ).toEqual(new Set([kept[0]?.id]));
      }
    });

    it('a send queued behind an unmatch is refused and stores nothing', async () => {
      const conversation = await aConversation(store);
      const late = aMessage(conversation, conversation.userLow);
      let sent: ReturnType<Store['conversations']['send']> | undefined;
      await client.transaction(async (tx) => {
        await tx.query('UPDATE matches SET ended_at = $2 WHERE id = $1', [conversation.id, late.createdAt]);
        sent = store.conversations.send(conversation, late);
        await someoneWaitsOnALock();
      });
      expect(await sent).toEqual({ status: 'closed' });
      expect(await store.conversations.list(conversation.id, { limit: 10 })).toEqual([]);
    });
  },
);
