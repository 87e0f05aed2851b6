import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationSettings } from '../../src/contract/notifications';
import { errorCode } from '../support/api-session';
import { cmid, personOverApi } from '../support/chat-fixtures';
import type { TestServer } from '../support/lab-server';
import { nextTown, northOf } from '../support/matching-fixtures';
import { startTestPushService, type TestBrowser, type TestPushService } from '../support/push-service';
import { connectRealtime, type TestSocket } from '../support/ws-client';
import { labWorlds } from './api-targets';

/**
 * Web Push end to end: the lab runtime encrypts (RFC 8291, aes128gcm) and VAPID-signs real pushes to a push
 * service on 127.0.0.1, which decrypts them with the subscribing browser's own keys. On every store the lab
 * runs on.
 */
describe.each(labWorlds)('web push ($name)', (world) => {
  let server: TestServer;
  let pushService: TestPushService;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    pushService = await startTestPushService();
    server = await world.start({ pushAgent: pushService.agent, pushRetry: { retryDelayMs: 50 } });
  }, 90_000);
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });
  afterAll(async () => {
    await server?.close();
    await pushService?.close();
  });

  async function twoPeople() {
    const town = nextTown();
    const ana = await personOverApi(server.url, {
      displayName: 'Ana',
      gender: 'woman',
      interestedIn: ['man'],
      location: town,
    });
    const ben = await personOverApi(server.url, {
      displayName: 'Ben',
      gender: 'man',
      interestedIn: ['woman'],
      location: northOf(town, 2),
    });
    return { ana, ben };
  }

  async function subscribe(session: Awaited<ReturnType<typeof twoPeople>>['ben'], browser: TestBrowser) {
    const response = await session.call<{ id: string; service: string }>(
      'POST',
      '/api/me/push-subscriptions',
      {
        body: browser.subscription,
      },
    );
    expect(response.status, response.text).toBe(201);
    return response.body;
  }

  it('pushes a match and messages, encrypted to the browser; message text only with previews on', async () => {
    const { ana, ben } = await twoPeople();
    const browser = pushService.newBrowser();
    const settings = await ben.call<NotificationSettings>('GET', '/api/me/notifications');
    expect(settings.body.preferences).toEqual({ matches: true, messages: true, previews: false });
    expect(settings.body.vapidPublicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const subscribed = await subscribe(ben, browser);
    expect(subscribed.service).toBe(pushService.origin);

    await ana.call('POST', '/api/swipes', { body: { targetUserId: ben.userId, decision: 'like' } });
    const liked = await ben.call<{ match: { matchId: string } }>('POST', '/api/swipes', {
      body: { targetUserId: ana.userId, decision: 'like' },
    });
    const matchId = liked.body.match.matchId;
    const matchPush = await pushService.waitFor(browser, 1);
    expect(matchPush.payload).toEqual({
      type: 'match',
      title: 'It’s a match!',
      body: 'You and Ana like each other.',
      url: `/matches/${matchId}/chat`,
      tag: `match-${matchId}`,
    });
    // Signed with the key the browser subscribed with, for this push service, by the configured contact.
    expect(matchPush.vapid).toEqual({
      publicKey: settings.body.vapidPublicKey,
      aud: pushService.origin,
      sub: 'mailto:no-reply@localhost',
    });

    const send = (text: string) =>
      ana.call('POST', `/api/conversations/${matchId}/messages`, { body: { clientMessageId: cmid(), text } });
    expect((await send('Dinner on Friday? I know a place.')).status).toBe(201);
    const quiet = await pushService.waitFor(browser, 2);
    expect(quiet.payload).toEqual({
      type: 'message',
      title: 'New message from Ana',
      body: '',
      url: `/matches/${matchId}/chat`,
      tag: `conversation-${matchId}`,
    });
    expect(quiet.headers).toMatchObject({ ttl: '86400', urgency: 'high' });
    expect(quiet.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);

    const previews = await ben.call('PUT', '/api/me/notifications/preferences', {
      body: { matches: true, messages: true, previews: true },
    });
    expect(previews.status, previews.text).toBe(200);
    await send('Bring your appetite!');
    expect((await pushService.waitFor(browser, 3)).payload).toMatchObject({
      title: 'New message from Ana',
      body: 'Bring your appetite!',
    });

    // Messages turned off: nothing more.
    await ben.call('PUT', '/api/me/notifications/preferences', {
      body: { matches: true, messages: false, previews: true },
    });
    await send('Are you there?');
    await server.deps.push.idle();
    expect(browser.received).toHaveLength(3);

    const exported = await ben.call<{ notifications: unknown }>('GET', '/api/me/export');
    expect(exported.body.notifications).toEqual({
      preferences: { matches: true, messages: false, previews: true },
      pushSubscriptions: [{ id: subscribed.id, endpoint: browser.endpoint, createdAt: expect.any(String) }],
    });
  });

  it('sends no push while the recipient has the app open (a live connection)', async () => {
    const { ana, ben } = await twoPeople();
    const browser = pushService.newBrowser();
    await subscribe(ben, browser);
    const socket = await connectRealtime(server.url, ben);
    sockets.push(socket);
    await ana.call('POST', '/api/swipes', { body: { targetUserId: ben.userId, decision: 'like' } });
    const liked = await ben.call<{ match: { matchId: string } }>('POST', '/api/swipes', {
      body: { targetUserId: ana.userId, decision: 'like' },
    });
    const matchId = liked.body.match.matchId;
    await ana.call('POST', `/api/conversations/${matchId}/messages`, {
      body: { clientMessageId: cmid(), text: 'Hi!' },
    });
    await socket.next('message');
    await server.deps.push.idle();
    expect(browser.received).toEqual([]);

    // Tab closed: the next message is pushed.
    await socket.close();
    sockets.splice(0);
    await expect
      .poll(
        async () =>
          (await server.deps.store.connections.listByUsers([ben.userId ?? ''], new Date().toISOString()))
            .length,
      )
      .toBe(0);
    await ana.call('POST', `/api/conversations/${matchId}/messages`, {
      body: { clientMessageId: cmid(), text: 'Still there?' },
    });
    expect((await pushService.waitFor(browser, 1)).payload).toMatchObject({ title: 'New message from Ana' });
  });

  it('deletes a subscription the push service says is gone (410)', async () => {
    const { ana, ben } = await twoPeople();
    const gone = pushService.newBrowser();
    const kept = pushService.newBrowser();
    await subscribe(ben, gone);
    const keptSubscription = await subscribe(ben, kept);
    gone.answer = 410;
    await ana.call('POST', '/api/swipes', { body: { targetUserId: ben.userId, decision: 'like' } });
    await ben.call('POST', '/api/swipes', { body: { targetUserId: ana.userId, decision: 'like' } });
    await pushService.waitFor(kept, 1);
    await server.deps.push.idle();
    const settings = await ben.call<NotificationSettings>('GET', '/api/me/notifications');
    expect(settings.body.subscriptions.map((subscription) => subscription.id)).toEqual([keptSubscription.id]);
  });

  it('unsubscribes a browser; refuses bad subscriptions and another user’s id', async () => {
    const { ana, ben } = await twoPeople();
    const browser = pushService.newBrowser();
    const subscribed = await subscribe(ben, browser);
    const foreign = await ana.call('DELETE', `/api/me/push-subscriptions/${subscribed.id}`);
    expect(foreign.status).toBe(404);
    const removed = await ben.call('DELETE', `/api/me/push-subscriptions/${subscribed.id}`);
    expect(removed.status).toBe(204);
    expect((await ben.call<NotificationSettings>('GET', '/api/me/notifications')).body.subscriptions).toEqual(
      [],
    );

    for (const body of [
      { ...browser.subscription, endpoint: 'http://push.example.test/x' },
      { ...browser.subscription, keys: { p256dh: 'short', auth: browser.subscription.keys.auth } },
      { endpoint: browser.endpoint },
    ]) {
      const refused = await ben.call('POST', '/api/me/push-subscriptions', { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(refused)).toBe('validation_failed');
    }
    const badPreferences = await ben.call('PUT', '/api/me/notifications/preferences', {
      body: { matches: 'yes' },
    });
    expect(badPreferences.status).toBe(400);
  });
});
