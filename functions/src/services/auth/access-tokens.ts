import { errors, type JWTHeaderParameters, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../domain/errors';
import type { AccessTokenKeySet, AuthConfig } from '../deps';

/**
 * Access tokens: JWTs signed with HS256, and only HS256, by `jose`. The header names the signing key
 * (`kid`): the current key of the config signs; the current or the previous key verifies (a rotation keeps
 * the tokens of the previous key valid until they expire); any other kid is refused.
 */

export interface AccessClaims {
  userId: string;
  /** The refresh-token family (session) the token was issued in. */
  sessionId: string;
  /** Staff only (claim `rol`): members' tokens carry no role. The SPA reads it to offer the moderation console. */
  role?: 'moderator' | 'admin';
}

const STAFF_ROLES = ['moderator', 'admin'] as const;

export async function issueAccessToken(config: AuthConfig, claims: AccessClaims, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const { kid, secret } = config.keys.current;
  return new SignJWT({
    sid: claims.sessionId,
    sub: claims.userId,
    ...(claims.role === undefined ? {} : { rol: claims.role }),
    iss: config.issuer,
    aud: config.audience,
    iat: issuedAt,
    exp: issuedAt + config.accessTokenTtlSeconds,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
    .sign(secret);
}

class InvalidToken extends Error {}

/** The key a token's header names: the current or the previous one, nothing else (no kid: no key). */
function keyNamedBy(keys: AccessTokenKeySet, header: JWTHeaderParameters): Uint8Array {
  const { kid } = header;
  if (kid !== undefined && kid === keys.current.kid) return keys.current.secret;
  if (kid !== undefined && kid === keys.previous?.kid) return keys.previous.secret;
  throw new InvalidToken();
}

/** Three base64url segments, nothing else: jose's decoder would also take padding, a second spelling. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies the signature with the key the `kid` names (HS256 only: `alg: none`, other algorithms, unknown
 * critical extensions and unencoded payloads fail), then issuer, audience and the time claims: `exp` and
 * `iat` are required, an `exp` at or before now is expired, an `nbf` after now is not valid yet (no clock
 * tolerance).
 */
export async function verifyAccessToken(config: AuthConfig, token: string, now: Date): Promise<AccessClaims> {
  try {
    if (!COMPACT_JWS.test(token)) throw new InvalidToken();
    const { payload } = await jwtVerify(token, (header) => keyNamedBy(config.keys, header), {
      algorithms: ['HS256'],
      issuer: config.issuer,
      audience: config.audience,
      currentDate: now,
      requiredClaims: ['sub', 'sid', 'iat', 'exp'],
    });
    const { sub, sid, rol } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string') throw new InvalidToken();
    const role = STAFF_ROLES.find((staff) => staff === rol);
    if (rol !== undefined && role === undefined) throw new InvalidToken();
    return { userId: sub, sessionId: sid, ...(role === undefined ? {} : { role }) };
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new AppError('unauthorized', expired ? 'Access token expired' : 'Invalid access token');
  }
}
