import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import type { HttpRoute } from '../../src/handlers/http/http-route';
import { httpRoutes } from '../../src/routes';
import { keyIdOf } from '../../src/runtime/access-token-keys';
import { type ApiSession, aProfileInput, errorCode } from '../support/api-session';
import { TEST_JWT_SECRET, type TestServer } from '../support/lab-server';
import { matchingApi } from '../support/matching-api';
import { nextTown } from '../support/matching-fixtures';
import { startUpload } from '../support/photo-upload';
import { fillPath, findLeak, pathParamNames, timedRequest } from './adversarial-http';
import { fuzzTargets } from './fuzz-stores';

/**
 * The authorization matrix (OWASP API1 broken object level authorization, API2 broken
 * authentication), generated from THE route table so that a new route is covered the day it is added:
 * - every `auth: true` route x every kind of bad token -> 401 `unauthorized`;
 * - every route with a path parameter, called by user B with user A's resource ids -> 404 `not_found` (never
 *   200 with A's data, never 403 confirming that the resource exists). That includes A's public profile: B is
 *   neither A's match nor someone discovery would show A to, so knowing A's id shows B nothing.
 * - every moderation route (`/api/moderation/...`), called by a member -> 403 `forbidden`: the route exists,
 *   it is just not theirs (a moderator's work is no secret; its contents are).
 */

const authedRoutes = httpRoutes.filter((route) => route.auth);
const routesWithParams = httpRoutes.filter((route) => pathParamNames(route.path).length > 0);

/**
 * The caller's own relation to someone, named by that someone's id: B unblocking A touches only B's block
 * list. Allowed answers: 204 (idempotent) or 404; A's data must stay as it was either way.
 */
const CALLER_OWNED = new Set(['DELETE /api/blocks/{userId}']);

/** Staff-only routes: members get 403 `forbidden` whatever ids they name. */
const isModerationRoute = (route: HttpRoute) => route.path.startsWith('/api/moderation/');
const moderationRoutes = httpRoutes.filter(isModerationRoute);

const key = (route: HttpRoute) => `${route.method} ${route.path}`;

const targets = fuzzTargets();

/** A moderation decision about the user (a warning), stored as a moderator's action would store it. */
async function aDecisionAbout(server: TestServer, userId: string): Promise<string> {
  const decisionId = newId();
  await server.deps.store.moderation.addDecision({
    id: decisionId,
    subjectId: userId,
    moderatorId: newId(),
    action: 'warn',
    note: 'A warning for Alice',
    photoId: null,
    until: null,
    createdAt: new Date().toISOString(),
    acknowledgedAt: null,
    appeal: null,
  });
  return decisionId;
}

describe.each(targets)(
  'authorization matrix, generated from the route table (lab runtime over HTTP, $name)',
  (target) => {
    if (target.unavailable !== null) {
      it.skip(`skipped: ${target.unavailable}`, () => {});
      return;
    }
    let server: TestServer;
    let m: ReturnType<typeof matchingApi>;
    let alice: ApiSession; // A: the owner of every resource below
    let carol: ApiSession; // C: A's match
    let bob: ApiSession; // B: the attacker, a regular user with a profile and a photo
    let auth: { issuer: string; audience: string };
    /** An access token issued before its account was deleted (DELETE /api/me), still within its lifetime. */
    let deletedAccountToken: string;
    let ids: {
      userId: string[];
      photoId: string[];
      matchId: string[];
      conversationId: string[];
      messageId: string;
      sessionId: string[];
      /** A's push subscription (`/api/me/push-subscriptions/{id}`). */
      id: string[];
      decisionId: string[];
    };

    const secret = new TextEncoder().encode(TEST_JWT_SECRET);
    const now = () => Math.floor(Date.now() / 1000);
    const forge = (
      claims: { sub?: string; aud?: string; iss?: string; iat?: number; exp?: number },
      signingKey = secret,
    ) =>
      new SignJWT({ sid: 'forged-session' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(TEST_JWT_SECRET) })
        .setSubject(claims.sub ?? (bob.userId as string))
        .setIssuer(claims.iss ?? auth.issuer)
        .setAudience(claims.aud ?? auth.audience)
        .setIssuedAt(claims.iat ?? now())
        .setExpirationTime(claims.exp ?? now() + 600)
        .sign(signingKey);

    /** Every kind of credential that must not get past authentication, by name. */
    const badCredentials: Array<[string, () => Promise<string | undefined>]> = [
      ['no Authorization header', async () => undefined],
      ['a garbage token', async () => 'Bearer garbage'],
      ['a JWT-shaped garbage token', async () => 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl'],
      ['another scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['an expired token', async () => `Bearer ${await forge({ iat: now() - 7200, exp: now() - 3600 })}`],
      [
        'an alg: none token',
        async () => {
          const [, payload] = (await forge({})).split('.');
          const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
          return `Bearer ${header}.${payload}.`;
        },
      ],
      [
        'a token signed with another key',
        async () =>
          `Bearer ${await forge({}, new TextEncoder().encode('another-secret-0123456789abcdef-xyz'))}`,
      ],
      ['a token for another audience', async () => `Bearer ${await forge({ aud: 'some-other-api' })}`],
      ['a token from another issuer', async () => `Bearer ${await forge({ iss: 'https://evil.example' })}`],
      [
        'a valid token with its signature stripped',
        async () => {
          const [header, payload] = (await forge({})).split('.');
          return `Bearer ${header}.${payload}.`;
        },
      ],
    ];

    beforeAll(async () => {
      server = await target.start();
      auth = server.deps.config.auth;
      m = matchingApi(server.url);
      const town = nextTown();
      alice = await m.woman(town);
      carol = await m.man(town);
      bob = await m.man(nextTown()); // far away: A and B never meet in discovery, only ids leak
      const match = await m.matched(alice, carol);
      const sent = await alice.call<{ message: { id: string } }>(
        'POST',
        `/api/conversations/${match.matchId}/messages`,
        { body: { clientMessageId: 'alice-1', text: 'Hi Carol, it is Alice' } },
      );
      expect(sent.status, sent.text).toBe(201);
      const pending = await startUpload(alice, 'image/png', 2048);
      const photos = await alice.call<{ items: Array<{ id: string }> }>('GET', '/api/photos');
      const sessions = await alice.call<{ sessions: Array<{ id: string }> }>('GET', '/api/me/sessions');
      expect(sessions.status, sessions.text).toBe(200);
      const subscribed = await alice.call<{ id: string }>('POST', '/api/me/push-subscriptions', {
        body: {
          endpoint: `https://push.example.test/send/${randomBytes(8).toString('hex')}`,
          keys: {
            p256dh: Buffer.concat([Buffer.from([4]), randomBytes(64)]).toString('base64url'),
            auth: randomBytes(16).toString('base64url'),
          },
        },
      });
      expect(subscribed.status, subscribed.text).toBe(201);
      ids = {
        userId: [alice.userId as string],
        photoId: [...new Set([...photos.body.items.map((photo) => photo.id), pending.photo.id])],
        matchId: [match.matchId],
        conversationId: [match.matchId],
        messageId: sent.body.message.id,
        sessionId: sessions.body.sessions.map((session) => session.id),
        id: [subscribed.body.id],
        decisionId: [await aDecisionAbout(server, alice.userId as string)],
      };
      expect(ids.photoId).toHaveLength(2); // one ready, one pending

      const gone = await m.man(nextTown(), {}, { photo: false });
      deletedAccountToken = gone.accessToken as string;
      const deleted = await gone.call('DELETE', '/api/me', {
        body: { password: 'correct horse battery staple' },
      });
      expect(deleted.status, deleted.text).toBe(204);
    }, 90_000);
    afterAll(async () => {
      await server?.close();
    });

    it('has routes to check', () => {
      expect(authedRoutes.length).toBeGreaterThan(15);
      expect(routesWithParams.length).toBeGreaterThan(5);
    });

    describe.each(authedRoutes.map((route) => [key(route), route] as const))('%s', (_name, route) => {
      it.each(badCredentials)('refuses %s with 401 unauthorized', async (_label, credential) => {
        const authorization = await credential();
        const names = pathParamNames(route.path);
        const values = Object.fromEntries(
          names.map((name) => [
            name,
            (ids as unknown as Record<string, string[]>)[name]?.[0] ?? '01ARZ3NDEKTSV4RRFFQ69G5FAV',
          ]),
        );
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authorization) headers.authorization = authorization;
        const response = await timedRequest(server.url, fillPath(route.path, values), {
          method: route.method,
          headers,
          // A body only where the route takes one: elsewhere a body alone is refused (413) before any check.
          body: route.body ? '{}' : undefined,
        });
        expect(response.status, response.text).toBe(401);
        expect(errorCode(response)).toBe('unauthorized');
        expect(findLeak(response.text)).toBeUndefined();
      });
    });

    /** A body that passes the route's schema (where one is needed), so that validation cannot hide the answer. */
    const writeBody = (route: HttpRoute): unknown => {
      switch (key(route)) {
        case 'PUT /api/profile':
          return aProfileInput();
        case 'POST /api/photos':
          return { contentType: 'image/png', size: 2048 };
        case 'POST /api/swipes':
          return { targetUserId: alice.userId, decision: 'like' };
        case 'POST /api/blocks':
          return { userId: alice.userId };
        case 'POST /api/reports':
          return { userId: alice.userId, reason: 'spam' };
        case 'POST /api/auth/password':
          return {
            currentPassword: 'correct horse battery staple',
            newPassword: 'another long passphrase 42',
          };
        case 'DELETE /api/me':
          return { password: 'correct horse battery staple' };
        case 'PUT /api/me/email':
          return { newEmail: 'somewhere-else@example.test', password: 'correct horse battery staple' };
        default:
          return validBody(route);
      }
    };

    describe.each(authedRoutes.map((route) => [key(route), route] as const))('%s', (_name, route) => {
      // Account deletion revokes everything: GET /api/me already answers 401 "Account no longer
      // exists" for such a token. Every other route must agree, and none may fail with a 5xx.
      it('refuses the still-unexpired token of a deleted account with 401 unauthorized', async () => {
        const path = fillPath(
          route.path,
          Object.fromEntries(pathParamNames(route.path).map((name) => [name, '01ARZ3NDEKTSV4RRFFQ69G5FAV'])),
        );
        const response = await timedRequest(server.url, path, {
          method: route.method,
          headers: { authorization: `Bearer ${deletedAccountToken}`, 'content-type': 'application/json' },
          body: route.body ? JSON.stringify(writeBody(route) ?? {}) : undefined,
        });
        const what = `${route.method} ${path} with a deleted account's token -> ${response.status} ${response.text.slice(0, 300)}`;
        expect(response.status, what).toBeLessThan(500);
        expect(findLeak(response.text), what).toBeUndefined();
        expect(response.status, what).toBe(401);
        expect(errorCode(response), what).toBe('unauthorized');
      });
    });

    /** A body that passes the route's schema, so that only authorization can refuse the call. */
    const validBody = (route: HttpRoute): unknown => {
      switch (key(route)) {
        case 'POST /api/conversations/{conversationId}/messages':
          return { clientMessageId: 'bob-intrudes', text: 'Bob was here' };
        case 'POST /api/conversations/{conversationId}/read':
          return { upToMessageId: ids.messageId };
        case 'POST /api/moderation/users/{userId}/actions':
          return { action: 'ban', note: 'Bob bans Alice' };
        case 'POST /api/moderation/users/{userId}/appeals/{decisionId}':
          return { outcome: 'lifted', note: 'Bob lifts it' };
        default:
          return route.body ? {} : undefined;
      }
    };

    describe.each(routesWithParams.map((route) => [key(route), route] as const))('%s', (name, route) => {
      it("with another user's resource ids: 404 not_found", async () => {
        const names = pathParamNames(route.path);
        const byName = ids as unknown as Record<string, string[] | undefined>;
        for (const param of names) {
          expect(
            byName[param],
            `no resource of A for path parameter {${param}}: extend this test`,
          ).toBeDefined();
        }
        // Every combination is small here: one parameter per route today.
        const combos = names.reduce<Array<Record<string, string>>>(
          (acc, param) =>
            acc.flatMap((combo) => (byName[param] ?? []).map((id) => ({ ...combo, [param]: id }))),
          [{}],
        );
        for (const values of combos) {
          const path = fillPath(route.path, values);
          const body = validBody(route);
          const response = await bob.call(route.method, path, body === undefined ? {} : { body });
          const what = `B ${route.method} ${path} -> ${response.status} ${response.text.slice(0, 300)}`;
          expect(findLeak(response.text), what).toBeUndefined();
          if (CALLER_OWNED.has(name)) {
            expect([204, 404], what).toContain(response.status);
            continue;
          }
          if (isModerationRoute(route)) {
            expect(response.status, what).toBe(403);
            expect(errorCode(response), what).toBe('forbidden');
            continue;
          }
          expect(response.status, what).toBe(404);
          expect(errorCode(response), what).toBe('not_found');
        }
      });
    });

    it('has moderation routes to check', () => {
      expect(moderationRoutes.length).toBeGreaterThanOrEqual(3);
      expect(moderationRoutes.every((route) => route.auth)).toBe(true);
    });

    describe.each(moderationRoutes.map((route) => [key(route), route] as const))('%s', (_name, route) => {
      it('refuses a member with 403 forbidden', async () => {
        const path = fillPath(route.path, {
          userId: alice.userId as string,
          decisionId: ids.decisionId[0] ?? '',
        });
        const body = validBody(route);
        const response = await bob.call(route.method, path, body === undefined ? {} : { body });
        const what = `B ${route.method} ${path} -> ${response.status} ${response.text.slice(0, 300)}`;
        expect(response.status, what).toBe(403);
        expect(errorCode(response), what).toBe('forbidden');
        expect(findLeak(response.text), what).toBeUndefined();
      });
    });

    it("left every one of A's resources as it was", async () => {
      const photos = await alice.call<{ items: Array<{ id: string }> }>('GET', '/api/photos');
      expect(photos.body.items.map((photo) => photo.id).sort()).toEqual([...ids.photoId].sort());
      const hers = await m.matches(alice);
      expect(hers.items.map((item) => item.matchId)).toEqual(ids.matchId);
      expect((await m.matches(carol)).items.map((item) => item.matchId)).toEqual(ids.matchId);
      const messages = await carol.call<{ items: Array<{ id: string; senderId: string; text: string }> }>(
        'GET',
        `/api/conversations/${ids.matchId[0]}/messages`,
      );
      expect(messages.status).toBe(200);
      expect(messages.body.items.map((message) => message.senderId)).toEqual([alice.userId]);
      // Carol has not read it: B's "read" must not have marked anything for anyone.
      expect(hers.items[0]?.unreadCount).toBe(0);
      expect((await m.matches(carol)).items[0]?.unreadCount).toBe(1);
      // Bob's moderation attempts changed nothing: Alice is active, her decision unappealed and unresolved.
      expect((await alice.call('GET', '/api/me')).status).toBe(200);
      const decision = await server.deps.store.moderation.getDecision(
        alice.userId as string,
        ids.decisionId[0] ?? '',
      );
      expect(decision?.appeal).toBeNull();
      expect(decision?.acknowledgedAt).toBeNull();
    });
  },
);
