import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, errorCode } from '../support/api-session';
import type { TestServer } from '../support/lab-server';
import { matchingApi } from '../support/matching-api';
import { nextTown, northOf } from '../support/matching-fixtures';
import { createRecordingNotifier } from '../support/recording-notifier';
import { apiTargets, labWorlds, type RunningApi } from './api-targets';

const PASSWORD = 'correct horse battery staple';

interface ExportBody {
  account: { id: string; email: string; createdAt: string; lastActiveAt: string | null };
  profile: { userId: string; displayName: string; location: { lat: number; lon: number } } | null;
  photos: Array<{ id: string; status: string; urls?: { thumb: string; display: string } }>;
  swipes: Array<{ swiperId: string; targetId: string; decision: string }>;
  matches: Array<{ matchId: string; otherUserId: string; endedAt: string | null }>;
  conversations: Array<{
    matchId: string;
    readUpTo: string | null;
    messages: Array<{ id: string; senderId: string; text: string }>;
  }>;
  blocks: unknown[];
  reports: unknown[];
  sessions: Array<{ sessionId: string; revokedAt: string | null }>;
  auditEvents: Array<{ type: string; userId: string | null }>;
}

const emailOf = async (user: ApiSession) => {
  const me = await user.call<{ email: string }>('GET', '/api/me');
  expect(me.status, me.text).toBe(200);
  return me.body.email;
};

/** GET /api/me/export and DELETE /api/me (docs/api.md, Me, profile, privacy), in every world the API runs in. */
describe.each(apiTargets)('privacy: export and erasure ($name)', (target) => {
  let api: RunningApi;
  let m: ReturnType<typeof matchingApi>;

  beforeAll(async () => {
    api = await target.start();
    m = matchingApi(api.url, api.fetch);
  }, 90_000);
  afterAll(async () => {
    await api?.close();
  });

  const send = (user: ApiSession, matchId: string, text: string) =>
    user.call('POST', `/api/conversations/${matchId}/messages`, {
      body: { clientMessageId: `c-${text.length}-${Date.now().toString(36)}`, text },
    });

  it('exports my account, profile, photos with links, swipes, matches active and ended, messages, read markers, sessions and audit events, and nothing private of others', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(northOf(town, 2), { bio: 'MILO-PRIVATE-BIO' });
    const otto = await m.man(northOf(town, 3), { displayName: 'Otto' });
    const match = await m.matched(wanda, milo);
    expect((await send(wanda, match.matchId, 'hello you')).status).toBe(201);
    const reply = await send(milo, match.matchId, 'hi Wanda');
    expect(reply.status).toBe(201);
    const replyId = (reply.body as { message: { id: string } }).message.id;
    expect(
      (
        await wanda.call('POST', `/api/conversations/${match.matchId}/read`, {
          body: { upToMessageId: replyId },
        })
      ).status,
    ).toBe(204);
    // A match that ended: its conversation is still stored, so it is exported too.
    const ended = await m.matched(otto, wanda);
    expect((await send(otto, ended.matchId, 'it was nice')).status).toBe(201);
    expect((await otto.call('DELETE', `/api/matches/${ended.matchId}`)).status).toBe(204);

    // Discovery records activity: the export shows when, as stored for the ranking.
    const before = new Date().toISOString();
    expect((await wanda.call('GET', '/api/discover')).status).toBe(200);

    const response = await wanda.call<ExportBody>('GET', '/api/me/export');
    expect(response.status, response.text).toBe(200);
    const data = response.body;
    expect(data.account.lastActiveAt).toEqual(expect.any(String));
    expect(Date.parse(data.account.lastActiveAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before) - 1000);
    expect(data.account).toMatchObject({ id: wanda.userId, email: await emailOf(wanda) });
    expect(data.profile).toMatchObject({ userId: wanda.userId, displayName: 'Wanda', location: town });
    expect(data.photos).toHaveLength(1);
    expect(data.photos[0]?.urls?.thumb).toMatch(/^\/media\/.+\/256\.webp$/);
    expect(data.swipes).toEqual([
      expect.objectContaining({ swiperId: wanda.userId, targetId: milo.userId, decision: 'like' }),
      expect.objectContaining({ swiperId: wanda.userId, targetId: otto.userId, decision: 'like' }),
    ]);
    expect(data.matches).toEqual([
      expect.objectContaining({ matchId: match.matchId, otherUserId: milo.userId, endedAt: null }),
      expect.objectContaining({
        matchId: ended.matchId,
        otherUserId: otto.userId,
        endedAt: expect.any(String),
      }),
    ]);
    expect(
      data.conversations.map(({ matchId, readUpTo, messages }) => ({
        matchId,
        readUpTo,
        texts: messages.map((message) => message.text),
      })),
    ).toEqual([
      { matchId: match.matchId, readUpTo: replyId, texts: ['hello you', 'hi Wanda'] },
      { matchId: ended.matchId, readUpTo: null, texts: ['it was nice'] },
    ]);
    // The login of this session, live.
    expect(data.sessions).toEqual([expect.objectContaining({ revokedAt: null })]);
    const types = data.auditEvents.map((event) => event.type);
    expect(types).toContain('register');
    expect(types).toContain('export');
    expect(data.auditEvents.every((event) => event.userId === wanda.userId)).toBe(true);
    // Of Milo only his id: no email, profile fields or location.
    expect(response.text).not.toContain(await emailOf(milo));
    expect(response.text).not.toContain(await emailOf(otto));
    expect(response.text).not.toContain('MILO-PRIVATE-BIO');
    expect(response.text).not.toContain('Milo');

    expect((await m.anonymous().call('GET', '/api/me/export')).status).toBe(401);
  });

  it('refuses erasure with a wrong password and deletes nothing', async () => {
    const wanda = await m.woman(nextTown(), {});
    const refused = await wanda.call('DELETE', '/api/me', { body: { password: 'not my password at all' } });
    expect([refused.status, errorCode(refused)]).toEqual([401, 'invalid_credentials']);
    const strict = await wanda.call('DELETE', '/api/me', { body: { password: PASSWORD, extra: 1 } });
    expect(strict.status).toBe(400);
    expect((await wanda.call('GET', '/api/profile')).status).toBe(200);
    expect((await m.anonymous().login(await emailOf(wanda))).status).toBe(200);
  });

  it('erases the account: login fails, the match is gone for the other side, photos answer 404, the email is free', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(northOf(town, 2));
    const match = await m.matched(wanda, milo);
    expect((await send(wanda, match.matchId, 'bye soon')).status).toBe(201);
    const email = await emailOf(wanda);
    const photoUrl =
      (await wanda.call<ExportBody>('GET', '/api/me/export')).body.photos[0]?.urls?.display ?? '';
    expect((await api.fetch(`${api.url}${photoUrl}`, { method: 'GET' })).status).toBe(200);

    const erased = await wanda.call('DELETE', '/api/me', { body: { password: PASSWORD } });
    expect(erased.status, erased.text).toBe(204);

    expect((await m.anonymous().login(email)).status).toBe(401);
    expect((await m.matches(milo)).items).toEqual([]);
    expect((await milo.call('GET', `/api/profiles/${wanda.userId}`)).status).toBe(404);
    // The lab answers 404; CloudFront (OAC onto S3) answers 403 for a missing key, as the Lambda harness does.
    expect([403, 404]).toContain((await api.fetch(`${api.url}${photoUrl}`, { method: 'GET' })).status);
    const again = await wanda.call('DELETE', '/api/me', { body: { password: PASSWORD } });
    expect(again.status).toBe(401);
    expect((await wanda.call('GET', '/api/me/export')).status).toBe(401);
    expect((await m.anonymous().register(email)).status).toBe(201);
  });
});

/** The other side's `unmatched` event, seen from inside the lab runtime through a recording notifier. */
describe.each(labWorlds)('privacy: erasure events ($name)', (world) => {
  let server: TestServer;
  let m: ReturnType<typeof matchingApi>;
  const notifier = createRecordingNotifier();

  beforeAll(async () => {
    server = await world.start({ notifier });
    m = matchingApi(server.url);
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('tells the other side of each match `unmatched`, and leaves no audit event under the user id', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(northOf(town, 2));
    const match = await m.matched(wanda, milo);
    notifier.clear();
    expect((await wanda.call('DELETE', '/api/me', { body: { password: PASSWORD } })).status).toBe(204);
    expect(notifier.eventsFor(milo.userId ?? '')).toEqual([{ type: 'unmatched', matchId: match.matchId }]);
    // The erasure is on record under a tombstone, not her id (test/contract/privacy-contract.ts checks it).
    expect(await server.deps.store.audit.listByUser(wanda.userId ?? '', 10)).toEqual([]);
  });
});
