import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publicDistanceKm } from '../../src/domain/geo';
import type { ApiSession } from '../support/api-session';
import { errorCode } from '../support/api-session';
import type { TestServer } from '../support/lab-server';
import { matchingApi, yearsAgo } from '../support/matching-api';
import { atShownDistance, nextTown, northOf } from '../support/matching-fixtures';
import { createRecordingNotifier } from '../support/recording-notifier';
import { apiTargets, labWorlds, type RunningApi } from './api-targets';

/** What users see of discovery, swipes, matches, blocks and reports, in every world the API runs in. */
describe.each(apiTargets)('discovery, swipes, matches, blocks and reports API ($name)', (target) => {
  let api: RunningApi;
  let m: ReturnType<typeof matchingApi>;

  beforeAll(async () => {
    api = await target.start();
    m = matchingApi(api.url, api.fetch);
  }, 90_000);
  afterAll(async () => {
    await api?.close();
  });

  it('shows two complementary users to each other, as public profiles with photos and whole-km distances', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(northOf(town, 3));
    const [seen] = await m.discover(wanda);
    expect(seen).toMatchObject({ userId: milo.userId, distanceKm: publicDistanceKm(town, northOf(town, 3)) });
    expect(Object.keys(seen ?? {}).sort()).toEqual(
      [
        'age',
        'bio',
        'displayName',
        'distanceKm',
        'gender',
        'interests',
        'photos',
        'prompts',
        'userId',
      ].sort(),
    );
    expect(seen?.photos).toHaveLength(1);
    expect(seen?.photos[0]?.urls.thumb).toMatch(/^\/media\/.+\/256\.webp$/);
    expect(await m.seenIds(milo)).toEqual([wanda.userId]);
  });

  it('does not show people whose interest is one-sided, nor anyone without a ready photo', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const onlyMen = await m.man(town, { interestedIn: ['man'] });
    const nonbinary = await m.person({ gender: 'nonbinary', interestedIn: ['woman'], location: town });
    const photoless = await m.man(town, {}, { photo: false });
    expect(await m.seenIds(wanda)).toEqual([]);
    expect(await m.seenIds(photoless)).toEqual([wanda.userId]);
    expect(await m.seenIds(onlyMen)).toEqual([]);
    expect(await m.seenIds(nonbinary)).toEqual([]);
  });

  it('honours both age ranges to the day', async () => {
    const town = nextTown();
    const wanda = await m.woman(town, { birthDate: yearsAgo(33), ageMin: 30, ageMax: 35 });
    const turns30Today = await m.man(town, { birthDate: yearsAgo(30) });
    const turns30Tomorrow = await m.man(town, { birthDate: yearsAgo(30, 1) });
    const turned36Today = await m.man(town, { birthDate: yearsAgo(36) });
    const wantsYounger = await m.man(town, { birthDate: yearsAgo(31), ageMin: 20, ageMax: 32 });
    expect(await m.seenIds(wanda)).toEqual([turns30Today.userId]);
    expect(await m.seenIds(turns30Tomorrow)).toEqual([]);
    expect(await m.seenIds(turned36Today)).toEqual([]);
    expect(await m.seenIds(wantsYounger)).toEqual([]);
  });

  it('honours both maximum distances in the kilometres shown', async () => {
    const town = nextTown();
    const wanda = await m.woman(town, { maxDistanceKm: 10 });
    const atTen = await m.man(atShownDistance(town, 10));
    const atEleven = await m.man(atShownDistance(town, 11));
    const picky = await m.man(atShownDistance(town, 4), { maxDistanceKm: 3 });
    const seen = await m.discover(wanda);
    expect(seen.map((item) => [item.userId, item.distanceKm])).toEqual([[atTen.userId, 10]]);
    expect(await m.seenIds(atEleven)).toEqual([]);
    expect(await m.seenIds(picky)).toEqual([]);
  });

  it('leaves out whom the caller passed or liked; a like back makes one match for both', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const passed = await m.man(town);
    const milo = await m.man(northOf(town, 2));
    expect((await m.swipe(wanda, passed, 'pass')).body).toEqual({ matched: false });
    expect((await m.swipe(wanda, milo, 'like')).body).toEqual({ matched: false });
    expect(await m.seenIds(wanda)).toEqual([]);
    // Her like does not hide her from him.
    expect(await m.seenIds(milo)).toEqual([wanda.userId]);

    const likedBack = await m.swipe(milo, wanda, 'like');
    expect(likedBack.status).toBe(200);
    expect(likedBack.body).toMatchObject({
      matched: true,
      match: { user: { userId: wanda.userId, distanceKm: publicDistanceKm(town, northOf(town, 2)) } },
    });
    const match = likedBack.body.match;
    expect(match).toMatchObject({ lastMessage: null, unreadCount: 0, createdAt: match?.lastActivityAt });

    // Repeats answer the same and create nothing.
    expect((await m.swipe(milo, wanda, 'like')).body).toEqual(likedBack.body);
    expect((await m.swipe(wanda, milo, 'pass')).body).toMatchObject({
      matched: true,
      match: { matchId: match?.matchId },
    });
    const hers = await m.matches(wanda);
    const his = await m.matches(milo);
    expect(hers.items.map((item) => [item.matchId, item.user.userId])).toEqual([
      [match?.matchId, milo.userId],
    ]);
    expect(his.items.map((item) => [item.matchId, item.user.userId])).toEqual([
      [match?.matchId, wanda.userId],
    ]);
    expect(his.items[0]?.user.photos).toHaveLength(1);
    expect(await m.seenIds(milo)).toEqual([]);
  });

  it('unmatches: gone for both, for good; only the two of them can', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    const match = await m.matched(wanda, milo);
    const stranger = await m.man(town);
    expect((await stranger.call('DELETE', `/api/matches/${match.matchId}`)).status).toBe(404);
    expect((await wanda.call('DELETE', `/api/matches/${match.matchId}`)).status).toBe(204);
    expect((await wanda.call('DELETE', `/api/matches/${match.matchId}`)).status).toBe(204);
    expect((await m.matches(wanda)).items).toEqual([]);
    expect((await m.matches(milo)).items).toEqual([]);
    expect((await m.swipe(milo, wanda, 'like')).body).toEqual({ matched: false });
    expect(await m.seenIds(wanda)).toEqual([stranger.userId]);
  });

  it('pages matches by last activity with an opaque cursor', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) ids.push((await m.matched(await m.man(town), wanda)).matchId);
    const first = await m.matches(wanda, '?limit=2');
    expect(first.items.map((item) => item.matchId)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await m.matches(wanda, `?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(rest).toEqual({ items: [expect.objectContaining({ matchId: ids[0] })], nextCursor: null });
    const bad = await wanda.call('GET', '/api/matches?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('validation_failed');
  });

  it('block hides everything both ways: discovery, matches, profiles, swipes; unblock brings none of it back', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    await m.matched(wanda, milo);
    expect((await milo.call('POST', '/api/blocks', { body: { userId: wanda.userId } })).status).toBe(204);
    expect((await milo.call('POST', '/api/blocks', { body: { userId: wanda.userId } })).status).toBe(204);
    for (const [viewer, other] of [
      [wanda, milo],
      [milo, wanda],
    ] as const) {
      expect((await m.matches(viewer)).items).toEqual([]);
      expect(await m.seenIds(viewer)).toEqual([]);
      const profile = await viewer.call('GET', `/api/profiles/${other.userId}`);
      expect(profile.status).toBe(404);
      expect(errorCode(profile)).toBe('not_found');
      expect((await m.swipe(viewer, other, 'like')).status).toBe(404);
    }
    const blocks = await milo.call('GET', '/api/blocks');
    expect(blocks.body).toEqual({
      items: [{ userId: wanda.userId, displayName: 'Wanda', blockedAt: expect.any(String) }],
      nextCursor: null,
    });
    expect((await wanda.call('GET', '/api/blocks')).body).toEqual({ items: [], nextCursor: null });

    expect((await milo.call('DELETE', `/api/blocks/${wanda.userId}`)).status).toBe(204);
    // They had both swiped, and the match ended for good: neither is the other's match nor shown by discovery,
    // so the profile stays hidden too.
    expect((await wanda.call('GET', `/api/profiles/${milo.userId}`)).status).toBe(404);
    expect(await m.seenIds(wanda)).toEqual([]);
    expect((await m.matches(wanda)).items).toEqual([]);
  });

  it('report: kept (201) and the reported user is blocked both ways', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    const report = await wanda.call('POST', '/api/reports', {
      body: { userId: milo.userId, reason: 'harassment', details: '  Rude messages.  ' },
    });
    expect(report.status, report.text).toBe(201);
    expect(report.body).toEqual({ reportId: expect.any(String), createdAt: expect.any(String) });
    expect(await m.seenIds(wanda)).toEqual([]);
    expect(await m.seenIds(milo)).toEqual([]);
    expect((await milo.call('GET', `/api/profiles/${wanda.userId}`)).status).toBe(404);
    const badReason = await wanda.call('POST', '/api/reports', {
      body: { userId: milo.userId, reason: 'boring' },
    });
    expect(badReason.status).toBe(400);
  });

  it('answers 409 without a profile, 404 for oneself and unknown users, 400 for a bad decision, 401 anonymous', async () => {
    const town = nextTown();
    const noProfile = m.anonymous();
    await noProfile.register(`noprofile-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`);
    const wanda = await m.woman(town);
    for (const path of ['/api/discover', '/api/matches']) {
      const response = await noProfile.call('GET', path);
      expect(response.status).toBe(409);
      expect(errorCode(response)).toBe('profile_required');
    }
    expect((await m.swipe(noProfile, wanda, 'like')).status).toBe(409);
    expect((await m.swipe(wanda, wanda, 'like')).status).toBe(404);
    expect((await m.swipe(wanda, noProfile, 'like')).status).toBe(404);
    const unknown = await wanda.call('POST', '/api/swipes', {
      body: { targetUserId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', decision: 'like' },
    });
    expect(unknown.status).toBe(404);
    const bad = await wanda.call('POST', '/api/swipes', {
      body: { targetUserId: noProfile.userId, decision: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect((await wanda.call('POST', '/api/blocks', { body: { userId: wanda.userId } })).status).toBe(404);
    expect((await wanda.call('DELETE', '/api/matches/01JZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
    for (const [method, path] of [
      ['GET', '/api/discover'],
      ['POST', '/api/swipes'],
      ['GET', '/api/matches'],
      ['GET', '/api/blocks'],
      ['POST', '/api/reports'],
    ] as const) {
      const body = method === 'POST' ? {} : undefined;
      expect((await m.anonymous().call(method, path, { body })).status).toBe(401);
    }
  });
});

/** Events and moderation storage, seen from inside the lab runtime (a recording notifier, the store). */
describe.each(labWorlds)('match events and kept reports ($name)', (world) => {
  let server: TestServer;
  let m: ReturnType<typeof matchingApi>;
  const notifier = createRecordingNotifier();
  // Photo processing has its own events; these are the matching ones.
  const events = (user: ApiSession) =>
    notifier
      .eventsFor(user.userId ?? '')
      .filter((event) => event.type === 'match' || event.type === 'unmatched');

  beforeAll(async () => {
    server = await world.start({ notifier });
    m = matchingApi(server.url);
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => notifier.clear());

  it('tells both sides of a new match once, each with the match as they list it', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    await m.matched(wanda, milo);
    await m.swipe(wanda, milo, 'like');
    expect(events(wanda)).toEqual([{ type: 'match', match: (await m.matches(wanda)).items[0] }]);
    expect(events(milo)).toEqual([{ type: 'match', match: (await m.matches(milo)).items[0] }]);
  });

  it('tells the other side `unmatched` once, on unmatch and on block', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    const first = await m.matched(wanda, milo);
    const ann = await m.woman(town);
    const second = await m.matched(ann, milo);
    notifier.clear();
    await wanda.call('DELETE', `/api/matches/${first.matchId}`);
    await wanda.call('DELETE', `/api/matches/${first.matchId}`);
    await milo.call('POST', '/api/blocks', { body: { userId: ann.userId } });
    expect(events(milo)).toEqual([{ type: 'unmatched', matchId: first.matchId }]);
    expect(events(ann)).toEqual([{ type: 'unmatched', matchId: second.matchId }]);
    expect(events(wanda)).toEqual([]);
  });

  it('keeps the report with its reason and trimmed details', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    await wanda.call('POST', '/api/reports', {
      body: { userId: milo.userId, reason: 'harassment', details: '  Rude messages.  ' },
    });
    expect(await server.deps.store.reports.listByReporter(wanda.userId ?? '')).toEqual([
      expect.objectContaining({
        reportedUserId: milo.userId,
        reason: 'harassment',
        details: 'Rude messages.',
      }),
    ]);
  });
});
