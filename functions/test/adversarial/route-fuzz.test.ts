import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRoute } from '../../src/handlers/http/http-route';
import { httpRoutes } from '../../src/routes';
import { ApiSession, aProfileInput, uniqueEmail } from '../support/api-session';
import { cmid, matchedPairOverApi } from '../support/chat-fixtures';
import type { TestServer } from '../support/lab-server';
import { assertWellBehaved, encodeAny, fillPath, pathParamNames, timedRequest } from './adversarial-http';
import {
  anyValue,
  contractArbitrary,
  evilStrings,
  extraMember,
  FUZZ_RUNS,
  FUZZ_SEED,
  hugeString,
  jsonObjectText,
  type Member,
  malformedJson,
  mutated,
  NOBODY_ID,
  plausibleValues,
  pollutionKeys,
  pollutionValue,
  Shown,
  schemaKeys,
  smallHostileValue,
} from './fuzz-arbitraries';
import { fuzzTargets } from './fuzz-stores';

/**
 * Property-based fuzzing of EVERY route of the route table over real HTTP:
 * whatever the body, path, query and content type, the answer is never a 5xx, always the error envelope
 * when it is an error, never a stack trace, path or SQL text, and never a hang. New routes are fuzzed
 * automatically. It runs on every store (fuzz-stores.ts), FUZZ_RUNS cases per route (CI: 200). Reproduce a
 * failure with the seed it prints: FUZZ_SEED=<seed> FUZZ_RUNS=<n>.
 */

/** The candidates a field's schema picks from: the fuzzing user's own ids (often), ids of nobody, and more. */
const candidateValues = (ids: readonly string[]): unknown[] => [
  ...ids,
  ...ids,
  ...ids,
  NOBODY_ID,
  ...plausibleValues,
];

/**
 * A request body: valid by the route's contract (built from its zod schema, so it reaches the service), valid
 * but for one hostile mutation, shaped like the contract with hostile values, polluting, or anything at all.
 */
function bodyArbitrary(route: HttpRoute, candidates: readonly unknown[]): fc.Arbitrary<Shown | undefined> {
  const keys = schemaKeys(route.body);
  const fieldNames = keys.length > 0 ? fc.constantFrom(...keys) : fc.string({ maxLength: 10 });
  // Huge values (20k..72k characters) in one field of five: every body still may hold several, but a third
  // of all cases no longer carries 64 KB+ (it was: half the fuzzing time went into uploading them).
  const contractShaped = fc
    .array(
      fc.tuple(
        fieldNames,
        fc.oneof({ arbitrary: anyValue, weight: 4 }, { arbitrary: hugeString, weight: 1 }),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map(jsonObjectText);
  const polluting = fc
    .tuple(fc.constantFrom(...pollutionKeys), fc.array(fc.tuple(fieldNames, anyValue), { maxLength: 4 }))
    .map(([key, members]) => jsonObjectText([...members, [key, pollutionValue(key)]]));
  const raw = fc.oneof(
    { arbitrary: malformedJson, weight: 3 },
    { arbitrary: hugeString.map((text) => JSON.stringify({ text })), weight: 1 },
  );
  const fromContract = route.body
    ? (() => {
        const valid = contractArbitrary(route.body, candidates).map((value): Member[] =>
          Object.entries(value as object),
        );
        return [
          { arbitrary: valid.map(jsonObjectText), weight: 3 },
          { arbitrary: mutated(valid, extraMember(keys)).map(jsonObjectText), weight: 3 },
        ];
      })()
    : [];
  const text = fc.oneof(
    ...fromContract,
    { arbitrary: contractShaped, weight: 3 },
    { arbitrary: polluting, weight: 1 },
    { arbitrary: anyValue.map((value) => JSON.stringify(value) ?? 'null'), weight: 1 },
    { arbitrary: raw, weight: 2 },
  );
  return fc.option(
    text.map((value) => new Shown(value)),
    { freq: 10 },
  );
}

/** Mostly JSON (so valid bodies get through), then every way a content type can be wrong. */
const contentTypes = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      '',
      ';;;',
      undefined,
    ),
    weight: 1,
  },
);

/** A path parameter as it goes on the request line (already percent-encoded where needed). */
const pathParam = (ids: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...ids), // the fuzzing user's own match, conversation, message; their match's user id
    fc.constantFrom(
      NOBODY_ID,
      NOBODY_ID.toLowerCase(),
      '..%2f..%2f..%2fetc%2fpasswd',
      '..%2F',
      '%2e%2e',
      '%00',
      '%',
      '%zz',
      '%E0%A4%A',
      '%ED%A0%80', // an encoded lone surrogate
      '%C0%AE', // overlong '.'
      'null',
      'undefined',
      '__proto__',
      'constructor',
      '-1',
      '0',
      '1e308',
      'NaN',
    ),
    fc.string({ unit: 'binary', maxLength: 40 }).map(encodeAny),
    fc.integer({ min: 27, max: 6000 }).map((length) => 'A'.repeat(length)),
  );

const queryValue = fc.oneof(
  evilStrings.map(encodeAny),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encodeAny),
  fc.constantFrom('-0', '1e308', 'NaN', '999', '0', '-1', '50', '051', '%', '%zz', 'x'.repeat(600), ''),
);

const queryString = (pairs: ReadonlyArray<readonly [string, string]>) =>
  pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;

/**
 * A query string: valid by the route's contract (or for one mutation), or the route's own parameter names
 * and others, repeated, bracketed, polluting.
 */
function queryArbitrary(route: HttpRoute, candidates: readonly unknown[]): fc.Arbitrary<string> {
  const known = schemaKeys(route.query);
  const names = fc.oneof(
    fc.constantFrom('limit', 'cursor', 'before', 'after', ...known),
    fc.constantFrom('__proto__', 'constructor[prototype][polluted]', '__proto__[polluted]', 'a[]', 'a[b]'),
    fc.string({ unit: 'binary', maxLength: 10 }).map(encodeAny),
  );
  const wild = fc.array(fc.tuple(names, queryValue), { maxLength: 5 }).map(queryString);
  if (!route.query) return wild;
  const encode = (members: Member[]) =>
    queryString(
      members.map(
        ([key, value]) =>
          [
            encodeAny(key),
            encodeAny(typeof value === 'string' ? value : (JSON.stringify(value) ?? '')),
          ] as const,
      ),
    );
  const valid = contractArbitrary(route.query, candidates).map((value): Member[] =>
    Object.entries(value as object),
  );
  return fc.oneof(
    { arbitrary: valid.map(encode), weight: 2 },
    {
      arbitrary: mutated(valid, extraMember(known, smallHostileValue), { hostile: smallHostileValue }).map(
        encode,
      ),
      weight: 1,
    },
    { arbitrary: wild, weight: 2 },
  );
}

const targets = fuzzTargets();

describe.each(targets)('fuzzing every route of the route table (lab runtime over HTTP, $name)', (target) => {
  if (target.unavailable !== null) {
    it.skip(`skipped: ${target.unavailable}`, () => {});
    return;
  }
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await target.start();
    const user = new ApiSession(server.url);
    expect((await user.register(uniqueEmail('fuzz'))).status).toBe(201);
    expect((await user.call('PUT', '/api/profile', { body: aProfileInput() })).status).toBe(201);
    token = user.accessToken as string;
  }, 180_000); // DynamoDB Local starts slowly on a loaded 2-core box
  afterAll(async () => {
    await server?.close();
  });

  it('covers a route table that is not empty', () => {
    expect(httpRoutes.length).toBeGreaterThan(20);
  });

  /** A user with a match, a conversation and a message in it: the ids a valid request can name. */
  interface MatchedUser {
    token: string;
    matchId: string;
    ids: string[];
  }
  let matched: MatchedUser | undefined;

  /**
   * The matched user, still matched with a valid token; a new one when a route's valid requests ended the match
   * (an unmatch, a block, a report), so what one route changes cannot take away what the next one needs.
   */
  async function matchedUser(): Promise<MatchedUser> {
    if (matched) {
      const { token, matchId } = matched;
      const matches = await timedRequest(server.url, '/api/matches', {
        headers: { authorization: `Bearer ${token}` },
      });
      if (matches.status === 200 && matches.text.includes(matchId)) return matched;
    }
    const pair = await matchedPairOverApi(server.url);
    const sent = await pair.a.call<{ message: { id: string } }>(
      'POST',
      `/api/conversations/${pair.matchId}/messages`,
      { body: { clientMessageId: cmid('fuzz'), text: 'hello' } },
    );
    expect(sent.status, sent.text).toBe(201);
    matched = {
      token: pair.a.accessToken as string,
      matchId: pair.matchId,
      ids: [pair.matchId, pair.bId, pair.aId, sent.body.message.id],
    };
    return matched;
  }

  for (const route of httpRoutes) {
    const params = pathParamNames(route.path);
    it(`${route.method} ${route.path}: never a 5xx, always the envelope, no leak, no hang`, async () => {
      const { token: userToken, ids } = await matchedUser();
      const candidates = candidateValues(ids);
      const input = fc.record({
        params: fc.tuple(...params.map(() => pathParam(ids))),
        query: queryArbitrary(route, candidates),
        body: bodyArbitrary(route, candidates),
        contentType: contentTypes,
        withToken: fc.boolean().map((b) => b || route.auth), // mostly authenticated: get past the 401
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ params: values, query, body, contentType, withToken }) => {
          const path =
            fillPath(route.path, Object.fromEntries(params.map((name, i) => [name, values[i] ?? '']))) +
            query;
          const headers: Record<string, string> = {};
          if (withToken) headers.authorization = `Bearer ${userToken}`;
          if (contentType !== undefined) headers['content-type'] = contentType;
          const response = await timedRequest(server.url, path, {
            method: route.method,
            headers,
            body: body?.text,
          });
          assertWellBehaved(
            response,
            `${route.method} ${path.slice(0, 300)} content-type=${JSON.stringify(contentType)} body=${body ? body[fc.toStringMethod]() : 'none'}`,
          );
        }),
        { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
      );
    }, 180_000);
  }

  // The shortest reproduction of what the fuzzing found first: an unknown body
  // key named like an Object.prototype member must be a 400 like any other unknown key, not a 500.
  for (const route of httpRoutes.filter((candidate) => candidate.body)) {
    it.each(pollutionKeys)(
      `${route.method} ${route.path} with a body key %j: 400 validation_failed`,
      async (name) => {
        const path = fillPath(
          route.path,
          Object.fromEntries(pathParamNames(route.path).map((param) => [param, NOBODY_ID])),
        );
        const response = await timedRequest(server.url, path, {
          method: route.method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: `{${JSON.stringify(name)}:{"polluted":"yes"}}`,
        });
        assertWellBehaved(response, `${route.method} ${path} body={"${name}":{"polluted":"yes"}}`);
        expect(response.status, response.text).toBe(400);
      },
    );
  }

  // Found by the contract-derived bodies: PostgreSQL text cannot hold U+0000, and the insert failed with a 500.
  it('PUT /api/profile with U+0000 in a text field: 400 validation_failed naming the field', async () => {
    const response = await timedRequest(server.url, '/api/profile', {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(aProfileInput({ bio: 'a\u0000b' })),
    });
    assertWellBehaved(response, 'PUT /api/profile bio="a\\u0000b"');
    expect(response.status, response.text).toBe(400);
    expect(response.body).toMatchObject({ error: { details: { fields: { bio: [expect.any(String)] } } } });
  });

  it('was not prototype-polluted by any of it, and still answers', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    const health = await timedRequest(server.url, '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    // And the fuzzing user's own data is intact.
    const me = await timedRequest(server.url, '/api/profile', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
  });
});
