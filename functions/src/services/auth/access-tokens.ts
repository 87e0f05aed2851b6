import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../domain/errors';
import type { AuthConfig } from '../deps';

const ALGORITHM = 'HS256';

export interface AccessClaims {
  userId: string;
  /** The refresh-token family (session) the token was issued in. */
  sessionId: string;
}

export function issueAccessToken(config: AuthConfig, claims: AccessClaims, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + config.accessTokenTtlSeconds)
    .sign(config.jwtSecret);
}

/** Verifies signature (HS256 only: `alg: none` and key confusion fail), issuer, audience and expiry. */
export async function verifyAccessToken(config: AuthConfig, token: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, config.jwtSecret, {
      algorithms: [ALGORITHM],
      issuer: config.issuer,
      audience: config.audience,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new Error('claims');
    return { userId: payload.sub, sessionId: payload.sid };
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new AppError('unauthorized', expired ? 'Access token expired' : 'Invalid access token');
  }
}
