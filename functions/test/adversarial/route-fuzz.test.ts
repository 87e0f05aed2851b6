import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRoute, Schema } from '../../src/handlers/http/http-route';
import { httpRoutes } from '../../src/routes';
import { ApiSession, aProfileInput, uniqueEmail } from '../support/api-session';
import { startTestServer, type TestServer } from '../support/lab-server';
import { assertWellBehaved, encodeAny, fillPath, pathParamNames, timedRequest } from './adversarial-http';

/**
 * Property-based fuzzing of EVERY route of the route table over real HTTP (issue 10, "Adversarial tests"):
 * whatever the body, path, query and content type, the answer is never a 5xx, always the error envelope
 * when it is an error, never a stack trace, path or SQL text, and never a hang. New routes are fuzzed
 * automatically. Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> FUZZ_RUNS=<n>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

/** The field names a body schema knows (through pipes, optionals, refinements), for contract-shaped attacks. */
function schemaKeys(schema: Schema | undefined): string[] {
  let def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  for (let depth = 0; def && depth < 8; depth += 1) {
    if (def.shape && typeof def.shape === 'object') return Object.keys(def.shape as object);
    const inner = (def.in ?? def.innerType ?? def.schema) as { _zod?: { def?: Record<string, unknown> } };
    def = inner?._zod?.def;
  }
  return [];
}

const evilStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\uD800', // lone high surrogate
  'ab\uDFFFcd', // lone low surrogate
  '\u202Egnp.exe', // RTL override
  'a\u200B\u200C\u200D\uFEFFb', // zero-width
  '👩‍👩‍👧‍👦'.repeat(50),
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '0x1F',
  ' 42 ',
  'true',
  'null',
  '{"$gt":""}',
  "' OR '1'='1",
  '../../../../etc/passwd',
  '..%2f..%2f',
  '<script>alert(1)</script>',
  '$' + '{7*7}{{7*7}}', // template injection probe
  '01ARZ3NDEKTSV4RRFFQ69G5FAV', // a well-formed id of nobody
  '0000000000000000000000000O', // id-shaped, not Crockford
  'woman',
  'like',
  'spam',
);

const hugeString = fc
  .tuple(
    fc.constantFrom('a', 'é', '\u200B', '😀', '\uD800', '"', '\\'),
    fc.integer({ min: 20_000, max: 72_000 }),
  )
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

const evilNumbers = fc.oneof(
  fc.constantFrom(
    -0,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    0,
    17,
    18,
    99,
    100,
    501,
    2 ** 31,
  ),
  fc.double(),
  fc.integer(),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  evilStrings,
  evilNumbers,
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
);

const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), evilStrings), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Keys that name Object.prototype members: a server that indexes plain objects by client keys trips on them. */
const pollutionKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
] as const;

/** JSON text (not an object: `__proto__` must be an own key on the wire) of an object with the given members. */
const jsonObjectText = (members: Array<[string, unknown]>) =>
  `{${members.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;

/** A body as fast-check reports it: huge ones abbreviated, so a failure stays readable. */
class Body {
  constructor(readonly text: string) {}
  [fc.toStringMethod]() {
    const shown = JSON.stringify(this.text.slice(0, 300));
    return this.text.length > 300 ? `${shown}... (${this.text.length} chars)` : shown;
  }
}

/** A request body: shaped like the route's contract with hostile values, or anything else at all. */
function bodyArbitrary(route: HttpRoute): fc.Arbitrary<Body | undefined> {
  const keys = schemaKeys(route.body);
  const fieldNames = keys.length > 0 ? fc.constantFrom(...keys) : fc.string({ maxLength: 10 });
  const contractShaped = fc
    .array(fc.tuple(fieldNames, fc.oneof(anyValue, hugeString)), { minLength: 1, maxLength: 8 })
    .map(jsonObjectText);
  const polluting = fc
    .tuple(fc.constantFrom(...pollutionKeys), fc.array(fc.tuple(fieldNames, anyValue), { maxLength: 4 }))
    .map(([key, members]) =>
      jsonObjectText([
        ...members,
        [key, key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes' }],
      ]),
    );
  const raw = fc.oneof(
    fc.constantFrom('', '{', '[', 'null', '0', '"x"', '[]', '{"a":1,"a":2}', '\uFEFF{}', '{}'.repeat(3)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    hugeString.map((text) => JSON.stringify({ text })),
    fc.integer({ min: 1, max: 2000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    fc.integer({ min: 1, max: 2000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  );
  const text = fc.oneof(
    { arbitrary: contractShaped, weight: 4 },
    { arbitrary: polluting, weight: 2 },
    { arbitrary: anyValue.map((value) => JSON.stringify(value) ?? 'null'), weight: 2 },
    { arbitrary: raw, weight: 2 },
  );
  return fc.option(
    text.map((value) => new Body(value)),
    { freq: 10 },
  );
}

const contentTypes = fc.constantFrom(
  'application/json',
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
);

/** A path parameter as it goes on the request line (already percent-encoded where needed). */
const pathParam = fc.oneof(
  fc.constantFrom(
    '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    '01arz3ndektsv4rrffq69g5fav',
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

/** A query string: the route's own parameter names and others, repeated, bracketed, polluting. */
function queryArbitrary(route: HttpRoute): fc.Arbitrary<string> {
  const known = schemaKeys(route.query);
  const names = fc.oneof(
    fc.constantFrom('limit', 'cursor', 'before', 'after', ...known),
    fc.constantFrom('__proto__', 'constructor[prototype][polluted]', '__proto__[polluted]', 'a[]', 'a[b]'),
    fc.string({ unit: 'binary', maxLength: 10 }).map(encodeAny),
  );
  return fc
    .array(fc.tuple(names, queryValue), { maxLength: 5 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));
}

describe('fuzzing every route of the route table (lab runtime over HTTP)', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    const user = new ApiSession(server.url);
    expect((await user.register(uniqueEmail('fuzz'))).status).toBe(201);
    expect((await user.call('PUT', '/api/profile', { body: aProfileInput() })).status).toBe(201);
    token = user.accessToken as string;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('covers a route table that is not empty', () => {
    expect(httpRoutes.length).toBeGreaterThan(20);
  });

  for (const route of httpRoutes) {
    const params = pathParamNames(route.path);
    it(`${route.method} ${route.path}: never a 5xx, always the envelope, no leak, no hang`, async () => {
      const input = fc.record({
        params: fc.tuple(...params.map(() => pathParam)),
        query: queryArbitrary(route),
        body: bodyArbitrary(route),
        contentType: contentTypes,
        withToken: fc.boolean().map((b) => b || route.auth), // mostly authenticated: get past the 401
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ params: values, query, body, contentType, withToken }) => {
          const path =
            fillPath(route.path, Object.fromEntries(params.map((name, i) => [name, values[i] ?? '']))) +
            query;
          const headers: Record<string, string> = {};
          if (withToken) headers.authorization = `Bearer ${token}`;
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
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }, 120_000);
  }

  // The shortest reproduction of what the fuzzing found first (see the report of issue 10): an unknown body
  // key named like an Object.prototype member must be a 400 like any other unknown key, not a 500.
  for (const route of httpRoutes.filter((candidate) => candidate.body)) {
    it.each(pollutionKeys)(
      `${route.method} ${route.path} with a body key %j: 400 validation_failed`,
      async (name) => {
        const path = fillPath(
          route.path,
          Object.fromEntries(
            pathParamNames(route.path).map((param) => [param, '01ARZ3NDEKTSV4RRFFQ69G5FAV']),
          ),
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
