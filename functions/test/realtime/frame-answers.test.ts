import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import type { MessagePage } from '../../src/contract/chat';
import { ServiceUnavailableError } from '../../src/domain/errors';
import type { Store } from '../../src/ports/repositories';
import { cmid, matchedPairOverApi } from '../support/chat-fixtures';
import { startTestServer, type TestServer } from '../support/lab-server';
import { connectRealtime, type TestSocket } from '../support/ws-client';

/**
 * The answer to a `sendMessage` frame goes to the connection that sent it (its `requestContext.connectionId`),
 * not through the fan-out that looks the sender's connections up in the store: so a store failing right after
 * the message was stored (a database restart) cannot swallow the ack. Lab runtime, in-memory PGlite, whose
 * connection lookups a test can make fail.
 */
describe('answers to WebSocket frames (lab runtime)', () => {
  let server: TestServer;
  let lookupsFail = false;
  let storeDown = false;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    const { store } = await openPostgresStore();
    const flaky: Store = {
      ...store,
      connections: {
        ...store.connections,
        get: (connectionId, now) =>
          storeDown
            ? Promise.reject(new ServiceUnavailableError())
            : store.connections.get(connectionId, now),
        listByUsers: (userIds, now) =>
          lookupsFail
            ? Promise.reject(new ServiceUnavailableError({ cause: new Error('connect ECONNREFUSED') }))
            : store.connections.listByUsers(userIds, now),
      },
    };
    server = await startTestServer({ store: flaky });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await server?.close();
  });

  const open = async (...args: Parameters<typeof connectRealtime>) => {
    const socket = await connectRealtime(...args);
    sockets.push(socket);
    return socket;
  };

  it("acks on the sending connection exactly once; the sender's other connections get it by fan-out", async () => {
    const pair = await matchedPairOverApi(server.url);
    const [phone, laptop, bo] = [
      await open(server.url, pair.a),
      await open(server.url, pair.a),
      await open(server.url, pair.b),
    ];
    const clientMessageId = cmid('once');
    phone.send({ action: 'sendMessage', conversationId: pair.matchId, clientMessageId, text: 'hi' });
    const ack = await phone.next('messageAck');
    expect(ack).toMatchObject({ clientMessageId, message: { text: 'hi', senderId: pair.aId } });
    expect(await laptop.next('messageAck')).toEqual(ack);
    expect(await bo.next('message')).toEqual({ type: 'message', message: ack.message });
    // Not a second ack on the sending connection (the fan-out leaves it out).
    expect((await phone.quietFor(300)).filter((event) => event.type === 'messageAck')).toEqual([]);
  });

  it('still acks a stored message when the connection lookups fail right after it was stored', async () => {
    const pair = await matchedPairOverApi(server.url);
    const [phone, laptop] = [await open(server.url, pair.a), await open(server.url, pair.a)];
    const bo = await open(server.url, pair.b);
    const clientMessageId = cmid('lookup-fails');
    lookupsFail = true;
    try {
      phone.send({ action: 'sendMessage', conversationId: pair.matchId, clientMessageId, text: 'acked' });
      const ack = await phone.next('messageAck', (event) => event.clientMessageId === clientMessageId);
      expect(ack.message).toMatchObject({ text: 'acked', senderId: pair.aId });
      // The fan-out is best effort: without the lookups nobody else hears of it live (they catch up by REST).
      expect(await laptop.quietFor(300)).toEqual([]);
      expect(bo.events).toEqual([]);
      // With the store down from the start, a frame gets an `error` on its connection (nothing stored), and a
      // ping, which needs no store, its pong.
      storeDown = true;
      const refused = cmid('store-down');
      phone.send({
        action: 'sendMessage',
        conversationId: pair.matchId,
        clientMessageId: refused,
        text: 'no',
      });
      expect(await phone.next('error')).toMatchObject({
        code: 'service_unavailable',
        clientMessageId: refused,
      });
      phone.send({ action: 'ping' });
      expect(await phone.next('pong')).toEqual({ type: 'pong' });
    } finally {
      lookupsFail = false;
      storeDown = false;
    }
    const history = await pair.b.call<MessagePage>('GET', `/api/conversations/${pair.matchId}/messages`);
    expect(history.body.items.map((message) => message.clientMessageId)).toEqual([clientMessageId]);
  });
});
