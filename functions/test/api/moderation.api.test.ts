import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountExport, Me, ModerationQueue, QueueItem } from '../../src/contract';
import { ApiSession, errorCode, uniqueEmail } from '../support/api-session';
import { cmid } from '../support/chat-fixtures';
import type { TestServer } from '../support/lab-server';
import { matchingApi } from '../support/matching-api';
import { nextTown, northOf } from '../support/matching-fixtures';
import { connectRealtime } from '../support/ws-client';
import { apiTargets, labWorlds, type RunningApi } from './api-targets';

const PASSWORD = 'correct horse battery staple';

/** A registered user without a profile, with their address (for logins and the admin command). */
async function account(api: Pick<RunningApi, 'url' | 'fetch'>, label: string) {
  const session = new ApiSession(api.url, api.fetch);
  const email = uniqueEmail(label);
  const registered = await session.register(email);
  expect(registered.status, registered.text).toBe(201);
  return { session, email, id: session.userId ?? '' };
}

/** A moderator: registered, granted by the admin command, logged in again (the grant ended the session). */
async function moderator(api: RunningApi) {
  const staff = await account(api, 'moderator');
  const printed = await api.admin(['grant', staff.email, 'moderator']);
  expect(printed).toMatch(/is now moderator; 1 session\(s\) ended/);
  // The member's token carries no role; its session ended, so it cannot be refreshed into one.
  expect((await staff.session.call('GET', '/api/moderation/queue')).status).toBe(403);
  expect((await staff.session.call('POST', '/api/auth/refresh')).status).toBe(401);
  expect((await staff.session.login(staff.email)).status).toBe(200);
  return staff;
}

const queue = async (staff: ApiSession, query = '') => {
  const response = await staff.call<ModerationQueue>('GET', `/api/moderation/queue${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
};

/** The whole queue (pages of 50), to find one person's item among other tests' items. */
const itemAbout = async (staff: ApiSession, userId: string, kind: QueueItem['kind'] = 'reports') => {
  let cursor: string | null = null;
  do {
    const page: ModerationQueue = await queue(staff, `?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    const found = page.items.find((item) => item.subject.userId === userId && item.kind === kind);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor);
  return undefined;
};

const act = (staff: ApiSession, userId: string, body: Record<string, unknown>) =>
  staff.call<{ decisionId: string }>('POST', `/api/moderation/users/${userId}/actions`, { body });

const auditOf = async (session: ApiSession) => {
  const exported = await session.call<AccountExport>('GET', '/api/me/export');
  expect(exported.status, exported.text).toBe(200);
  return exported.body;
};

describe.each(apiTargets)('moderation API ($name)', (target) => {
  let api: RunningApi;
  let staff: Awaited<ReturnType<typeof moderator>>;

  beforeAll(async () => {
    api = await target.start();
    staff = await moderator(api);
  }, 180_000);
  afterAll(async () => {
    await api?.close();
  });

  it('carries the role in the access token and GET /api/me; revoking it closes the console at once', async () => {
    const payload = JSON.parse(
      Buffer.from(staff.session.accessToken?.split('.')[1] ?? '', 'base64url').toString(),
    );
    expect(payload.rol).toBe('moderator');
    expect((await staff.session.call<Me>('GET', '/api/me')).body.role).toBe('moderator');

    const member = await account(api, 'member');
    const refused = await member.session.call('GET', '/api/moderation/queue');
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe('forbidden');
    expect((await member.session.call<Me>('GET', '/api/me')).body.role).toBe('member');

    const second = await moderator(api);
    const token = second.session.accessToken;
    expect((await second.session.call('GET', '/api/moderation/queue')).status).toBe(200);
    expect(await api.admin(['revoke', second.email])).toMatch(/is now member/);
    // The old token still names the role, but the account no longer holds it (and its session ended).
    expect((await second.session.call('GET', '/api/moderation/queue', { token })).status).toBe(403);
    expect((await second.session.call('POST', '/api/auth/refresh')).status).toBe(401);
    expect((await second.session.login(second.email)).status).toBe(200);
    const demoted = await second.session.call('GET', '/api/moderation/queue');
    expect(demoted.status).toBe(403);
    const events = (await auditOf(second.session)).auditEvents.filter((e) => e.type === 'role_changed');
    expect(events.map((e) => (e.details as { role: string }).role).sort()).toEqual(['member', 'moderator']);
  });

  it('puts a report with the attached messages in the queue, grouped per person; refuses other chats', async () => {
    const { a: reporter, b: reported, matchId } = await matchedPairViaApi(api);
    const sent = async (from: ApiSession, text: string, conversation = matchId) => {
      const response = await from.call<{ message: { id: string } }>(
        'POST',
        `/api/conversations/${conversation}/messages`,
        {
          body: { clientMessageId: cmid(), text },
        },
      );
      expect(response.status, response.text).toBe(201);
      return response.body.message.id;
    };
    const hello = await sent(reporter, 'Hello there');
    const threat = await sent(reported, 'Send me money or else');
    await sent(reported, 'Not attached');

    const stranger = await matchedPairViaApi(api);
    const foreign = await sent(stranger.a, 'Somebody else’s chat', stranger.matchId);
    const refused = await reporter.call('POST', '/api/reports', {
      body: { userId: reported.userId, reason: 'harassment', messageIds: [threat, foreign] },
    });
    expect(refused.status).toBe(400);
    expect(errorCode(refused)).toBe('validation_failed');

    const report = await reporter.call('POST', '/api/reports', {
      body: {
        userId: reported.userId,
        reason: 'harassment',
        details: 'Threats',
        messageIds: [hello, threat],
      },
    });
    expect(report.status, report.text).toBe(201);
    const second = await account(api, 'second-reporter');
    expect(
      (
        await second.session.call('POST', '/api/reports', {
          body: { userId: reported.userId, reason: 'spam' },
        })
      ).status,
    ).toBe(201);

    const item = await itemAbout(staff.session, reported.userId ?? '');
    expect(item).toMatchObject({
      kind: 'reports',
      severity: 4,
      reporterCount: 2,
      subject: { status: 'active', profile: { displayName: 'Bo' } },
      appeal: null,
    });
    expect(item?.reports.map((r) => r.reason)).toEqual(['harassment', 'spam']);
    expect(item?.reports[0]?.messages).toEqual([
      { from: 'reporter', text: 'Hello there', sentAt: expect.any(String) },
      { from: 'reported', text: 'Send me money or else', sentAt: expect.any(String) },
    ]);
    // Moderators never learn who reported.
    expect(JSON.stringify(item)).not.toContain(reporter.userId ?? '-');
    expect(JSON.stringify(item)).not.toContain(second.id);
  });

  it('sorts the queue by severity, then reporters, then age; pages with a cursor', async () => {
    const spammer = await account(api, 'spammer');
    const minor = await account(api, 'minor');
    for (const [who, reason] of [
      [spammer, 'spam'],
      [minor, 'underage'],
    ] as const) {
      const reporter = await account(api, 'reporter');
      await reporter.session.call('POST', '/api/reports', { body: { userId: who.id, reason } });
    }
    const all = await queue(staff.session, '?limit=50');
    const ids = all.items.map((item) => item.subject.userId);
    expect(ids.indexOf(minor.id)).toBeLessThan(ids.indexOf(spammer.id));
    const severities = all.items.map((item) => item.severity);
    expect(severities).toEqual([...severities].sort((x, y) => y - x));
    const first = await queue(staff.session, '?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBe('1');
    expect((await queue(staff.session, '?limit=1&cursor=1')).items[0]?.subject.userId).toBe(ids[1]);
    const bad = await staff.session.call('GET', '/api/moderation/queue?cursor=abc');
    expect(bad.status).toBe(400);
  });

  it('warns: the user sees the notice until dismissed, appeals once, the appeal joins the queue', async () => {
    const user = await account(api, 'warned');
    const reporter = await account(api, 'reporter');
    await reporter.session.call('POST', '/api/reports', {
      body: { userId: user.id, reason: 'inappropriate' },
    });
    const warned = await act(staff.session, user.id, { action: 'warn', note: 'Keep it civil' });
    expect(warned.status, warned.text).toBe(201);
    expect(await itemAbout(staff.session, user.id)).toBeUndefined();

    const me = (await user.session.call<Me>('GET', '/api/me')).body;
    expect(me.notice).toMatchObject({
      decisionId: warned.body.decisionId,
      action: 'warn',
      note: 'Keep it civil',
      until: null,
      appealStatus: 'none',
    });
    const appealToken = me.notice?.appealToken ?? '';
    const appeal = await new ApiSession(api.url, api.fetch).call('POST', '/api/appeals', {
      body: { appealToken, text: 'I was joking' },
    });
    expect(appeal.status, appeal.text).toBe(201);
    const again = await user.session.call('POST', '/api/appeals', { body: { appealToken, text: 'Again' } });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('conflict');
    const forged = await user.session.call('POST', '/api/appeals', {
      body: { appealToken: `${appealToken}x`, text: 'Forged' },
    });
    expect(forged.status).toBe(401);

    const item = await itemAbout(staff.session, user.id, 'appeal');
    expect(item?.appeal).toMatchObject({ action: 'warn', note: 'Keep it civil', text: 'I was joking' });
    const upheld = await staff.session.call(
      'POST',
      `/api/moderation/users/${user.id}/appeals/${warned.body.decisionId}`,
      { body: { outcome: 'upheld', note: 'Stands' } },
    );
    expect(upheld.status, upheld.text).toBe(204);
    expect(await itemAbout(staff.session, user.id, 'appeal')).toBeUndefined();

    expect((await user.session.call('DELETE', `/api/me/notice/${warned.body.decisionId}`)).status).toBe(204);
    expect((await user.session.call<Me>('GET', '/api/me')).body.notice).toBeNull();

    const exported = await auditOf(user.session);
    expect(exported.moderation.decisions).toEqual([
      expect.objectContaining({ action: 'warn', note: 'Keep it civil' }),
    ]);
    const events = exported.auditEvents.filter((event) => event.type === 'moderation_action');
    expect(events).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ action: 'warn', moderatorId: staff.id, reports: 1 }),
      }),
    ]);
    // The reports about them are not theirs to export, nor who made them.
    expect(JSON.stringify(exported)).not.toContain(reporter.id);
  });

  it('suspends: login answers 403 with the end date, tokens fail, the profile disappears', async () => {
    const { a: partner, b: user, matchId } = await matchedPairViaApi(api);
    const email = user.email;
    const token = user.accessToken;
    const suspended = await act(staff.session, user.userId ?? '', {
      action: 'suspend',
      days: 7,
      note: 'Cool off',
    });
    expect(suspended.status, suspended.text).toBe(201);

    expect((await user.call('GET', '/api/me', { token })).status).toBe(401);
    expect((await user.call('POST', '/api/auth/refresh')).status).toBe(401);
    const login = await user.call<{ error: { details: { until: string; notice: { appealToken: string } } } }>(
      'POST',
      '/api/auth/login',
      { body: { email, password: PASSWORD } },
    );
    expect(login.status).toBe(403);
    expect(errorCode(login)).toBe('account_suspended');
    const until = Date.parse(login.body.error.details.until);
    expect(until - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    // From the refused login, the one appeal.
    const appeal = await user.call('POST', '/api/appeals', {
      body: { appealToken: login.body.error.details.notice.appealToken, text: 'Please' },
    });
    expect(appeal.status, appeal.text).toBe(201);

    expect((await partner.call('GET', `/api/profiles/${user.userId}`)).status).toBe(404);
    const matches = await partner.call<{ items: { matchId: string }[] }>('GET', '/api/matches');
    expect(matches.body.items.map((m) => m.matchId)).not.toContain(matchId);

    const events = (await auditOf(partner)).auditEvents.map((e) => e.type);
    expect(events).not.toContain('moderation_action');
    // Lifting on appeal gives the account back.
    const lifted = await staff.session.call(
      'POST',
      `/api/moderation/users/${user.userId}/appeals/${suspended.body.decisionId}`,
      { body: { outcome: 'lifted', note: 'Fair enough' } },
    );
    expect(lifted.status, lifted.text).toBe(204);
    expect((await user.login(email ?? '')).status).toBe(200);
    expect((await partner.call('GET', `/api/profiles/${user.userId}`)).status).toBe(200);
  });

  it('bans: matches end, the address cannot register again (however it is spelled)', async () => {
    const { a: partner, b: user, matchId } = await matchedPairViaApi(api);
    const banned = await act(staff.session, user.userId ?? '', { action: 'ban', note: 'Scammer' });
    expect(banned.status, banned.text).toBe(201);
    const login = await user.call('POST', '/api/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(login.status).toBe(403);
    expect(errorCode(login)).toBe('account_banned');
    const matches = await partner.call<{ items: { matchId: string }[] }>('GET', '/api/matches');
    expect(matches.body.items.map((m) => m.matchId)).not.toContain(matchId);

    const again = new ApiSession(api.url, api.fetch);
    const registered = await again.register(`  ${(user.email ?? '').toUpperCase()} `);
    expect(registered.status).toBe(403);
    expect(errorCode(registered)).toBe('account_banned');
  });

  it('removes a photo: gone from the profile, a private copy stays for moderators', async () => {
    const town = nextTown();
    const people = matchingApi(api.url, api.fetch);
    const user = await people.woman(town);
    const viewer = await people.man(northOf(town, 1), {}, { photo: false });
    const reporter = await account(api, 'reporter');
    await reporter.session.call('POST', '/api/reports', {
      body: { userId: user.userId, reason: 'inappropriate' },
    });
    const before = await itemAbout(staff.session, user.userId ?? '');
    const photoId = before?.subject.photos[0]?.id ?? '';
    expect(photoId).not.toBe('');
    expect(before?.subject.deletedPhotos).toEqual([]);

    const missing = await act(staff.session, user.userId ?? '', { action: 'remove_photo', note: 'x' });
    expect(missing.status).toBe(400);
    const removed = await act(staff.session, user.userId ?? '', {
      action: 'remove_photo',
      photoId,
      note: 'Shows a phone number',
    });
    expect(removed.status, removed.text).toBe(201);
    const profile = await viewer.call<{ photos: unknown[] }>('GET', `/api/profiles/${user.userId}`);
    expect(profile.body.photos ?? []).toEqual([]);
    expect((await user.call<Me>('GET', '/api/me')).body.notice?.action).toBe('remove_photo');

    // Reported again: the moderator sees the kept copy, never served publicly.
    await viewer.call('POST', '/api/reports', { body: { userId: user.userId, reason: 'fake' } });
    const after = await itemAbout(staff.session, user.userId ?? '');
    expect(after?.subject.deletedPhotos).toEqual([
      { photoId, deletedAt: expect.any(String), dataUrl: expect.stringMatching(/^data:image\/webp;base64,/) },
    ]);
  });

  it('auto-hides a profile from discovery at 3 distinct reporters, until a moderator decides', async () => {
    const town = nextTown();
    const people = matchingApi(api.url, api.fetch);
    const user = await people.woman(town);
    const viewer = await people.man(northOf(town, 1), {}, { photo: false });
    expect(await people.seenIds(viewer)).toContain(user.userId);
    for (let n = 0; n < 3; n += 1) {
      const reporter = await account(api, 'reporter');
      await reporter.session.call('POST', '/api/reports', { body: { userId: user.userId, reason: 'fake' } });
      // Two reports change nothing; the third hides.
      expect(await people.seenIds(viewer)).toEqual(n < 2 ? expect.arrayContaining([user.userId]) : []);
    }
    expect((await itemAbout(staff.session, user.userId ?? ''))?.subject.hiddenForReview).toBe(true);
    // Profile views and the profile put keep working; the put does not bring her back.
    expect((await user.call('GET', '/api/profile')).status).toBe(200);
    expect((await viewer.call('GET', `/api/profiles/${user.userId}`)).status).toBe(200);
    expect(await people.seenIds(viewer)).toEqual([]);
    expect(
      (await act(staff.session, user.userId ?? '', { action: 'dismiss', note: 'Real person' })).status,
    ).toBe(201);
    expect(await people.seenIds(viewer)).toContain(user.userId);
  });
});

/** Two users who match over the API, with their addresses. */
async function matchedPairViaApi(api: Pick<RunningApi, 'url' | 'fetch'>) {
  const town = nextTown();
  const people = matchingApi(api.url, api.fetch);
  const aEmail = uniqueEmail('pair');
  const bEmail = uniqueEmail('pair');
  const a = Object.assign(new ApiSession(api.url, api.fetch), { email: aEmail });
  const b = Object.assign(new ApiSession(api.url, api.fetch), { email: bEmail });
  expect((await a.register(aEmail)).status).toBe(201);
  expect((await b.register(bEmail)).status).toBe(201);
  const profile = (session: ApiSession, body: Record<string, unknown>) =>
    session.call('PUT', '/api/profile', { body: { ...aProfile, ...body } });
  expect(
    (await profile(a, { displayName: 'Ada', gender: 'woman', interestedIn: ['man'], location: town })).status,
  ).toBe(201);
  expect(
    (
      await profile(b, {
        displayName: 'Bo',
        gender: 'man',
        interestedIn: ['woman'],
        location: northOf(town, 2),
      })
    ).status,
  ).toBe(201);
  const match = await people.matched(a, b);
  return { a, b, matchId: match.matchId };
}

const aProfile = {
  birthDate: '1995-06-15',
  ageMin: 25,
  ageMax: 45,
  maxDistanceKm: 50,
  bio: 'Climber, coffee snob.',
  interests: ['climbing', 'coffee'],
  prompts: [{ question: 'A perfect Sunday', answer: 'Bouldering then brunch' }],
};

describe.each(labWorlds)('suspension closes open sockets ($name)', (world) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await world.start();
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('closes the suspended user’s WebSocket within 2 s', async () => {
    const api = { url: server.url, fetch: (input: string, init: RequestInit) => fetch(input, init) };
    const staffAccount = await account(api, 'moderator');
    const { adminOn } = await import('../support/admin-on');
    await adminOn(server.deps.store, ['grant', staffAccount.email, 'moderator']);
    expect((await staffAccount.session.login(staffAccount.email)).status).toBe(200);
    const user = await account(api, 'socket');
    const socket = await connectRealtime(server.url, user.session);
    const started = Date.now();
    const suspended = await act(staffAccount.session, user.id, { action: 'suspend', days: 1, note: 'Spam' });
    expect(suspended.status, suspended.text).toBe(201);
    const closed = await Promise.race([
      socket.closed,
      new Promise((resolve) => setTimeout(() => resolve('still open'), 2000)),
    ]);
    expect(closed).toMatchObject({ code: 1000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await user.session.call('POST', '/api/realtime/ticket')).status).toBe(401);
  });
});
