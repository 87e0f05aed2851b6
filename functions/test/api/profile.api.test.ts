import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, aProfileInput, errorCode, uniqueEmail } from '../support/api-session';
import { matchingApi, yearsAgo } from '../support/matching-api';
import { nextTown, northOf } from '../support/matching-fixtures';
import { apiTargets, type RunningApi } from './api-targets';

describe.each(apiTargets)('me and profile API ($name)', (target) => {
  let api: RunningApi;
  const newUser = async (label = 'profile') => {
    const user = new ApiSession(api.url, api.fetch);
    await user.register(uniqueEmail(label));
    return user;
  };

  beforeAll(async () => {
    api = await target.start();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('tells a new user their profile is not complete, then that it is', async () => {
    const user = await newUser();
    const before = await user.call('GET', '/api/me');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      id: user.userId,
      email: expect.stringContaining('@example.test'),
      createdAt: expect.any(String),
      profileComplete: false,
      displayName: null,
      // Mail to the address works until a bounce or complaint says otherwise.
      emailDeliverability: 'ok',
      // Members; no moderation decision to tell them about.
      role: 'member',
      notice: null,
      // Registration mailed a link; the test worlds run with EMAIL_VERIFICATION=off (the laptop's default).
      emailVerified: false,
      pendingEmail: null,
      emailVerificationRequired: false,
    });
    expect((await user.call('GET', '/api/profile')).status).toBe(404);
    expect((await user.call('PUT', '/api/profile', { body: aProfileInput() })).status).toBe(201);
    expect((await user.call('GET', '/api/me')).body).toMatchObject({
      profileComplete: true,
      displayName: 'Ada',
    });
  });

  it('creates, replaces and reads back the own profile with every field', async () => {
    const user = await newUser();
    const created = await user.call('PUT', '/api/profile', { body: aProfileInput() });
    expect(created.status).toBe(201);
    const replaced = await user.call('PUT', '/api/profile', {
      body: aProfileInput({
        displayName: '  Ada L.  ',
        interests: ['Hiking', 'jazz'],
        prompts: [],
        bio: '',
        gender: 'nonbinary',
        interestedIn: ['woman', 'nonbinary'],
      }),
    });
    expect(replaced.status).toBe(200);
    const own = await user.call('GET', '/api/profile');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      userId: user.userId,
      displayName: 'Ada L.',
      birthDate: '1995-06-15',
      age: expect.any(Number),
      gender: 'nonbinary',
      interestedIn: ['woman', 'nonbinary'],
      ageMin: 25,
      ageMax: 45,
      maxDistanceKm: 50,
      location: { lat: 52.52, lon: 13.405 },
      bio: '',
      interests: ['hiking', 'jazz'],
      prompts: [],
      photos: [],
    });
  });

  it('refuses an underage birth date', async () => {
    const user = await newUser();
    const today = new Date();
    const seventeen = `${today.getUTCFullYear() - 17}-01-01`;
    const response = await user.call('PUT', '/api/profile', {
      body: aProfileInput({ birthDate: seventeen }),
    });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('validation_failed');
    expect(response.body).toMatchObject({ error: { details: { fields: { birthDate: expect.any(Array) } } } });
    expect((await user.call('GET', '/api/profile')).status).toBe(404);
  });

  it.each([
    ['ageMin above ageMax', { ageMin: 40, ageMax: 30 }, 'ageMin'],
    ['no gender of interest', { interestedIn: [] }, 'interestedIn'],
    ['an unknown gender', { gender: 'robot' }, 'gender'],
    ['a distance of 0 km', { maxDistanceKm: 0 }, 'maxDistanceKm'],
    ['a distance over 500 km', { maxDistanceKm: 501 }, 'maxDistanceKm'],
    ['a latitude of 91', { location: { lat: 91, lon: 0 } }, 'location.lat'],
    ['an impossible date', { birthDate: '1990-02-30' }, 'birthDate'],
    ['eleven interests', { interests: Array.from({ length: 11 }, (_, i) => `tag${i}`) }, 'interests'],
    [
      'four prompts',
      { prompts: Array.from({ length: 4 }, () => ({ question: 'q', answer: 'a' })) },
      'prompts',
    ],
    ['a bio over 500 characters', { bio: 'x'.repeat(501) }, 'bio'],
    ['an empty display name', { displayName: '   ' }, 'displayName'],
    ['an attempt to set the user id', { userId: '01J0000000000000000000000' }, 'userId'],
  ])('refuses %s', async (_label, overrides, field) => {
    const user = await newUser();
    const response = await user.call('PUT', '/api/profile', { body: aProfileInput(overrides) });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('validation_failed');
    expect(
      Object.keys((response.body as { error: { details: { fields: object } } }).error.details.fields),
    ).toContain(field);
  });

  it("shows another user's public view without email, birth date or coordinates", async () => {
    const m = matchingApi(api.url, api.fetch);
    const viewer = await m.woman({ lat: 52.52, lon: 13.405 });
    const subject = await m.man({ lat: 52.4, lon: 13.05 }, { displayName: 'Linus' });
    const response = await viewer.call<Record<string, unknown>>('GET', `/api/profiles/${subject.userId}`);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(
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
    expect(response.body).toMatchObject({ userId: subject.userId, displayName: 'Linus', gender: 'man' });
    expect(Number.isInteger(response.body.distanceKm)).toBe(true);
    expect(response.body.distanceKm).toBeGreaterThan(20);
    expect(response.body.distanceKm).toBeLessThan(35);
    expect(response.text).not.toMatch(/52\.4|13\.05|birthDate|@example/);
  });

  describe('who may see a public profile', () => {
    let m: ReturnType<typeof matchingApi>;
    beforeAll(() => {
      m = matchingApi(api.url, api.fetch);
    });
    const view = (viewer: ApiSession, subject: ApiSession) =>
      viewer.call<{ userId: string; distanceKm: number }>('GET', `/api/profiles/${subject.userId}`);
    /** Exactly what an unknown id gets: 404 with the same envelope, so nobody learns the person exists. */
    const expectHidden = async (viewer: ApiSession, subject: ApiSession) => {
      const response = await view(viewer, subject);
      const unknown = await viewer.call('GET', '/api/profiles/01JZZZZZZZZZZZZZZZZZZZZZZZ');
      expect(response.status, response.text).toBe(404);
      expect(errorCode(response)).toBe('not_found');
      expect(response.body).toEqual(unknown.body);
      expect(response.text).not.toContain('distanceKm');
    };
    const expectShown = async (viewer: ApiSession, subject: ApiSession) => {
      const response = await view(viewer, subject);
      expect(response.status, response.text).toBe(200);
      expect(response.body.userId).toBe(subject.userId);
      expect(Number.isInteger(response.body.distanceKm)).toBe(true);
    };

    it('answers those discovery would show the person to right now, and 404s everyone else', async () => {
      const town = nextTown();
      const wanda = await m.woman(town);
      const milo = await m.man(northOf(town, 3));
      await expectShown(wanda, milo);
      await expectShown(milo, wanda);
      await expectShown(wanda, wanda); // one's own preview
      // Knowing an id is not enough: someone far away, someone not interested, someone outside the age range.
      const faraway = await m.man(nextTown());
      await expectHidden(faraway, wanda);
      await expectHidden(wanda, faraway);
      const notInterested = await m.man(northOf(town, 1), { interestedIn: ['man'] });
      await expectHidden(notInterested, wanda);
      await expectHidden(wanda, notInterested);
      const tooOld = await m.man(northOf(town, 1), { birthDate: yearsAgo(60) });
      await expectHidden(wanda, tooOld);
      // Discovery needs a ready photo: the photo-less are hidden, though they may see others.
      const photoless = await m.man(northOf(town, 2), {}, { photo: false });
      await expectHidden(wanda, photoless);
      await expectShown(photoless, wanda);
    });

    it('hides the person once the viewer swiped them, unless that made a match; and after an unmatch', async () => {
      const town = nextTown();
      const wanda = await m.woman(town);
      const milo = await m.man(northOf(town, 2));
      const otto = await m.man(northOf(town, 4));
      expect((await m.swipe(wanda, milo, 'pass')).status).toBe(200);
      await expectHidden(wanda, milo);
      await expectShown(milo, wanda); // he has not swiped her: discovery still shows her to him
      expect((await m.swipe(wanda, otto, 'like')).body).toEqual({ matched: false });
      await expectHidden(wanda, otto);
      const liked = await m.swipe(otto, wanda, 'like');
      expect(liked.body.matched).toBe(true);
      const matchId = liked.body.match?.matchId;
      // Matched: both have swiped, discovery shows neither to the other, the match still does.
      await expectShown(wanda, otto);
      await expectShown(otto, wanda);
      expect((await otto.call('DELETE', `/api/matches/${matchId}`)).status).toBe(204);
      await expectHidden(wanda, otto);
      await expectHidden(otto, wanda);
    });

    it('hides a blocked pair from each other, match or not', async () => {
      const town = nextTown();
      const wanda = await m.woman(town);
      const milo = await m.man(northOf(town, 2));
      const otto = await m.man(northOf(town, 4));
      await m.matched(wanda, otto);
      expect((await milo.call('POST', '/api/blocks', { body: { userId: wanda.userId } })).status).toBe(204);
      expect((await wanda.call('POST', '/api/blocks', { body: { userId: otto.userId } })).status).toBe(204);
      await expectHidden(wanda, milo);
      await expectHidden(milo, wanda);
      await expectHidden(wanda, otto);
      await expectHidden(otto, wanda);
    });
  });

  it('answers 404 for unknown users, 400 for malformed ids and 409 without an own profile', async () => {
    const viewer = await newUser('viewer');
    const stranger = await newUser('stranger');
    await stranger.call('PUT', '/api/profile', { body: aProfileInput() });
    const noProfile = await viewer.call('GET', `/api/profiles/${stranger.userId}`);
    expect(noProfile.status).toBe(409);
    expect(errorCode(noProfile)).toBe('profile_required');

    await viewer.call('PUT', '/api/profile', { body: aProfileInput() });
    const unknown = await viewer.call('GET', '/api/profiles/01JZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown)).toBe('not_found');
    const malformed = await viewer.call('GET', '/api/profiles/..%2F..%2Fetc');
    expect([400, 404]).toContain(malformed.status);
    errorCode(malformed);
  });

  it('requires authentication for every profile route', async () => {
    const anonymous = new ApiSession(api.url, api.fetch);
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/profile'],
      ['PUT', '/api/profile'],
      ['GET', '/api/profiles/01JZZZZZZZZZZZZZZZZZZZZZZZ'],
    ] as const) {
      const response = await anonymous.call(method, path, {
        body: method === 'PUT' ? aProfileInput() : undefined,
      });
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('unauthorized');
    }
  });
});
