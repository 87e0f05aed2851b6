import { createHash } from 'node:crypto';
import type { AccessTokenKey, AccessTokenKeySet } from '../services/deps';

/**
 * The access tokens' HS256 keys, as both runtimes configure them: the current key (signs and verifies) and,
 * after a rotation, the previous one (verifies only, until the tokens it signed have expired). Each key is
 * named in the token header by a `kid` derived from the key (a SHA-256 thumbprint prefix: the key itself
 * never leaves the server). Stored form, in the lab's DATA_DIR file and the AWS Secrets Manager secret:
 * `{"current":"<key>","previous":"<key>"}`; a bare string is read as the current key alone (how both worlds
 * kept the one key before rotation existed).
 */

/** Product policy for every HMAC key of the app, the same in both runtimes. */
export const MIN_JWT_SECRET_LENGTH = 32;

/** The secrets of a key set, as configured (environment, DATA_DIR file, Secrets Manager). */
export interface JwtSecrets {
  current: string;
  previous?: string;
}

/** `kid` of a key: 16 base64url characters (96 bits) of its SHA-256; names the key, reveals nothing of it. */
export const keyIdOf = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('base64url').slice(0, 16);

const accessTokenKey = (secret: string): AccessTokenKey => ({
  kid: keyIdOf(secret),
  secret: new TextEncoder().encode(secret),
});

/** The key set the services get; a previous key equal to the current one is the current key alone. */
export function accessTokenKeySet(secrets: JwtSecrets): AccessTokenKeySet {
  const current = accessTokenKey(secrets.current);
  return secrets.previous === undefined || secrets.previous === secrets.current
    ? { current }
    : { current, previous: accessTokenKey(secrets.previous) };
}

/** True when both sets hold the same keys (a re-read secret that did not change keeps its key set). */
export const sameKeys = (a: AccessTokenKeySet, b: AccessTokenKeySet): boolean =>
  a.current.kid === b.current.kid && a.previous?.kid === b.previous?.kid;

export type ParsedJwtSecrets = { ok: true; secrets: JwtSecrets } | { ok: false; problem: string };

/**
 * Reads the stored form. Problems name what is wrong, never a value (they end up in logs); `where` names the
 * file or secret.
 */
export function parseJwtSecrets(text: string, where: string): ParsedJwtSecrets {
  const trimmed = text.trim();
  const tooShort = (name: string) => ({
    ok: false as const,
    problem: `${where} holds a ${name} key shorter than ${MIN_JWT_SECRET_LENGTH} characters`,
  });
  if (!trimmed.startsWith('{')) {
    return trimmed.length < MIN_JWT_SECRET_LENGTH
      ? tooShort('current')
      : { ok: true, secrets: { current: trimmed } };
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { ok: false, problem: `${where} is not valid JSON` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: `${where} is not a JSON object` };
  }
  const { current, previous, ...rest } = value as Record<string, unknown>;
  const unknownFields = Object.keys(rest);
  if (unknownFields.length > 0) {
    return {
      ok: false,
      problem: `${where} has unknown fields (${unknownFields.join(', ')}): expected current, previous`,
    };
  }
  if (typeof current !== 'string') return { ok: false, problem: `${where} has no "current" key (a string)` };
  if (previous !== undefined && previous !== null && typeof previous !== 'string') {
    return { ok: false, problem: `${where} has a "previous" key that is not a string` };
  }
  if (current.length < MIN_JWT_SECRET_LENGTH) return tooShort('current');
  if (typeof previous === 'string' && previous.length < MIN_JWT_SECRET_LENGTH) return tooShort('previous');
  return {
    ok: true,
    secrets: typeof previous === 'string' && previous !== current ? { current, previous } : { current },
  };
}

/** The stored form of a key set (what parseJwtSecrets reads). */
export const serializeJwtSecrets = (secrets: JwtSecrets): string =>
  `${JSON.stringify(secrets.previous === undefined ? { current: secrets.current } : secrets)}\n`;
