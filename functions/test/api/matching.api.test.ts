import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRecordingNotifier } from '../../src/adapters/notify/recording-notifier';
import { discoveryDistanceKm } from '../../src/domain/eligibility';
import type { GeoPoint } from '../../src/domain/records';
import { aProfile } from '../contract/fixtures';
import { ApiSession, aProfileInput, errorCode, uniqueEmail } from '../support/api-session';
import { plainPng } from '../support/images';
import { startTestServer, type TestServer } from '../support/lab-server';
import { nextTown, northOf } from '../support/matching-fixtures';
import { postUploadForm, startUpload, waitForProcessed } from '../support/photo-upload';

interface PublicProfileBody {
  userId: string;
  distanceKm: number;
  photos: Array<{ id: string; urls: { thumb: string; display: string } }>;
}
interface MatchBody {
  matchId: string;
  user: PublicProfileBody;
  createdAt: string;
  lastActivityAt: string;
  lastMessage: null;
  unreadCount: number;
}

/** YYYY-MM-DD of the day `years` years before today (UTC): someone born then turns `years` today. */
/** The whole-km distance users are shown between two places. */
const shownKm = (from: GeoPoint, to: GeoPoint) =>
  discoveryDistanceKm(aProfile('A', { location: from }), aProfile('B', { location: to }));

const yearsAgo = (years: number, extraDays = 0) => {
  const today = new Date();
  const day = new Date(
    Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() + extraDays),
  );
  return day.toISOString().slice(0, 10);
};

describe('discovery, swipes, matches, blocks and reports API (lab runtime, PGlite, photos on disk)', () => {
  let server: TestServer;
  let dataDir: string;
  const notifier = createRecordingNotifier();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'matching-api-'));
    server = await startTestServer({ env: { DATA_DIR: dataDir, BLOBS: 'fs' }, notifier });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => notifier.clear());

  /** Registers, creates the profile and uploads one real photo through the presigned POST. */
  async function person(profile: Record<string, unknown>, options: { photo?: boolean } = {}) {
    const user = new ApiSession(server.url);
    expect((await user.register(uniqueEmail('match'))).status).toBe(201);
    const created = await user.call('PUT', '/api/profile', { body: aProfileInput(profile) });
    expect(created.status, created.text).toBe(201);
    if (options.photo !== false) {
      const file = await plainPng(320, 400);
      const started = await startUpload(user, 'image/png', file.length);
      expect(
        (await postUploadForm(server.url, started.upload, file, { fileType: 'image/png' })).status,
      ).toBeLessThan(300);
      expect((await waitForProcessed(user, started.photo.id)).status).toBe('ready');
    }
    return user;
  }

  const woman = (location: GeoPoint, overrides: Record<string, unknown> = {}) =>
    person({ displayName: 'Wanda', gender: 'woman', interestedIn: ['man'], location, ...overrides });
  const man = (
    location: GeoPoint,
    overrides: Record<string, unknown> = {},
    options: { photo?: boolean } = {},
  ) =>
    person({ displayName: 'Milo', gender: 'man', interestedIn: ['woman'], location, ...overrides }, options);

  const discover = async (user: ApiSession, limit?: number) => {
    const response = await user.call<{ items: PublicProfileBody[] }>(
      'GET',
      `/api/discover${limit ? `?limit=${limit}` : ''}`,
    );
    expect(response.status, response.text).toBe(200);
    return response.body.items;
  };
  const seenIds = async (user: ApiSession) => (await discover(user)).map((item) => item.userId);
  const swipe = (user: ApiSession, target: ApiSession, decision: 'like' | 'pass') =>
    user.call<{ matched: boolean; match?: MatchBody }>('POST', '/api/swipes', {
      body: { targetUserId: target.userId, decision },
    });
  const matches = async (user: ApiSession, query = '') => {
    const response = await user.call<{ items: MatchBody[]; nextCursor: string | null }>(
      'GET',
      `/api/matches${query}`,
    );
    expect(response.status, response.text).toBe(200);
    return response.body;
  };
  const matched = async (a: ApiSession, b: ApiSession) => {
    expect((await swipe(a, b, 'like')).body).toEqual({ matched: false });
    const response = await swipe(b, a, 'like');
    expect(response.body.matched).toBe(true);
    return response.body.match as MatchBody;
  };

  it('shows two complementary users to each other, as public profiles with photos and whole-km distances', async () => {
    const town = nextTown();
    const wanda = await woman(town);
    const milo = await man(northOf(town, 3));
    const [seen] = await discover(wanda);
    expect(seen).toMatchObject({ userId: milo.userId, distanceKm: shownKm(town, northOf(town, 3)) });
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
    expect(await seenIds(milo)).toEqual([wanda.userId]);
  });

  it('does not show people whose interest is one-sided, nor anyone without a ready photo', async () => {
    const town = nextTown();
    const wanda = await woman(town);
    const onlyMen = await man(town, { interestedIn: ['man'] });
    const nonbinary = await person({ gender: 'nonbinary', interestedIn: ['woman'], location: town });
    const photoless = await man(town, {}, { photo: false });
    expect(await seenIds(wanda)).toEqual([]);
    expect(await seenIds(photoless)).toEqual([wanda.userId]);
    expect(await seenIds(onlyMen)).toEqual([]);
    expect(await seenIds(nonbinary)).toEqual([]);
  });

  it('honours both age ranges to the day', async () => {
    const town = nextTown();
    const wanda = await woman(town, { birthDate: yearsAgo(33), ageMin: 30, ageMax: 35 });
    const turns30Today = await man(town, { birthDate: yearsAgo(30) });
    const turns30Tomorrow = await man(town, { birthDate: yearsAgo(30, 1) });
    const turned36Today = await man(town, { birthDate: yearsAgo(36) });
    const wantsYounger = await man(town, { birthDate: yearsAgo(31), ageMin: 20, ageMax: 32 });
    expect(await seenIds(wanda)).toEqual([turns30Today.userId]);
    expect(await seenIds(turns30Tomorrow)).toEqual([]);
    expect(await seenIds(turned36Today)).toEqual([]);
    expect(await seenIds(wantsYounger)).toEqual([]);
  });

  it('honours both maximum distances in the kilometres shown', async () => {
    const town = nextTown();
    const wanda = await woman(town, { maxDistanceKm: 10 });
    // Places at public distances 4, 10 and 11 km (cell centres ~1.1 km apart: not every whole km exists).
    const at = (km: number) => {
      for (let step = 0; step < 4000; step += 1) {
        const point = northOf(town, km - 1 + step * 0.0005);
        if (
          discoveryDistanceKm(aProfile('a', { location: town }), aProfile('b', { location: point })) === km
        ) {
          return point;
        }
      }
      throw new Error(`no point at ${km} km`);
    };
    const atTen = await man(at(10));
    const atEleven = await man(at(11));
    const picky = await man(at(4), { maxDistanceKm: 3 });
    const seen = await discover(wanda);
    expect(seen.map((item) => [item.userId, item.distanceKm])).toEqual([[atTen.userId, 10]]);
    expect(await seenIds(atEleven)).toEqual([]);
    expect(await seenIds(picky)).toEqual([]);
  });

  it('leaves out whom the caller passed or liked; a like back makes one match for both, with events', async () => {
    const town = nextTown();
    const wanda = await woman(town);
    const passed = await man(town);
    const milo = await man(northOf(town, 2));
    expect((await swipe(wanda, passed, 'pass')).body).toEqual({ matched: false });
    expect((await swipe(wanda, milo, 'like')).body).toEqual({ matched: false });
    expect(await seenIds(wanda)).toEqual([]);
    // Milo still sees Wanda: her like does not hide her from him.
    expect(await seenIds(milo)).toEqual([wanda.userId]);

    const likedBack = await swipe(milo, wanda, 'like');
    expect(likedBack.status).toBe(200);
    expect(likedBack.body).toMatchObject({
      matched: true,
      match: { user: { userId: wanda.userId, distanceKm: shownKm(town, northOf(town, 2)) } },
    });
    const match = likedBack.body.match as MatchBody;
    expect(match).toMatchObject({ lastMessage: null, unreadCount: 0, createdAt: match.lastActivityAt });

    // Repeats answer the same and create nothing.
    expect((await swipe(milo, wanda, 'like')).body).toEqual(likedBack.body);
    expect((await swipe(wanda, milo, 'pass')).body).toMatchObject({
      matched: true,
      match: { matchId: match.matchId },
    });

    const hers = await matches(wanda);
    const his = await matches(milo);
    expect(hers.items.map((item) => [item.matchId, item.user.userId])).toEqual([
      [match.matchId, milo.userId],
    ]);
    expect(his.items.map((item) => [item.matchId, item.user.userId])).toEqual([
      [match.matchId, wanda.userId],
    ]);
    expect(his.items[0]?.user.photos).toHaveLength(1);

    // Photo processing has its own events; these are the matching ones.
    const events = (user: ApiSession) =>
      notifier
        .eventsFor(user.userId ?? '')
        .filter((event) => event.type === 'match' || event.type === 'unmatched');
    expect(events(wanda)).toEqual([{ type: 'match', match: hers.items[0] }]);
    expect(events(milo)).toEqual([{ type: 'match', match: his.items[0] }]);
    expect(await seenIds(milo)).toEqual([]);
  });

  it('unmatches: gone for both, the other side is told once, and it never comes back', async () => {
    const town = nextTown();
    const wanda = await woman(town);
    const milo = await man(town);
    const match = await matched(wanda, milo);
    notifier.clear();
    const stranger = await man(town);
    expect((await stranger.call('DELETE', `/api/matches/${match.matchId}`)).status).toBe(404);
    expect((await wanda.call('DELETE', `/api/matches/${match.matchId}`)).status).toBe(204);
    expect((await wanda.call('DELETE', `/api/matches/${match.matchId}`)).status).toBe(204);
    expect(notifier.eventsFor(milo.userId ?? '')).toEqual([{ type: 'unmatched', matchId: match.matchId }]);
    expect(notifier.eventsFor(wanda.userId ?? '')).toEqual([]);
    expect((await matches(wanda)).items).toEqual([]);
    expect((await matches(milo)).items).toEqual([]);
    expect((await swipe(milo, wanda, 'like')).body).toEqual({ matched: false });
    expect(await seenIds(wanda)).toEqual([stranger.userId]);
  });

  it('pages matches by last activity with an opaque cursor', async () => {
    const town = nextTown();
    const wanda = await woman(town);
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) ids.push((await matched(await man(town), wanda)).matchId);
    const first = await matches(wanda, '?limit=2');
    expect(first.items.map((item) => item.matchId)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await matches(wanda, `?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(rest).toEqual({ items: [expect.objectContaining({ matchId: ids[0] })], nextCursor: null });
    const bad = await wanda.call('GET', '/api/matches?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('validation_failed');
  });

  it('block hides everything both ways: discovery, matches, profiles, swipes; unblock restores visibility only', async () => {
    const town = nextTown();
    const wanda = await woman(town);
    const milo = await man(town);
    const match = await matched(wanda, milo);
    notifier.clear();
    expect((await milo.call('POST', '/api/blocks', { body: { userId: wanda.userId } })).status).toBe(204);
    expect((await milo.call('POST', '/api/blocks', { body: { userId: wanda.userId } })).status).toBe(204);
    expect(notifier.eventsFor(wanda.userId ?? '')).toEqual([{ type: 'unmatched', matchId: match.matchId }]);
    for (const [viewer, other] of [
      [wanda, milo],
      [milo, wanda],
    ] as const) {
      expect((await matches(viewer)).items).toEqual([]);
      expect(await seenIds(viewer)).toEqual([]);
      const profile = await viewer.call('GET', `/api/profiles/${other.userId}`);
      expect(profile.status).toBe(404);
      expect(errorCode(profile)).toBe('not_found');
      const swiped = await swipe(viewer, other, 'like');
      expect(swiped.status).toBe(404);
    }
    const blocks = await milo.call<{ items: unknown[]; nextCursor: null }>('GET', '/api/blocks');
    expect(blocks.body).toEqual({
      items: [{ userId: wanda.userId, displayName: 'Wanda', blockedAt: expect.any(String) }],
      nextCursor: null,
    });
    expect((await wanda.call('GET', '/api/blocks')).body).toEqual({ items: [], nextCursor: null });

    expect((await milo.call('DELETE', `/api/blocks/${wanda.userId}`)).status).toBe(204);
    expect((await wanda.call('GET', `/api/profiles/${milo.userId}`)).status).toBe(200);
    // They had both swiped, and the match ended for good.
    expect(await seenIds(wanda)).toEqual([]);
    expect((await matches(wanda)).items).toEqual([]);
  });

  it('keeps a report for moderation and blocks the reported user', async () => {
    const town = nextTown();
    const wanda = await woman(town);
    const milo = await man(town);
    const report = await wanda.call('POST', '/api/reports', {
      body: { userId: milo.userId, reason: 'harassment', details: '  Rude messages.  ' },
    });
    expect(report.status, report.text).toBe(201);
    expect(report.body).toEqual({ reportId: expect.any(String), createdAt: expect.any(String) });
    expect(await server.deps.store.reports.listByReporter(wanda.userId ?? '')).toEqual([
      expect.objectContaining({
        reportedUserId: milo.userId,
        reason: 'harassment',
        details: 'Rude messages.',
      }),
    ]);
    expect(await seenIds(wanda)).toEqual([]);
    expect(await seenIds(milo)).toEqual([]);
    expect((await milo.call('GET', `/api/profiles/${wanda.userId}`)).status).toBe(404);
    const badReason = await wanda.call('POST', '/api/reports', {
      body: { userId: milo.userId, reason: 'boring' },
    });
    expect(badReason.status).toBe(400);
  });

  it('answers 409 without a profile, 404 for oneself and unknown users, 400 for a bad decision', async () => {
    const town = nextTown();
    const noProfile = new ApiSession(server.url);
    await noProfile.register(uniqueEmail('noprofile'));
    const wanda = await woman(town);
    for (const path of ['/api/discover', '/api/matches']) {
      const response = await noProfile.call('GET', path);
      expect(response.status).toBe(409);
      expect(errorCode(response)).toBe('profile_required');
    }
    expect((await swipe(noProfile, wanda, 'like')).status).toBe(409);
    expect((await swipe(wanda, wanda, 'like')).status).toBe(404);
    expect((await swipe(wanda, noProfile, 'like')).status).toBe(404);
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
      expect((await new ApiSession(server.url).call(method, path, { body })).status).toBe(401);
    }
  });
});
