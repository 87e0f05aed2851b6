import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenKeySet, keyIdOf } from '../../src/runtime/access-token-keys';
import { issueAccessToken, verifyAccessToken } from '../../src/services/auth/access-tokens';
import type { AuthConfig } from '../../src/services/deps';

/**
 * The access tokens are HS256 JWTs with a `kid` (services/auth/access-tokens.ts); this holds them to the
 * `jose` library both ways, to the refusals a JWT verifier must make, and to the key set: the current key
 * signs, the previous one still verifies, any other kid is refused.
 */
const CURRENT_SECRET = 'a-test-secret-of-at-least-32-characters!';
const PREVIOUS_SECRET = 'the-previous-secret-of-at-least-32-chars';
const REMOVED_SECRET = 'a-removed-secret-of-at-least-32-characters';
const config: AuthConfig = {
  keys: accessTokenKeySet({ current: CURRENT_SECRET, previous: PREVIOUS_SECRET }),
  issuer: 'dating-app',
  audience: 'dating-app',
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 3600,
  passwordHashCost: 14,
};
const now = new Date('2026-11-25T12:00:00Z');
const seconds = Math.floor(now.getTime() / 1000);
const claims = { userId: '01JDATINGUSER0000000000000', sessionId: '01JDATINGSESSION0000000000' };

const currentKey = config.keys.current.secret;
const currentKid = config.keys.current.kid;

const joseToken = (
  overrides: { header?: Record<string, unknown>; payload?: Record<string, unknown> } = {},
  key: Uint8Array = currentKey,
) =>
  new SignJWT({
    sid: claims.sessionId,
    sub: claims.userId,
    iss: 'dating-app',
    aud: 'dating-app',
    iat: seconds,
    exp: seconds + 60,
    ...overrides.payload,
  })
    .setProtectedHeader({ alg: 'HS256', kid: currentKid, ...overrides.header })
    .sign(key);

const refused = async (token: string, message = 'Invalid access token') =>
  expect(verifyAccessToken(config, token, now)).rejects.toMatchObject({ code: 'unauthorized', message });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with any header, HMAC-signed by hand: what jose itself refuses to produce. */
const handSigned = (header: Record<string, unknown>, payload: string) => {
  const input = `${b64(header)}.${payload}`;
  return `${input}.${createHmac('sha256', currentKey).update(input).digest('base64url')}`;
};

describe('access tokens (HS256 with jose, a kid, a current and a previous key)', () => {
  it('issues tokens jose verifies, with the claims and lifetime of the config', async () => {
    const token = await issueAccessToken(config, claims, now);
    const { payload, protectedHeader } = await jwtVerify(token, currentKey, {
      algorithms: ['HS256'],
      issuer: config.issuer,
      audience: config.audience,
      currentDate: now,
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(CURRENT_SECRET) });
    expect(payload).toEqual({
      sid: claims.sessionId,
      sub: claims.userId,
      iss: config.issuer,
      aud: config.audience,
      iat: seconds,
      exp: seconds + config.accessTokenTtlSeconds,
    });
    await expect(verifyAccessToken(config, token, now)).resolves.toEqual(claims);
  });

  it('accepts tokens jose signed (with or without typ, audience as a list)', async () => {
    await expect(verifyAccessToken(config, await joseToken(), now)).resolves.toEqual(claims);
    await expect(
      verifyAccessToken(
        config,
        await joseToken({ header: { typ: 'JWT' }, payload: { aud: ['x', 'dating-app'] } }),
        now,
      ),
    ).resolves.toEqual(claims);
  });

  it('refuses another key, another issuer or audience, and missing claims', async () => {
    await refused(await joseToken({}, new TextEncoder().encode('another-secret-of-at-least-32-chars!!')));
    await refused(await joseToken({ payload: { iss: 'https://evil.example' } }));
    await refused(await joseToken({ payload: { aud: 'someone-else' } }));
    await refused(await joseToken({ payload: { sub: undefined } }));
    await refused(await joseToken({ payload: { sid: 7 } }));
    await refused(await joseToken({ payload: { iat: undefined } }));
    await refused(await joseToken({ payload: { exp: undefined } }));
    await refused(await joseToken({ payload: { exp: String(seconds + 60) } }));
  });

  it('says expired for a token whose exp is now or past, and refuses one not valid yet', async () => {
    await refused(await joseToken({ payload: { exp: seconds } }), 'Access token expired');
    await refused(await joseToken({ payload: { exp: seconds - 1 } }), 'Access token expired');
    await refused(await joseToken({ payload: { nbf: seconds + 1 } }));
    await expect(
      verifyAccessToken(config, await joseToken({ payload: { nbf: seconds } }), now),
    ).resolves.toEqual(claims);
  });

  it('refuses other algorithms, alg none, critical extensions and unencoded payloads', async () => {
    const valid = await joseToken();
    const [, payload, mac] = valid.split('.');
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`);
    await refused(`${b64({ alg: 'none' })}.${payload}.${mac}`);
    await refused(await joseToken({ header: { alg: 'HS512' } }, new Uint8Array(64).fill(7)));
    expect(
      await verifyAccessToken(config, handSigned({ alg: 'HS256', kid: currentKid }, payload ?? ''), now),
    ).toEqual(claims);
    await refused(handSigned({ alg: 'HS256', kid: currentKid, crit: ['exp'] }, payload ?? ''));
    await refused(handSigned({ alg: 'HS256', kid: currentKid, b64: false, crit: ['b64'] }, payload ?? ''));
  });

  it('refuses tampered, truncated and malformed tokens', async () => {
    const valid = await joseToken();
    const [header, payload, mac = ''] = valid.split('.');
    const other = b64({
      ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
      sub: 'someone-else',
    });
    await refused(`${header}.${other}.${mac}`);
    await refused(`${header}.${payload}.${mac.slice(0, -2)}`);
    await refused(`${header}.${payload}.${mac}=`);
    await refused(`${header}.${payload}`);
    await refused(`${valid}.extra`);
    await refused(`${header}.${b64([1, 2])}.${mac}`);
    await refused('not a token');
    await refused('');
  });
});

describe('access token keys (rotation)', () => {
  const encode = (secret: string) => new TextEncoder().encode(secret);

  it('names the key by a thumbprint of it, never the key itself', () => {
    expect(currentKid).toBe(keyIdOf(CURRENT_SECRET));
    expect(currentKid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(CURRENT_SECRET).not.toContain(currentKid);
    expect(config.keys.previous?.kid).toBe(keyIdOf(PREVIOUS_SECRET));
    expect(config.keys.previous?.kid).not.toBe(currentKid);
  });

  it('accepts a token of the previous key until it expires', async () => {
    const previous = config.keys.previous?.kid;
    const token = await joseToken({ header: { kid: previous } }, encode(PREVIOUS_SECRET));
    await expect(verifyAccessToken(config, token, now)).resolves.toEqual(claims);
    const expired = await joseToken(
      { header: { kid: previous }, payload: { exp: seconds } },
      encode(PREVIOUS_SECRET),
    );
    await refused(expired, 'Access token expired');
  });

  it('signs with the current key only', async () => {
    const token = await issueAccessToken(config, claims, now);
    await expect(jwtVerify(token, encode(PREVIOUS_SECRET))).rejects.toThrow();
    const withoutPrevious: AuthConfig = { ...config, keys: accessTokenKeySet({ current: CURRENT_SECRET }) };
    await expect(verifyAccessToken(withoutPrevious, token, now)).resolves.toEqual(claims);
  });

  it("refuses a token of a removed key, an unknown kid, no kid, and a key under another key's kid", async () => {
    await refused(await joseToken({ header: { kid: keyIdOf(REMOVED_SECRET) } }, encode(REMOVED_SECRET)));
    await refused(await joseToken({ header: { kid: 'not-a-key-we-know' } }));
    await refused(await joseToken({ header: { kid: undefined } }));
    await refused(await joseToken({ header: { kid: currentKid } }, encode(PREVIOUS_SECRET)));
    await refused(await joseToken({ header: { kid: config.keys.previous?.kid } }, currentKey));
    const rotatedAway: AuthConfig = {
      ...config,
      keys: accessTokenKeySet({ current: REMOVED_SECRET, previous: CURRENT_SECRET }),
    };
    const ofPrevious = await joseToken(
      { header: { kid: keyIdOf(PREVIOUS_SECRET) } },
      encode(PREVIOUS_SECRET),
    );
    await expect(verifyAccessToken(rotatedAway, ofPrevious, now)).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });
});
