import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSession } from '../support/api-session';
import { errorCode, uniqueEmail } from '../support/api-session';
import { matchingApi, type PublicProfileBody } from '../support/matching-api';
import { nextTown, northOf } from '../support/matching-fixtures';
import { apiTargets, type RunningApi } from './api-targets';

interface LikesBody {
  items: Array<{ user: PublicProfileBody; likedAt: string }>;
  nextCursor: string | null;
}

/** "Likes you" as users see it, in every world the API runs in. */
describe.each(apiTargets)('likes you API ($name)', (target) => {
  let api: RunningApi;
  let m: ReturnType<typeof matchingApi>;

  beforeAll(async () => {
    api = await target.start();
    m = matchingApi(api.url, api.fetch);
  }, 90_000);
  afterAll(async () => {
    await api?.close();
  });

  const likes = async (user: ApiSession, query = '') => {
    const response = await user.call<LikesBody>('GET', `/api/likes${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  };
  const likerIds = async (user: ApiSession) => (await likes(user)).items.map((like) => like.user.userId);

  it('lists who liked me, newest first, and liking one back makes the match and takes them off', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(northOf(town, 2));
    const otto = await m.man(northOf(town, 4));
    expect(await likerIds(wanda)).toEqual([]);
    expect((await m.swipe(milo, wanda, 'like')).body).toEqual({ matched: false });
    expect((await m.swipe(otto, wanda, 'like')).body).toEqual({ matched: false });

    const listed = await likes(wanda);
    expect(listed.items.map((like) => like.user.userId)).toEqual([otto.userId, milo.userId]);
    expect(listed.items[0]?.user.distanceKm).toEqual(expect.any(Number));
    expect(listed.items[0]?.user.photos).toHaveLength(1);
    expect(listed.items[0]?.likedAt).toEqual(expect.any(String));
    expect(listed.nextCursor).toBeNull();
    // Likes given do not show up in the giver's own list.
    expect(await likerIds(milo)).toEqual([]);

    const back = await m.swipe(wanda, milo, 'like');
    expect(back.body.matched).toBe(true);
    expect(await likerIds(wanda)).toEqual([otto.userId]);
    expect((await m.matches(wanda)).items.map((match) => match.user.userId)).toEqual([milo.userId]);
    // A pass answers a like too.
    await m.swipe(wanda, otto, 'pass');
    expect(await likerIds(wanda)).toEqual([]);
  });

  it('leaves out paused and blocked likers, like discovery', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const paused = await m.man(town);
    const blocked = await m.man(town);
    const blocker = await m.man(town);
    for (const man of [paused, blocked, blocker]) await m.swipe(man, wanda, 'like');
    expect(new Set(await likerIds(wanda))).toEqual(new Set([paused.userId, blocked.userId, blocker.userId]));

    expect((await paused.call('PUT', '/api/profile/pause')).status).toBe(200);
    expect((await wanda.call('POST', '/api/blocks', { body: { userId: blocked.userId } })).status).toBe(204);
    expect((await blocker.call('POST', '/api/blocks', { body: { userId: wanda.userId } })).status).toBe(204);
    expect(await likerIds(wanda)).toEqual([]);

    expect((await paused.call('DELETE', '/api/profile/pause')).status).toBe(200);
    expect(await likerIds(wanda)).toEqual([paused.userId]);
  });

  it('pages with a cursor, and refuses a cursor it never gave out', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const men = [await m.man(town), await m.man(town), await m.man(town)];
    for (const man of men) await m.swipe(man, wanda, 'like');
    const first = await likes(wanda, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await likes(wanda, `?limit=2&cursor=${first.nextCursor}`);
    const seen = [...first.items, ...second.items].map((like) => like.user.userId);
    expect(new Set(seen)).toEqual(new Set(men.map((man) => man.userId)));
    expect(seen).toHaveLength(3);

    const bad = await wanda.call('GET', '/api/likes?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('validation_failed');
  });

  it('needs a profile and a session', async () => {
    const bare = m.anonymous();
    expect((await bare.call('GET', '/api/likes')).status).toBe(401);
    expect((await bare.register(uniqueEmail('likes'))).status).toBe(201);
    const answer = await bare.call('GET', '/api/likes');
    expect(answer.status).toBe(409);
    expect(errorCode(answer)).toBe('profile_required');
  });
});
