import { createHmac, hkdfSync } from 'node:crypto';
import { normalizeEmailForBan } from '../../domain/moderation';
import type { AccessTokenKey, AuthConfig } from '../deps';

/**
 * Keys moderation derives from the access-token keys with HKDF-SHA256, one label per purpose (like
 * device-cookies.ts): the banned-address hash and the appeal tokens can never pass for each other or for an
 * access token.
 */
const derive = (key: AccessTokenKey, label: string): Uint8Array =>
  new Uint8Array(hkdfSync('sha256', key.secret, new Uint8Array(0), label, 32));

export const appealTokenKey = (auth: Pick<AuthConfig, 'keys'>, which: 'current' | 'previous' = 'current') => {
  const key = which === 'current' ? auth.keys.current : auth.keys.previous;
  return key ? derive(key, 'dating-app appeal token v1') : null;
};

const emailHashUnder = (key: AccessTokenKey, email: string) =>
  createHmac('sha256', derive(key, 'dating-app banned email v1'))
    .update(normalizeEmailForBan(email))
    .digest('base64url');

/** The keyed hash a ban stores (under the current key): the address itself is never kept. */
export const bannedEmailHash = (auth: Pick<AuthConfig, 'keys'>, email: string): string =>
  emailHashUnder(auth.keys.current, email);

/**
 * The hashes an address may be banned under: the current key's, and the previous key's during a rotation
 * (services re-store a hit under the current key, so bans survive one rotation after another as long as the
 * address tries again; docs/moderation.md says what a rotation costs).
 */
export const bannedEmailHashes = (auth: Pick<AuthConfig, 'keys'>, email: string): string[] => [
  emailHashUnder(auth.keys.current, email),
  ...(auth.keys.previous ? [emailHashUnder(auth.keys.previous, email)] : []),
];
