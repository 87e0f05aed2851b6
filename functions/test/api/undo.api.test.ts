import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/api-session';
import type { TestServer } from '../support/lab-server';
import { matchingApi, type PublicProfileBody } from '../support/matching-api';
import { nextTown, northOf } from '../support/matching-fixtures';
import { apiTargets, labPgliteWorld, type RunningApi } from './api-targets';

/** Undoing a pass, as users see it, in every world the API runs in. */
describe.each(apiTargets)('undo API ($name)', (target) => {
  let api: RunningApi;
  let m: ReturnType<typeof matchingApi>;

  beforeAll(async () => {
    api = await target.start();
    m = matchingApi(api.url, api.fetch);
  }, 90_000);
  afterAll(async () => {
    await api?.close();
  });

  it('restores exactly the person passed by mistake, who can then be liked into a match', async () => {
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(northOf(town, 2));
    const otto = await m.man(northOf(town, 3));
    await m.swipe(milo, wanda, 'like');
    await m.swipe(wanda, otto, 'pass');
    await m.swipe(wanda, milo, 'pass');

    const undone = await wanda.call<{ targetUserId: string; user: PublicProfileBody | null }>(
      'POST',
      '/api/swipes/undo',
    );
    expect(undone.status, undone.text).toBe(200);
    expect(undone.body.targetUserId).toBe(milo.userId);
    expect(undone.body.user?.userId).toBe(milo.userId);
    expect(undone.body.user?.photos).toHaveLength(1);
    // Only the last pass comes back; the one before stays.
    const liked = await m.swipe(wanda, milo, 'like');
    expect(liked.body.matched).toBe(true);
    // The last decision is now a like (it made a match): never undone.
    const again = await wanda.call('POST', '/api/swipes/undo');
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('conflict');
    expect((await m.matches(wanda)).items.map((match) => match.user.userId)).toEqual([milo.userId]);
  });

  it('answers 409 with nothing to undo and 401 without a session', async () => {
    const wanda = await m.woman(nextTown());
    const nothing = await wanda.call('POST', '/api/swipes/undo');
    expect(nothing.status).toBe(409);
    expect(errorCode(nothing)).toBe('conflict');
    expect((await m.anonymous().call('POST', '/api/swipes/undo')).status).toBe(401);
  });
});

describe('undo rate limit (lab runtime, PGlite, default limits)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await labPgliteWorld.start({ env: { RATE_LIMITS: '' } });
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('allows 5 undos a day, then answers 429 rate_limited', async () => {
    const m = matchingApi(server.url);
    const town = nextTown();
    const wanda = await m.woman(town);
    const milo = await m.man(town);
    for (let undo = 1; undo <= 5; undo += 1) {
      expect((await m.swipe(wanda, milo, 'pass')).status).toBe(200);
      expect((await wanda.call('POST', '/api/swipes/undo')).status).toBe(200);
    }
    await m.swipe(wanda, milo, 'pass');
    const sixth = await wanda.call('POST', '/api/swipes/undo');
    expect(sixth.status).toBe(429);
    expect(errorCode(sixth)).toBe('rate_limited');
  });
});
