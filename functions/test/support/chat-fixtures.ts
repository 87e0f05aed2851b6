import { expect } from 'vitest';
import { ApiSession, aProfileInput, uniqueEmail } from './api-session';
import { nextTown, northOf } from './matching-fixtures';

export interface MatchedPair {
  a: ApiSession;
  b: ApiSession;
  aId: string;
  bId: string;
  /** = the conversation id. */
  matchId: string;
}

/** Registers a user with a profile over the API. */
export async function personOverApi(baseUrl: string, profile: Record<string, unknown>): Promise<ApiSession> {
  const session = new ApiSession(baseUrl);
  const registered = await session.register(uniqueEmail('chat'));
  expect(registered.status, registered.text).toBe(201);
  const created = await session.call('PUT', '/api/profile', { body: aProfileInput(profile) });
  expect(created.status, created.text).toBe(201);
  return session;
}

/** Two users who like each other over the API (profiles, swipes): an active match, i.e. a conversation. */
export async function matchedPairOverApi(baseUrl: string, bBaseUrl = baseUrl): Promise<MatchedPair> {
  const town = nextTown();
  const a = await personOverApi(baseUrl, {
    displayName: 'Ada',
    gender: 'woman',
    interestedIn: ['man'],
    location: town,
  });
  const b = await personOverApi(bBaseUrl, {
    displayName: 'Bo',
    gender: 'man',
    interestedIn: ['woman'],
    location: northOf(town, 2),
  });
  const first = await a.call('POST', '/api/swipes', { body: { targetUserId: b.userId, decision: 'like' } });
  expect(first.status, first.text).toBe(200);
  const second = await b.call<{ matched: boolean; match?: { matchId: string } }>('POST', '/api/swipes', {
    body: { targetUserId: a.userId, decision: 'like' },
  });
  expect(second.body.matched, second.text).toBe(true);
  const matchId = second.body.match?.matchId ?? '';
  return { a, b, aId: a.userId ?? '', bId: b.userId ?? '', matchId };
}

let counter = 0;
/** A fresh clientMessageId. */
export const cmid = (label = 'm') => `${label}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
