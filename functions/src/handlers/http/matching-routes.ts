import { ErrorEnvelope } from '../../contract/errors';
import {
  DiscoverQuery,
  DiscoverResponse,
  LikesPage,
  LikesQuery,
  MatchesQuery,
  MatchIdParams,
  MatchPage,
  SwipeRequest,
  SwipeResponse,
  UndoResponse,
} from '../../contract/matching';
import { assertMayReachOthers } from '../../services/account/email-verification';
import { discover } from '../../services/discovery/discovery-service';
import { listLikes } from '../../services/likes/likes-service';
import { listMatches, unmatch } from '../../services/matches/match-service';
import { swipe, undoLastPass } from '../../services/swipes/swipe-service';
import { defineRoute, json, noContent } from './http-route';

const emailUnverified = {
  description: 'email_unverified: EMAIL_VERIFICATION=required and the caller has not confirmed their address',
  schema: ErrorEnvelope,
};

const error = (description: string) => ({ description, schema: ErrorEnvelope });
const profileRequired = error('profile_required: the caller has no profile yet');

export const matchingRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/discover',
    group: 'matching',
    summary:
      'People who fit the caller and whom the caller fits (genders, ages, both maximum distances), with a ' +
      'photo, not yet swiped, not blocked either way; best first by distance, shared interests and activity',
    tags: ['discovery'],
    auth: true,
    query: DiscoverQuery,
    responses: {
      200: { description: 'Ranked candidates (public profiles)', schema: DiscoverResponse },
      403: emailUnverified,
      409: profileRequired,
    },
    handle: async ({ deps, caller, query }) => {
      assertMayReachOthers(deps, caller.account);
      return json(200, await discover(deps, caller.userId, query.limit));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/likes',
    group: 'matching',
    summary:
      'Likes you: people who liked the caller and whom the caller has not answered, newest first; not paused, ' +
      'with a photo, not blocked either way. Liking one back makes the match',
    tags: ['discovery'],
    auth: true,
    query: LikesQuery,
    responses: {
      200: { description: 'A page of likes (may be short while nextCursor is set)', schema: LikesPage },
      400: error('An invalid limit or cursor'),
      409: profileRequired,
    },
    handle: async ({ deps, caller, query }) => json(200, await listLikes(deps, caller.userId, query)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/swipes',
    group: 'matching',
    summary:
      'Like or pass. Idempotent per target (the first decision stands); a mutual like creates exactly one ' +
      'match and both users get a `match` event',
    tags: ['discovery'],
    auth: true,
    body: SwipeRequest,
    responses: {
      200: { description: 'Whether the two are matched now, with the match if so', schema: SwipeResponse },
      403: emailUnverified,
      404: error('The target is the caller, unknown, without a profile, or blocked either way'),
      409: profileRequired,
      429: error('rate_limited: 200 swipes per hour'),
    },
    handle: async ({ deps, caller, body }) => {
      assertMayReachOthers(deps, caller.account);
      return json(200, await swipe(deps, caller.userId, body));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/swipes/undo',
    group: 'matching',
    summary:
      'Take back the caller’s last decision if it is a pass from the last 24 hours (a few a day); never a like',
    tags: ['discovery'],
    auth: true,
    responses: {
      200: { description: 'The pass is undone; the person, to show again', schema: UndoResponse },
      409: error('conflict: the last decision is a like, older than 24 hours, or there is none'),
      429: error('rate_limited: too many undos today'),
    },
    handle: async ({ deps, caller }) => json(200, await undoLastPass(deps, caller.userId)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/matches',
    group: 'matching',
    summary: 'The caller’s matches by last activity, newest first',
    tags: ['matches'],
    auth: true,
    query: MatchesQuery,
    responses: {
      200: { description: 'A page of matches', schema: MatchPage },
      400: error('A cursor this API did not give out'),
      409: profileRequired,
    },
    handle: async ({ deps, caller, query }) => json(200, await listMatches(deps, caller.userId, query)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/matches/{matchId}',
    group: 'matching',
    summary: 'Unmatch: the match and its conversation end for both; the other user gets `unmatched`',
    tags: ['matches'],
    auth: true,
    params: MatchIdParams,
    responses: {
      204: { description: 'Ended (or already ended)' },
      404: error('Unknown match, or not the caller’s'),
    },
    handle: async ({ deps, caller, params }) => {
      await unmatch(deps, caller.userId, params.matchId);
      return noContent();
    },
  }),
];
