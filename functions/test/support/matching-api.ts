import { expect } from 'vitest';
import type { GeoPoint } from '../../src/domain/records';
import { ApiSession, aProfileInput, uniqueEmail } from './api-session';
import { plainPng } from './images';
import { completeUpload, postUploadForm, startUpload, waitForProcessed } from './photo-upload';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface PublicProfileBody {
  userId: string;
  distanceKm: number;
  photos: Array<{ id: string; urls: { thumb: string; display: string } }>;
}

export interface MatchBody {
  matchId: string;
  user: PublicProfileBody;
  createdAt: string;
  lastActivityAt: string;
  lastMessage: unknown;
  unreadCount: number;
}

/** YYYY-MM-DD of the day `years` years before today (UTC): someone born then turns `years` today. */
export const yearsAgo = (years: number, extraDays = 0) => {
  const today = new Date();
  const day = new Date(
    Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() + extraDays),
  );
  return day.toISOString().slice(0, 10);
};

/** Discovery, swipes and matches as a browser would call them, against one running API. */
export function matchingApi(url: string, fetchImpl: FetchLike = fetch) {
  /** Registers, creates the profile and uploads one real photo as the SPA does: the presigned POST, then `/complete`. */
  async function person(profile: Record<string, unknown>, options: { photo?: boolean } = {}) {
    const user = new ApiSession(url, fetchImpl);
    expect((await user.register(uniqueEmail('match'))).status).toBe(201);
    const created = await user.call('PUT', '/api/profile', { body: aProfileInput(profile) });
    expect(created.status, created.text).toBe(201);
    if (options.photo !== false) {
      const file = await plainPng(320, 400);
      const started = await startUpload(user, 'image/png', file.length);
      const posted = await postUploadForm(url, started.upload, file, { fileType: 'image/png' });
      expect(posted.status, posted.text).toBeLessThan(300);
      await completeUpload(user, started.photo.id);
      expect((await waitForProcessed(user, started.photo.id)).status).toBe('ready');
    }
    return user;
  }

  const discover = async (user: ApiSession, limit?: number) => {
    const response = await user.call<{ items: PublicProfileBody[] }>(
      'GET',
      `/api/discover${limit ? `?limit=${limit}` : ''}`,
    );
    expect(response.status, response.text).toBe(200);
    return response.body.items;
  };

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

  return {
    person,
    woman: (location: GeoPoint, overrides: Record<string, unknown> = {}) =>
      person({ displayName: 'Wanda', gender: 'woman', interestedIn: ['man'], location, ...overrides }),
    man: (location: GeoPoint, overrides: Record<string, unknown> = {}, options: { photo?: boolean } = {}) =>
      person(
        { displayName: 'Milo', gender: 'man', interestedIn: ['woman'], location, ...overrides },
        options,
      ),
    discover,
    seenIds: async (user: ApiSession) => (await discover(user)).map((item) => item.userId),
    swipe,
    matches,
    /** `a` likes `b`, then `b` likes back: answers the match `b` got. */
    async matched(a: ApiSession, b: ApiSession) {
      expect((await swipe(a, b, 'like')).body).toEqual({ matched: false });
      const response = await swipe(b, a, 'like');
      expect(response.body.matched).toBe(true);
      return response.body.match as MatchBody;
    },
    anonymous: () => new ApiSession(url, fetchImpl),
  };
}
