import { jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../domain/errors';
import type { AuthConfig } from '../deps';
import { appealTokenKey } from './moderation-keys';

/**
 * Appeal tokens: a compact JWS (HS256, `jose`) naming one decision about one user, under a key of its own
 * (moderation-keys.ts). They let a suspended or banned user, who cannot sign in, appeal from the refused login;
 * a warned user gets one with the notice in `GET /api/me`.
 */
const TYPE = 'appeal+jwt';
const AUDIENCE = 'appeal';
export const APPEAL_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

export interface AppealClaims {
  userId: string;
  decisionId: string;
}

export async function issueAppealToken(auth: AuthConfig, claims: AppealClaims, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const key = appealTokenKey(auth);
  if (!key) throw new Error('no appeal token key');
  return new SignJWT({ did: claims.decisionId })
    .setProtectedHeader({ alg: 'HS256', typ: TYPE })
    .setIssuer(auth.issuer)
    .setAudience(AUDIENCE)
    .setSubject(claims.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + APPEAL_TOKEN_TTL_SECONDS)
    .sign(key);
}

export async function readAppealToken(auth: AuthConfig, token: string, now: Date): Promise<AppealClaims> {
  for (const which of ['current', 'previous'] as const) {
    const key = appealTokenKey(auth, which);
    if (!key) continue;
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        typ: TYPE,
        issuer: auth.issuer,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'did', 'exp'],
        currentDate: now,
      });
      if (typeof payload.sub === 'string' && typeof payload.did === 'string') {
        return { userId: payload.sub, decisionId: payload.did };
      }
    } catch {
      // Try the previous key, then give up below.
    }
  }
  throw new AppError('unauthorized', 'This appeal link is invalid or has expired');
}
