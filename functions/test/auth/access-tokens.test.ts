import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { issueAccessToken, verifyAccessToken } from '../../src/services/auth/access-tokens';
import type { AuthConfig } from '../../src/services/deps';

/**
 * The access tokens are HS256 JWTs written on node:crypto (services/auth/access-tokens.ts); this holds them
 * to the `jose` library both ways, and to the refusals a JWT verifier must make.
 */
const config: AuthConfig = {
  jwtSecret: new TextEncoder().encode('a-test-secret-of-at-least-32-characters!'),
  issuer: 'dating-app',
  audience: 'dating-app',
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 3600,
  passwordHashCost: 14,
};
const now = new Date('2026-11-25T12:00:00Z');
const seconds = Math.floor(now.getTime() / 1000);
const claims = { userId: '01JDATINGUSER0000000000000', sessionId: '01JDATINGSESSION0000000000' };

const joseToken = (
  overrides: { header?: Record<string, unknown>; payload?: Record<string, unknown> } = {},
  key: Uint8Array = config.jwtSecret,
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
    .setProtectedHeader({ alg: 'HS256', ...overrides.header })
    .sign(key);

const refused = async (token: string, message = 'Invalid access token') =>
  expect(verifyAccessToken(config, token, now)).rejects.toMatchObject({ code: 'unauthorized', message });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with any header, HMAC-signed by hand: what jose itself refuses to produce. */
const handSigned = (header: Record<string, unknown>, payload: string) => {
  const input = `${b64(header)}.${payload}`;
  return `${input}.${createHmac('sha256', config.jwtSecret).update(input).digest('base64url')}`;
};

describe('access tokens (HS256 on node:crypto)', () => {
  it('issues tokens jose verifies, with the claims and lifetime of the config', async () => {
    const token = await issueAccessToken(config, claims, now);
    const { payload, protectedHeader } = await jwtVerify(token, config.jwtSecret, {
      algorithms: ['HS256'],
      issuer: config.issuer,
      audience: config.audience,
      currentDate: now,
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
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
    expect(await verifyAccessToken(config, handSigned({ alg: 'HS256' }, payload ?? ''), now)).toEqual(claims);
    await refused(handSigned({ alg: 'HS256', crit: ['exp'] }, payload ?? ''));
    await refused(handSigned({ alg: 'HS256', b64: false, crit: ['b64'] }, payload ?? ''));
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
