import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import type { Message } from '../../src/contract/chat';
import { databaseUrlOrSkip, freshSchemaName, skipReason } from '../postgres/server';
import { cmid, matchedPairOverApi } from '../support/chat-fixtures';
import { startTestServer, type TestServer } from '../support/lab-server';
import { connectRealtime, type TestSocket } from '../support/ws-client';

const databaseUrl = databaseUrlOrSkip();

/**
 * Two lab runtime processes' worth of servers (separate stores, pools, sockets and LISTEN sessions) on one
 * real PostgreSQL: what a Deployment with two replicas is. Users connected to one replica must receive what
 * is sent through the other, over LISTEN/NOTIFY.
 */
describe.skipIf(!databaseUrl)(
  `two lab replicas sharing one PostgreSQL${databaseUrl ? '' : ` (${skipReason})`}`,
  () => {
    const schema = freshSchemaName();
    const channel = `realtime_test_${randomBytes(4).toString('hex')}`;
    let one: TestServer;
    let two: TestServer;
    const sockets: TestSocket[] = [];

    const replica = async () => {
      const { store } = await openPostgresStore({ databaseUrl, schema });
      return startTestServer({ store, env: { DATABASE_URL: databaseUrl }, realtimeChannel: channel });
    };

    beforeAll(async () => {
      one = await replica();
      two = await replica();
    }, 60_000);
    afterAll(async () => {
      await Promise.all(sockets.map((socket) => socket.close()));
      await one?.close();
      await two?.close();
      const { client } = await openPostgresStore({ databaseUrl, schema });
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.close();
    });

    it('delivers across replicas both ways, over WebSocket and REST', async () => {
      const pair = await matchedPairOverApi(one.url, two.url);
      const a = await connectRealtime(one.url, pair.a);
      const b = await connectRealtime(two.url, pair.b);
      sockets.push(a, b);

      const clientMessageId = cmid();
      a.send({
        action: 'sendMessage',
        conversationId: pair.matchId,
        clientMessageId,
        text: 'via replica one',
      });
      const ack = await a.next('messageAck');
      expect(await b.next('message')).toEqual({ type: 'message', message: ack.message });

      const reply = await pair.b.call<{ message: Message }>(
        'POST',
        `/api/conversations/${pair.matchId}/messages`,
        {
          body: { clientMessageId: cmid(), text: 'via replica two' },
        },
      );
      expect(reply.status).toBe(201);
      expect(await a.next('message')).toEqual({ type: 'message', message: reply.body.message });

      b.send({ action: 'typing', conversationId: pair.matchId });
      expect(await a.next('typing')).toMatchObject({ userId: pair.bId });
      b.send({ action: 'markRead', conversationId: pair.matchId, upToMessageId: ack.message.id });
      expect(await a.next('read')).toMatchObject({ userId: pair.bId, upToMessageId: ack.message.id });
    });

    it('carries the largest message (2000 three-byte characters) intact', async () => {
      const pair = await matchedPairOverApi(one.url, two.url);
      const b = await connectRealtime(two.url, pair.b);
      sockets.push(b);
      const text = `${'字'.repeat(1_990)}${'é🌍'.repeat(3)}!`;
      const sent = await pair.a.call<{ message: Message }>(
        'POST',
        `/api/conversations/${pair.matchId}/messages`,
        {
          body: { clientMessageId: cmid('big'), text },
        },
      );
      expect(sent.status, sent.text).toBe(201);
      expect((await b.next('message')).message).toEqual(sent.body.message);
    });

    it('stores one message for concurrent retries through both replicas', async () => {
      const pair = await matchedPairOverApi(one.url, two.url);
      const clientMessageId = cmid('race');
      const url = `/api/conversations/${pair.matchId}/messages`;
      const sessionOnTwo = pair.a;
      // The same user posting through replica one and (with the same token) through replica two at once.
      const viaTwo = async () => {
        const response = await fetch(`${two.url}${url}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${sessionOnTwo.accessToken}`,
          },
          body: JSON.stringify({ clientMessageId, text: 'race' }),
        });
        return { status: response.status, body: (await response.json()) as { message: Message } };
      };
      const viaOne = () =>
        pair.a.call<{ message: Message }>('POST', url, { body: { clientMessageId, text: 'race' } });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, index) => (index % 2 ? viaOne() : viaTwo())),
      );
      expect(results.filter((result) => result.status === 201)).toHaveLength(1);
      expect(new Set(results.map((result) => result.body.message.id)).size).toBe(1);
      const listed = await pair.b.call<{ items: Message[] }>('GET', url);
      expect(listed.body.items).toHaveLength(1);
    });

    it('reaches a user on every replica they are connected to', async () => {
      const pair = await matchedPairOverApi(one.url, two.url);
      const bOnOne = await connectRealtime(one.url, pair.b);
      const bOnTwo = await connectRealtime(two.url, pair.b);
      sockets.push(bOnOne, bOnTwo);
      const sent = await pair.a.call<{ message: Message }>(
        'POST',
        `/api/conversations/${pair.matchId}/messages`,
        {
          body: { clientMessageId: cmid(), text: 'everywhere' },
        },
      );
      expect((await bOnOne.next('message')).message.id).toBe(sent.body.message.id);
      expect((await bOnTwo.next('message')).message.id).toBe(sent.body.message.id);
    });
  },
);
