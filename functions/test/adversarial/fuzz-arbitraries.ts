import fc from 'fast-check';
import type { Schema } from '../../src/handlers/http/http-route';

/**
 * The hostile values the fuzzers (route-fuzz, ws-fuzz) build requests and frames from: derived from the
 * contract where they can be (field names of a zod schema), and beyond it (wrong types, huge strings,
 * broken unicode, prototype-pollution keys, ids of nobody).
 */

/**
 * How many cases each fuzzed route runs, on each store: at least 200 in CI (`.ci/run` sets
 * FUZZ_RUNS=200), 30 in a developer's `npm test` (about 3 minutes less on a 2-core machine).
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI ? 200 : 30));
/** Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> FUZZ_RUNS=<n>. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);

type ZodDef = Record<string, unknown>;
const defOf = (schema: unknown) => (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;

/** The fields of an object schema (through pipes, optionals, refinements), each with its own schema. */
export function schemaFields(schema: Schema | undefined): Record<string, Schema> {
  let def = defOf(schema);
  for (let depth = 0; def && depth < 8; depth += 1) {
    if (def.shape && typeof def.shape === 'object') return def.shape as Record<string, Schema>;
    def = defOf(def.in ?? def.innerType ?? def.schema);
  }
  return {};
}

/** The field names a schema knows, for contract-shaped attacks. */
export const schemaKeys = (schema: Schema | undefined): string[] => Object.keys(schemaFields(schema));

/** A well-formed id (ULID) that names nobody. */
export const NOBODY_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

export const evilStringValues = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
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
  "'; DROP TABLE users; --",
  '../../../../etc/passwd',
  '..%2f..%2f',
  '<script>alert(1)</script>',
  '$' + '{7*7}{{7*7}}', // template injection probe
  NOBODY_ID,
  '0000000000000000000000000O', // id-shaped, not Crockford
  'woman',
  'like',
  'spam',
];
export const evilStrings = fc.constantFrom(...evilStringValues);

/** 20k..72k characters of one unit: over every field limit, some over the 64 KB body limit. */
export const hugeString = fc
  .tuple(
    fc.constantFrom('a', 'é', '\u200B', '😀', '\uD800', '"', '\\'),
    fc.integer({ min: 20_000, max: 72_000 }),
  )
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

export const evilNumbers = fc.oneof(
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

/** Any JSON value, small: nested arrays and objects of hostile leaves. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), evilStrings), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Keys that name Object.prototype members: a server that indexes plain objects by client keys trips on them. */
export const pollutionKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
] as const;

/** What a polluting key carries: something that would show up on every object if it got through. */
export const pollutionValue = (key: string) =>
  key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes' };

/** JSON text (not an object: `__proto__` must be an own key on the wire) of an object with the given members. */
export const jsonObjectText = (members: ReadonlyArray<readonly [string, unknown]>) =>
  `{${members.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;

/** Malformed or non-object JSON texts, and nesting deep enough to hurt a recursive parser or validator. */
export const malformedJson = fc.oneof(
  fc.constantFrom('', '{', '[', 'null', '0', '"x"', '[]', '{"a":1,"a":2}', '\uFEFF{}', '{}'.repeat(3)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 1, max: 2000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 2000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
);

/** A text as fast-check reports it: huge ones abbreviated, so a failure stays readable. */
export class Shown {
  constructor(readonly text: string) {}
  [fc.toStringMethod]() {
    const shown = JSON.stringify(this.text.slice(0, 300));
    return this.text.length > 300 ? `${shown}... (${this.text.length} chars)` : shown;
  }
}

/** A value for no particular field: a wrong type, a huge string, anything at all. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: anyValue, weight: 3 },
  { arbitrary: evilNumbers, weight: 1 },
  { arbitrary: hugeString, weight: 1 },
);

/** Plausible values of the contract's leaf types; each field takes those its own schema accepts. */
export const plausibleValues: readonly unknown[] = [
  ...evilStringValues,
  'hello',
  '  padded  ',
  'x'.repeat(2000),
  'x'.repeat(2001),
  `${' '.repeat(3000)}x`,
  '\u3000\u00A0x\u2028',
  'A'.repeat(64),
  'A'.repeat(65),
  'm-1',
  'fuzz@example.test',
  ' FUZZ@Example.TEST ',
  'Tr0ub4dor&3-but-longer',
  'password',
  '1990-01-01',
  '2000-02-29',
  '2001-02-29',
  `${new Date().getUTCFullYear() - 18}-12-31`,
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  '1',
  '20',
  '50',
  '51',
  0,
  1,
  2,
  17,
  18,
  30,
  50,
  99,
  100,
  500,
  501,
  48.137,
  11.575,
  -90,
  180,
  10 * 1024 * 1024,
  10 * 1024 * 1024 + 1,
  true,
  false,
  null,
];

/** Random texts, for the fields that take free text (a message, a bio, an email, a client message id). */
const randomTexts = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  fc.emailAddress(),
);

/**
 * Values a schema ACCEPTS (or nearly: object-level refinements such as ageMin <= ageMax may still refuse
 * one), built from the schema itself: objects field by field (optional ones sometimes left out), arrays,
 * enums, literals; leaves chosen from `candidates` and random texts by the leaf's own schema. Valid requests
 * get past validation to the services, where the storage and authorization bugs are.
 */
export function contractArbitrary(schema: Schema, candidates: readonly unknown[]): fc.Arbitrary<unknown> {
  const def = defOf(schema) ?? {};
  switch (def.type) {
    case 'object': {
      const entries = Object.entries(def.shape as Record<string, Schema>);
      return fc
        .tuple(
          ...entries.map(([key, field]) => {
            const value = contractArbitrary(field, candidates).map((item) => [key, item] as const);
            const optional = ['optional', 'default'].includes(defOf(field)?.type as string);
            return optional ? fc.option(value, { freq: 3 }) : value;
          }),
        )
        .map((members) => Object.fromEntries(members.filter((member) => member !== null)));
    }
    case 'optional':
    case 'default':
    case 'nullable':
      return contractArbitrary(def.innerType as Schema, candidates);
    case 'array':
      return fc.array(contractArbitrary(def.element as Schema, candidates), { minLength: 1, maxLength: 3 });
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'union':
      return fc.oneof(...(def.options as Schema[]).map((option) => contractArbitrary(option, candidates)));
    default: {
      const fits = (value: unknown) => schema.safeParse(value).success;
      const accepted = candidates.filter(fits);
      const takesTexts = fc.sample(randomTexts, { numRuns: 40, seed: 1 }).filter(fits).length >= 10;
      const choices = [
        ...(accepted.length > 0 ? [fc.constantFrom(...accepted)] : []),
        ...(takesTexts ? [randomTexts.filter(fits)] : []),
      ];
      return choices.length > 0 ? fc.oneof(...choices) : hostileValue;
    }
  }
}

export type Member = readonly [string, unknown];

/** A key the contract does not know (polluting ones included) with its value. */
export const extraMember = (
  keys: readonly string[] = [],
  hostile: fc.Arbitrary<unknown> = hostileValue,
): fc.Arbitrary<Member> =>
  fc
    .oneof(
      fc.constantFrom(...pollutionKeys, ...keys, 'extra', 'userId', 'id', 'role', 'status'),
      fc.string({ maxLength: 10 }),
    )
    .chain((key) =>
      (pollutionKeys as readonly string[]).includes(key)
        ? fc.constant([key, pollutionValue(key)] as const)
        : hostile.map((value) => [key, value] as const),
    );

/** Hostile values small enough for a query string (a request line stays within the HTTP server's 16 KB). */
export const smallHostileValue: fc.Arbitrary<unknown> = fc.oneof(anyValue, evilNumbers);

/**
 * A valid object with one mutation: a member's value replaced by a hostile one, a member dropped, or a member
 * added (an unknown or polluting key, or a known one twice). `protect`: the index of a member to leave alone.
 */
export function mutated(
  valid: fc.Arbitrary<Member[]>,
  extra: fc.Arbitrary<Member>,
  options: { protect?: number; hostile?: fc.Arbitrary<unknown> } = {},
): fc.Arbitrary<Member[]> {
  const { protect = -1, hostile = hostileValue } = options;
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.oneof(
        hostile.map((value) => ({ kind: 'replace' as const, value })),
        fc.constant({ kind: 'drop' as const }),
        extra.map((member) => ({ kind: 'add' as const, member })),
      ),
    )
    .map(([list, pick, mutation]): Member[] => {
      const choices = list.map((_member, i) => i).filter((i) => i !== protect);
      const at = choices.length > 0 ? (choices[pick % choices.length] as number) : -1;
      if (mutation.kind === 'add') return [...list, mutation.member];
      if (mutation.kind === 'drop') return list.filter((_member, i) => i !== at);
      return list.map((member, i): Member => (i === at ? [member[0], mutation.value] : member));
    });
}
