import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors';
import type { AuthConfig } from '../deps';

/**
 * Access tokens: JWTs signed with HS256, and only HS256 (RFC 7519, RFC 7515 compact serialization). Written
 * on node:crypto's HMAC rather than a JOSE library because this is the one algorithm we use and the libraries'
 * WebCrypto path costs ~25 ms on the first verification of every Lambda cold start (and ~15 KB of bundle);
 * test/auth/access-tokens.test.ts holds this to the `jose` library in both directions.
 */

const HEADER = { alg: 'HS256', typ: 'JWT' } as const;

export interface AccessClaims {
  userId: string;
  /** The refresh-token family (session) the token was issued in. */
  sessionId: string;
}

const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const signature = (key: Uint8Array, signingInput: string) =>
  createHmac('sha256', key).update(signingInput).digest('base64url');

export async function issueAccessToken(config: AuthConfig, claims: AccessClaims, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const signingInput = `${encodeJson(HEADER)}.${encodeJson({
    sid: claims.sessionId,
    sub: claims.userId,
    iss: config.issuer,
    aud: config.audience,
    iat: issuedAt,
    exp: issuedAt + config.accessTokenTtlSeconds,
  })}`;
  return `${signingInput}.${signature(config.jwtSecret, signingInput)}`;
}

class InvalidToken extends Error {
  constructor(readonly expired = false) {
    super(expired ? 'expired' : 'invalid');
  }
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decodeObject(segment: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidToken();
  return value as Record<string, unknown>;
}

/** Checks the signature in constant time over the exact base64url text (no second spelling is accepted). */
function verifySignature(key: Uint8Array, signingInput: string, presented: string): void {
  const expected = Buffer.from(signature(key, signingInput));
  const actual = Buffer.from(presented);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new InvalidToken();
}

/**
 * Verifies signature (HS256 only: `alg: none`, other algorithms and critical extensions fail), then issuer,
 * audience and the time claims: `exp` and `iat` are required, an `exp` at or before now is expired, an
 * `nbf` after now is not valid yet (no clock tolerance).
 */
export async function verifyAccessToken(config: AuthConfig, token: string, now: Date): Promise<AccessClaims> {
  try {
    const parts = token.split('.');
    const [header, payload, presented] = parts;
    if (parts.length !== 3 || !header || !payload || !presented) throw new InvalidToken();
    if (!SEGMENT.test(header) || !SEGMENT.test(payload) || !SEGMENT.test(presented)) throw new InvalidToken();
    const protectedHeader = decodeObject(header);
    if (protectedHeader.alg !== HEADER.alg || 'crit' in protectedHeader || 'b64' in protectedHeader) {
      throw new InvalidToken();
    }
    verifySignature(config.jwtSecret, `${header}.${payload}`, presented);
    const claims = decodeObject(payload);
    const { iss, aud, sub, sid, iat, exp, nbf } = claims;
    const seconds = Math.floor(now.getTime() / 1000);
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (iss !== config.issuer || !audiences.includes(config.audience)) throw new InvalidToken();
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof iat !== 'number')
      throw new InvalidToken();
    if (typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number')) throw new InvalidToken();
    if (typeof nbf === 'number' && nbf > seconds) throw new InvalidToken();
    if (exp <= seconds) throw new InvalidToken(true);
    return { userId: sub, sessionId: sid };
  } catch (error) {
    const expired = error instanceof InvalidToken && error.expired;
    throw new AppError('unauthorized', expired ? 'Access token expired' : 'Invalid access token');
  }
}
