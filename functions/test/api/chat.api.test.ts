import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Message, MessagePage } from '../../src/contract/chat';
import { errorCode } from '../support/api-session';
import { cmid, type MatchedPair, matchedPairOverApi } from '../support/chat-fixtures';
import type { TestServer } from '../support/lab-server';
import { connectRealtime, TestSocket, UpgradeRefused, wsUrl } from '../support/ws-client';
import { labWorlds } from './api-targets';

interface MatchItem {
  matchId: string;
  lastMessage: { id: string; senderId: string; text: string } | null;
  unreadCount: number;
}

/**
 * Realtime chat runs where WebSockets do: the lab runtime (its gateway emulates API Gateway's WebSocket API),
 * on each store it supports. Lambda mode has no WebSocket emulation; the ws handlers' AWS wiring is covered
 * by test/lambda.
 */
describe.each(labWorlds)('chat over REST and WebSocket ($name)', (world) => {
  let server: TestServer;
  /** Moves the server's clock (tickets expire after 60 s). */
  let offsetMs = 0;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await world.start({ clock: { now: () => new Date(Date.now() + offsetMs) } });
  }, 90_000);
  afterEach(async () => {
    offsetMs = 0;
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  afterAll(async () => {
    await server?.close();
  });

  const connect = async (session: MatchedPair['a']) => {
    const socket = await connectRealtime(server.url, session);
    sockets.push(socket);
    return socket;
  };
  const messagesUrl = (pair: MatchedPair, query = '') =>
    `/api/conversations/${pair.matchId}/messages${query}`;
  const post = (pair: MatchedPair, who: 'a' | 'b', text: string, clientMessageId = cmid()) =>
    pair[who].call<{ message: Message }>('POST', messagesUrl(pair), { body: { clientMessageId, text } });
  const history = async (pair: MatchedPair, query = '') => {
    const response = await pair.a.call<{ items: Message[]; nextCursor: string | null }>(
      'GET',
      messagesUrl(pair, query),
    );
    expect(response.status, response.text).toBe(200);
    return response.body;
  };
  const matchItem = async (session: MatchedPair['a'], matchId: string) => {
    const response = await session.call<{ items: MatchItem[] }>('GET', '/api/matches');
    expect(response.status, response.text).toBe(200);
    return response.body.items.find((item) => item.matchId === matchId);
  };

  it('delivers a WebSocket message to the other side and acknowledges it to the sender', async () => {
    const pair = await matchedPairOverApi(server.url);
    const [a, b] = [await connect(pair.a), await connect(pair.b)];
    const clientMessageId = cmid();
    a.send({ action: 'sendMessage', conversationId: pair.matchId, clientMessageId, text: '  Hi Bo!  ' });

    const ack = await a.next('messageAck');
    expect(ack).toEqual({
      type: 'messageAck',
      clientMessageId,
      message: {
        id: expect.any(String),
        conversationId: pair.matchId,
        senderId: pair.aId,
        text: 'Hi Bo!',
        createdAt: expect.any(String),
        clientMessageId,
      },
    });
    expect(await b.next('message')).toEqual({ type: 'message', message: ack.message });
    expect((await history(pair)).items).toEqual([ack.message]);
  });

  it('delivers a REST message the same way, to every connection of each side', async () => {
    const pair = await matchedPairOverApi(server.url);
    const [aPhone, aLaptop, b] = [await connect(pair.a), await connect(pair.a), await connect(pair.b)];
    const sent = await post(pair, 'b', 'Hello from REST');
    expect(sent.status, sent.text).toBe(201);
    const { message } = sent.body;
    expect(await aPhone.next('message')).toEqual({ type: 'message', message });
    expect(await aLaptop.next('message')).toEqual({ type: 'message', message });
    expect(await b.next('messageAck')).toEqual({
      type: 'messageAck',
      clientMessageId: message.clientMessageId,
      message,
    });
  });

  it('passes typing and read receipts to the other side, and keeps unread counts and the last message', async () => {
    const pair = await matchedPairOverApi(server.url);
    const [a, b] = [await connect(pair.a), await connect(pair.b)];
    a.send({ action: 'typing', conversationId: pair.matchId });
    expect(await b.next('typing')).toEqual({
      type: 'typing',
      conversationId: pair.matchId,
      userId: pair.aId,
    });

    const first = (await post(pair, 'a', 'one')).body.message;
    const second = (await post(pair, 'a', 'two')).body.message;
    expect(await matchItem(pair.b, pair.matchId)).toMatchObject({
      lastMessage: { id: second.id, senderId: pair.aId, text: 'two' },
      unreadCount: 2,
    });
    expect((await matchItem(pair.a, pair.matchId))?.unreadCount).toBe(0);

    b.send({ action: 'markRead', conversationId: pair.matchId, upToMessageId: first.id });
    expect(await a.next('read')).toEqual({
      type: 'read',
      conversationId: pair.matchId,
      userId: pair.bId,
      upToMessageId: first.id,
    });
    expect((await matchItem(pair.b, pair.matchId))?.unreadCount).toBe(1);

    const read = await pair.b.call('POST', `/api/conversations/${pair.matchId}/read`, {
      body: { upToMessageId: second.id },
    });
    expect(read.status, read.text).toBe(204);
    expect(await a.next('read', (event) => event.upToMessageId === second.id)).toMatchObject({
      userId: pair.bId,
    });
    expect((await matchItem(pair.b, pair.matchId))?.unreadCount).toBe(0);

    // Backwards is a no-op (no event); a message of no conversation of theirs is 404.
    const back = await pair.b.call('POST', `/api/conversations/${pair.matchId}/read`, {
      body: { upToMessageId: first.id },
    });
    expect(back.status).toBe(204);
    const unknown = await pair.b.call('POST', `/api/conversations/${pair.matchId}/read`, {
      body: { upToMessageId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    });
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'not_found']);
    expect((await a.quietFor(100)).filter((event) => event.type === 'read')).toEqual([]);
  });

  it('answers every page with how far the other side has read, so "Seen" survives a reload', async () => {
    const pair = await matchedPairOverApi(server.url);
    const page = async (who: 'a' | 'b', query = '') => {
      const response = await pair[who].call<MessagePage>('GET', messagesUrl(pair, query));
      expect(response.status, response.text).toBe(200);
      return response.body;
    };
    const markRead = async (upToMessageId: string) => {
      const read = await pair.b.call('POST', `/api/conversations/${pair.matchId}/read`, {
        body: { upToMessageId },
      });
      expect(read.status, read.text).toBe(204);
    };
    const first = (await post(pair, 'a', 'one')).body.message;
    const second = (await post(pair, 'a', 'two')).body.message;
    expect((await page('a')).otherRead).toBeNull();

    const before = Date.now();
    await markRead(first.id);
    const afterRead = Date.now();
    const { otherRead } = await page('a');
    expect(otherRead?.upToMessageId).toBe(first.id);
    expect(Date.parse(otherRead?.readAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(otherRead?.readAt ?? '')).toBeLessThanOrEqual(afterRead + 1000);
    // Each side is shown the other's marker, never its own; catch-up and older pages carry it too.
    expect((await page('b')).otherRead).toBeNull();
    expect((await page('a', `?after=${first.id}`)).otherRead).toEqual(otherRead);
    expect((await page('a', `?before=${second.id}`)).otherRead).toEqual(otherRead);

    await markRead(second.id);
    await markRead(first.id); // backwards: changes nothing
    expect((await page('a')).otherRead?.upToMessageId).toBe(second.id);
  });

  it('stores one message per clientMessageId, however retries arrive', async () => {
    const pair = await matchedPairOverApi(server.url);
    const a = await connect(pair.a);
    const clientMessageId = cmid('retry');
    const first = await post(pair, 'a', 'once', clientMessageId);
    const again = await post(pair, 'a', 'once (retry)', clientMessageId);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.message).toEqual(first.body.message);

    a.send({ action: 'sendMessage', conversationId: pair.matchId, clientMessageId, text: 'once (over ws)' });
    const ack = await a.next('messageAck', (event) => event.clientMessageId === clientMessageId);
    expect(ack.message).toEqual(first.body.message);

    const burstId = cmid('burst');
    const burst = await Promise.all(Array.from({ length: 8 }, () => post(pair, 'a', 'burst', burstId)));
    for (let index = 0; index < 4; index += 1) {
      a.send({
        action: 'sendMessage',
        conversationId: pair.matchId,
        clientMessageId: burstId,
        text: 'burst',
      });
    }
    expect(burst.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(burst.map((response) => response.body.message.id)).size).toBe(1);
    const items = (await history(pair)).items;
    expect(items.map((message) => message.clientMessageId).sort()).toEqual([burstId, clientMessageId].sort());
  });

  it('lets a client catch up with after= once it reconnects', async () => {
    const pair = await matchedPairOverApi(server.url);
    let b = await connect(pair.b);
    const seen = (await post(pair, 'a', 'before the tunnel')).body.message;
    expect((await b.next('message')).message.id).toBe(seen.id);
    await b.close();

    const missed = [];
    for (const text of ['while', 'you', 'were away']) missed.push((await post(pair, 'a', text)).body.message);
    b = await connect(pair.b);
    const caughtUp = await pair.b.call<{ items: Message[]; nextCursor: string | null }>(
      'GET',
      messagesUrl(pair, `?after=${seen.id}`),
    );
    expect(caughtUp.body).toEqual({ items: missed, nextCursor: null, otherRead: null });
    const paged = await history(pair, `?after=${seen.id}&limit=2`);
    expect(paged).toEqual({ items: missed.slice(0, 2), nextCursor: missed[1]?.id, otherRead: null });
    expect((await history(pair, `?after=${paged.nextCursor}`)).items).toEqual(missed.slice(2));
    expect((await history(pair, `?before=${missed[2]?.id}&limit=2`)).items).toEqual([missed[1], missed[0]]);
    expect((await history(pair, '?limit=1')).items).toEqual([missed[2]]);
    const both = await pair.a.call('GET', messagesUrl(pair, `?after=${seen.id}&before=${seen.id}`));
    expect([both.status, errorCode(both)]).toEqual([400, 'validation_failed']);

    const live = (await post(pair, 'a', 'welcome back')).body.message;
    expect((await b.next('message')).message).toEqual(live);
  });

  it('closes the conversation when they unmatch: `unmatched` arrives and nothing more is accepted', async () => {
    const pair = await matchedPairOverApi(server.url);
    const [a, b] = [await connect(pair.a), await connect(pair.b)];
    await post(pair, 'a', 'hi');
    const ended = await pair.a.call('DELETE', `/api/matches/${pair.matchId}`);
    expect(ended.status).toBe(204);
    expect(await b.next('unmatched')).toEqual({ type: 'unmatched', matchId: pair.matchId });

    const clientMessageId = cmid('late');
    b.send({ action: 'sendMessage', conversationId: pair.matchId, clientMessageId, text: 'wait!' });
    expect(await b.next('error')).toEqual({
      type: 'error',
      code: 'not_found',
      message: 'Conversation not found',
      clientMessageId,
    });
    const rest = await post(pair, 'b', 'wait!');
    expect([rest.status, errorCode(rest)]).toEqual([404, 'not_found']);
    const listing = await pair.a.call('GET', messagesUrl(pair));
    expect(listing.status).toBe(404);
    b.send({ action: 'typing', conversationId: pair.matchId });
    expect((await b.next('error')).code).toBe('not_found');
    expect(await server.deps.store.conversations.list(pair.matchId, { limit: 10 })).toHaveLength(1);
    expect(
      (await a.quietFor(100)).filter((event) => event.type === 'message' || event.type === 'typing'),
    ).toEqual([]);
  });

  it('closes the conversation on a block, and hides it from strangers', async () => {
    const pair = await matchedPairOverApi(server.url);
    const stranger = await matchedPairOverApi(server.url);
    const intruder = await post({ ...pair, a: stranger.a }, 'a', 'let me in');
    expect([intruder.status, errorCode(intruder)]).toEqual([404, 'not_found']);

    const blocked = await pair.b.call('POST', '/api/blocks', { body: { userId: pair.aId } });
    expect(blocked.status).toBe(204);
    const after = await post(pair, 'a', 'hello?');
    expect([after.status, errorCode(after)]).toEqual([404, 'not_found']);
    expect(await server.deps.store.conversations.list(pair.matchId, { limit: 10 })).toEqual([]);
  });

  it('refuses a reused, expired, unknown or missing ticket before the upgrade', async () => {
    const pair = await matchedPairOverApi(server.url);
    const ticket = await pair.a.call<{ ticket: string; url: string; expiresAt: string }>(
      'POST',
      '/api/realtime/ticket',
    );
    expect(ticket.body.url).toBe(`/ws?ticket=${ticket.body.ticket}`);
    const first = await TestSocket.open(wsUrl(server.url, ticket.body.url));
    sockets.push(first);
    await expect(TestSocket.open(wsUrl(server.url, ticket.body.url))).rejects.toEqual(
      new UpgradeRefused(401),
    );

    const late = await pair.a.call<{ url: string }>('POST', '/api/realtime/ticket');
    offsetMs = 61_000;
    await expect(TestSocket.open(wsUrl(server.url, late.body.url))).rejects.toEqual(new UpgradeRefused(401));
    offsetMs = 0;
    await expect(TestSocket.open(wsUrl(server.url, '/ws?ticket=not-a-real-ticket-000000'))).rejects.toEqual(
      new UpgradeRefused(401),
    );
    await expect(TestSocket.open(wsUrl(server.url, '/ws'))).rejects.toEqual(new UpgradeRefused(401));
    await expect(TestSocket.open(wsUrl(server.url, `/api/ws${ticket.body.url.slice(3)}`))).rejects.toEqual(
      new UpgradeRefused(404),
    );
    const anonymous = await pair.a.call('POST', '/api/realtime/ticket', { token: null });
    expect(anonymous.status).toBe(401);
    // The refused attempts stored no connection; the open one is there.
    expect(
      await server.deps.store.connections.listByUsers([pair.aId], new Date().toISOString()),
    ).toHaveLength(1);
  });

  it('answers bad frames with an error event, pings with pong', async () => {
    const pair = await matchedPairOverApi(server.url);
    const a = await connect(pair.a);
    a.send({ action: 'ping' });
    expect(await a.next('pong')).toEqual({ type: 'pong' });

    a.send({ action: 'dance' });
    expect(await a.next('error')).toMatchObject({
      code: 'validation_failed',
      message: 'Unknown action',
      details: { fields: { action: [expect.any(String)] } },
    });
    a.send('not json');
    expect(await a.next('error')).toMatchObject({ code: 'validation_failed' });

    const clientMessageId = cmid('big');
    a.send({
      action: 'sendMessage',
      conversationId: pair.matchId,
      clientMessageId,
      text: 'x'.repeat(33 * 1024),
    });
    expect(await a.next('error')).toMatchObject({ code: 'payload_too_large', clientMessageId });

    const blank = cmid('blank');
    a.send({ action: 'sendMessage', conversationId: pair.matchId, clientMessageId: blank, text: '   ' });
    expect(await a.next('error')).toMatchObject({
      code: 'validation_failed',
      clientMessageId: blank,
      details: { fields: { text: [expect.any(String)] } },
    });
    a.send({
      action: 'sendMessage',
      conversationId: pair.matchId,
      clientMessageId: cmid(),
      text: 'x'.repeat(2001),
    });
    expect((await a.next('error')).code).toBe('validation_failed');
    a.send({ action: 'markRead', conversationId: pair.matchId, upToMessageId: 'nope', extra: 1 });
    expect((await a.next('error')).details).toMatchObject({
      fields: { upToMessageId: expect.any(Array), extra: expect.any(Array) },
    });
    expect((await history(pair)).items).toEqual([]);
    // The socket survives all of it.
    a.send({ action: 'ping' });
    expect(await a.next('pong')).toEqual({ type: 'pong' });
  });

  it('forgets the connection on disconnect', async () => {
    const pair = await matchedPairOverApi(server.url);
    const a = await connect(pair.a);
    const now = () => new Date().toISOString();
    expect(await server.deps.store.connections.listByUsers([pair.aId], now())).toHaveLength(1);
    await a.close();
    await expect.poll(() => server.deps.store.connections.listByUsers([pair.aId], now())).toEqual([]);
  });
});

/**
 * The lab gateway's emulation of API Gateway's limits, on each store: closing a connection must forget it in
 * the store, and the message limit's counter lives in the store.
 */
describe.each(labWorlds)('WebSocket limits of API Gateway in the lab runtime ($name)', (world) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await world.start({
      websocket: { idleTimeoutMs: 400, maxConnectionAgeMs: 1_500 },
      env: {
        RATE_LIMITS: JSON.stringify({
          messagesPerUser: { limit: 3, windowSeconds: 60 },
          typingPerUser: { limit: 3, windowSeconds: 60 },
          markReadPerUser: { limit: 3, windowSeconds: 60 },
        }),
      },
    });
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('closes an idle connection (1001) and one that reached its maximum age, despite pings', async () => {
    const pair = await matchedPairOverApi(server.url);
    const idle = await connectRealtime(server.url, pair.a);
    expect((await idle.closed).code).toBe(1001);

    const busy = await connectRealtime(server.url, pair.a);
    const pinger = setInterval(() => busy.send({ action: 'ping' }), 150);
    const started = Date.now();
    try {
      expect((await busy.closed).code).toBe(1001);
      expect(Date.now() - started).toBeGreaterThan(1_000);
    } finally {
      clearInterval(pinger);
    }
    await expect
      .poll(() => server.deps.store.connections.listByUsers([pair.aId], new Date().toISOString()))
      .toEqual([]);
  });

  it('limits messages per user across REST and WebSocket', async () => {
    const pair = await matchedPairOverApi(server.url);
    const socket = await connectRealtime(server.url, pair.a);
    try {
      const url = `/api/conversations/${pair.matchId}/messages`;
      for (let index = 0; index < 2; index += 1) {
        const sent = await pair.a.call('POST', url, { body: { clientMessageId: cmid(), text: `m${index}` } });
        expect(sent.status).toBe(201);
      }
      socket.send({
        action: 'sendMessage',
        conversationId: pair.matchId,
        clientMessageId: cmid(),
        text: 'third',
      });
      await socket.next('messageAck');
      const limited = cmid('limited');
      socket.send({
        action: 'sendMessage',
        conversationId: pair.matchId,
        clientMessageId: limited,
        text: 'fourth',
      });
      expect(await socket.next('error')).toMatchObject({
        code: 'rate_limited',
        clientMessageId: limited,
        details: { retryAfterSeconds: expect.any(Number) },
      });
      const rest = await pair.a.call('POST', url, { body: { clientMessageId: cmid(), text: 'fifth' } });
      expect(rest.status).toBe(429);
      expect(rest.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await socket.close();
    }
  });

  it('limits typing per user: past the limit the sender gets rate_limited and the other side nothing', async () => {
    const pair = await matchedPairOverApi(server.url);
    const [a, b] = [await connectRealtime(server.url, pair.a), await connectRealtime(server.url, pair.b)];
    try {
      for (let index = 0; index < 3; index += 1) {
        a.send({ action: 'typing', conversationId: pair.matchId });
        await b.next('typing');
      }
      a.send({ action: 'typing', conversationId: pair.matchId });
      expect(await a.next('error')).toMatchObject({
        code: 'rate_limited',
        details: { retryAfterSeconds: expect.any(Number) },
      });
      expect((await b.quietFor(300)).filter((event) => event.type === 'typing')).toEqual([]);
      // The limit is per user, not per connection: a new connection is limited too.
      const again = await connectRealtime(server.url, pair.a);
      again.send({ action: 'typing', conversationId: pair.matchId });
      expect(await again.next('error')).toMatchObject({ code: 'rate_limited' });
      await again.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('limits read markers per user across REST and WebSocket', async () => {
    const pair = await matchedPairOverApi(server.url);
    const url = `/api/conversations/${pair.matchId}/messages`;
    const sent = await pair.b.call<{ message: { id: string } }>('POST', url, {
      body: { clientMessageId: cmid(), text: 'read me' },
    });
    expect(sent.status, sent.text).toBe(201);
    const upToMessageId = sent.body.message.id;
    const readUrl = `/api/conversations/${pair.matchId}/read`;
    const socket = await connectRealtime(server.url, pair.a);
    try {
      for (let index = 0; index < 2; index += 1) {
        expect((await pair.a.call('POST', readUrl, { body: { upToMessageId } })).status).toBe(204);
      }
      socket.send({ action: 'markRead', conversationId: pair.matchId, upToMessageId });
      expect((await socket.quietFor(300)).filter((event) => event.type === 'error')).toEqual([]);
      socket.send({ action: 'markRead', conversationId: pair.matchId, upToMessageId });
      expect(await socket.next('error')).toMatchObject({ code: 'rate_limited' });
      const rest = await pair.a.call('POST', readUrl, { body: { upToMessageId } });
      expect(rest.status).toBe(429);
      expect(errorCode(rest)).toBe('rate_limited');
      expect(rest.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await socket.close();
    }
  });
});
