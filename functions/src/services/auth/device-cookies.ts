import { hkdfSync, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { AuthConfig } from '../deps';

/**
 * Device cookies (OWASP "Slow down online guessing attacks with device cookies"): a browser that has logged
 * into an account carries a signed token naming that account and a random nonce. Login attempts that present
 * a valid one for the account are exempt from the per-account lockout (`loginPerEmail`, which then only stops
 * browsers without one) and count their failures against the nonce instead (`loginPerDevice`), so a stolen
 * cookie cannot be used to guess without limit either.
 *
 * The token is a compact JWS (HS256 via `jose`) with its own `typ` and audience, under a key derived from the
 * auth HMAC key for this one purpose: it can never pass as an access token, nor an access token as it.
 */
const TYPE = 'device+jwt';
const AUDIENCE = 'device-cookie';
const ALGORITHM = 'HS256';
/** How long a browser stays known after its last successful login (each login renews it). */
export const DEVICE_TOKEN_TTL_SECONDS = 180 * 24 * 3600;

/**
 * The one place that picks the signing key: HKDF-SHA256 of the auth HMAC key, labelled for device cookies.
 * (When the auth key becomes a key set, derive from its current key here; cookies signed under an older
 * key then simply count as absent: that browser is treated as unknown until its next login.)
 */
export function deviceCookieKey(auth: Pick<AuthConfig, 'jwtSecret'>): Uint8Array {
  return new Uint8Array(
    hkdfSync('sha256', auth.jwtSecret, new Uint8Array(0), 'dating-app device cookie v1', 32),
  );
}

export interface DeviceToken {
  userId: string;
  /** Random per issued cookie: the key its failures count under. */
  nonce: string;
}

export async function issueDeviceToken(auth: AuthConfig, userId: string, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: TYPE })
    .setIssuer(auth.issuer)
    .setAudience(AUDIENCE)
    .setSubject(userId)
    .setJti(randomBytes(16).toString('base64url'))
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + DEVICE_TOKEN_TTL_SECONDS)
    .sign(deviceCookieKey(auth));
}

/** The presented device token's account and nonce, or null when it is absent, forged, expired or malformed. */
export async function readDeviceToken(
  auth: AuthConfig,
  token: string | undefined,
  now: Date,
): Promise<DeviceToken | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, deviceCookieKey(auth), {
      algorithms: [ALGORITHM],
      typ: TYPE,
      issuer: auth.issuer,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'jti', 'exp'],
      currentDate: now,
    });
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') return null;
    return { userId: payload.sub, nonce: payload.jti };
  } catch {
    return null;
  }
}
