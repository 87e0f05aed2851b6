import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSession } from '../support/api-session';
import { aProfileInput, errorCode, uniqueEmail } from '../support/api-session';
import { matchingApi } from '../support/matching-api';
import { nextTown, northOf } from '../support/matching-fixtures';
import { apiTargets, type RunningApi } from './api-targets';

interface ProfileBody {
  pausedAt: string | null;
  bio: string;
}

/** Pausing and resuming a profile, as users see it, in every world the API runs in. */
describe.each(apiTargets)('profile pause API ($name)', (target) => {
  let api: RunningApi;
  let m: ReturnType<typeof matchingApi>;

  beforeAll(async () => {
    api = await target.start();
    m = matchingApi(api.url, api.fetch);
  }, 90_000);
  afterAll(async () => {
    await api?.close();
  });

  const pause = (user: ApiSession) => user.call<ProfileBody>('PUT', '/api/profile/pause');
  const resume = (user: ApiSession) => user.call<ProfileBody>('DELETE', '/api/profile/pause');

  it('hides a paused person from discovery and their profile from strangers until one click resumes them', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(northOf(town, 2));
    expect(await m.seenIds(wanda)).toEqual([milo.userId]);
    expect((await milo.call<ProfileBody>('GET', '/api/profile')).body.pausedAt).toBeNull();

    const paused = await pause(milo);
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.pausedAt).toEqual(expect.any(String));
    expect((await milo.call<ProfileBody>('GET', '/api/profile')).body.pausedAt).toBe(paused.body.pausedAt);
    expect(await m.seenIds(wanda)).toEqual([]);
    expect((await wanda.call('GET', `/api/profiles/${milo.userId}`)).status).toBe(404);
    // The paused person still sees others; pausing again keeps the first time.
    expect(await m.seenIds(milo)).toEqual([wanda.userId]);
    expect((await pause(milo)).body.pausedAt).toBe(paused.body.pausedAt);

    // The export carries the pause with the rest of the profile.
    const exported = await milo.call<{ profile: { pausedAt?: string } | null }>('GET', '/api/me/export');
    expect(exported.status, exported.text).toBe(200);
    expect(exported.body.profile?.pausedAt).toBe(paused.body.pausedAt);

    const resumed = await resume(milo);
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.body.pausedAt).toBeNull();
    expect(await m.seenIds(wanda)).toEqual([milo.userId]);
    expect((await wanda.call('GET', `/api/profiles/${milo.userId}`)).status).toBe(200);
    expect((await resume(milo)).body.pausedAt).toBeNull();
  });

  it('keeps a profile paused when it is edited, until the owner resumes it', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    await pause(milo);
    const edited = await milo.call<ProfileBody>('PUT', '/api/profile', {
      body: aProfileInput({
        displayName: 'Milo',
        gender: 'man',
        interestedIn: ['woman'],
        location: northOf(town, 1),
        bio: 'Away for a bit',
      }),
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.pausedAt).toEqual(expect.any(String));
    expect(await m.seenIds(wanda)).toEqual([]);
    await resume(milo);
    expect(await m.seenIds(wanda)).toEqual([milo.userId]);
  });

  it('lets matches and chats go on while paused', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    const match = await m.matched(wanda, milo);
    await pause(milo);
    expect((await m.matches(wanda)).items.map((item) => item.user.userId)).toEqual([milo.userId]);
    expect((await wanda.call('GET', `/api/profiles/${milo.userId}`)).status).toBe(200);
    const sent = await wanda.call('POST', `/api/conversations/${match.matchId}/messages`, {
      body: { clientMessageId: 'c-1', text: 'Still there?' },
    });
    expect(sent.status, sent.text).toBe(201);
    const reply = await milo.call('POST', `/api/conversations/${match.matchId}/messages`, {
      body: { clientMessageId: 'c-2', text: 'Yes, only paused' },
    });
    expect(reply.status, reply.text).toBe(201);
  });

  it('answers 409 profile_required without a profile, and 401 without a session', async () => {
    const nobody = m.anonymous();
    expect((await pause(nobody)).status).toBe(401);
    expect((await resume(nobody)).status).toBe(401);
    // Registered, but never sent PUT /api/profile.
    const bare = m.anonymous();
    expect((await bare.register(uniqueEmail('pause'))).status).toBe(201);
    const answer = await pause(bare);
    expect(answer.status).toBe(409);
    expect(errorCode(answer)).toBe('profile_required');
    expect(errorCode(await resume(bare))).toBe('profile_required');
  });
});
