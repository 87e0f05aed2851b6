import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, errorCode, uniqueEmail } from '../support/api-session';
import { apiTargets, type RunningApi } from './api-targets';

describe.each(apiTargets)('auth API ($name)', (target) => {
  let api: RunningApi;
  const session = () => new ApiSession(api.url, api.fetch);

  beforeAll(async () => {
    api = await target.start();
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('register', () => {
    it('creates the account, answers an access token and sets a hardened refresh cookie', async () => {
      const user = session();
      const response = await user.call('POST', '/api/auth/register', {
        body: { email: '  Grace.Hopper+x@Example.TEST ', password: 'correct horse battery staple' },
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        user: { id: expect.stringMatching(/^[0-9A-Z]{26}$/), email: 'grace.hopper+x@example.test' },
        accessToken: expect.any(String),
      });
      const cookie = response.headers.getSetCookie().find((line) => line.startsWith('refresh_token='));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/api\/auth/);
      expect(cookie).not.toMatch(/Secure/); // plain-HTTP localhost must keep working
    });

    it('sets a long-lived, hardened device cookie on registration and login, a JWS of its own type', async () => {
      const email = uniqueEmail('device');
      const registered = await session().register(email);
      const loggedIn = await session().login(email);
      for (const response of [registered, loggedIn]) {
        const cookie = response.headers.getSetCookie().find((line) => line.startsWith('device='));
        expect(cookie).toMatch(/; HttpOnly/);
        expect(cookie).toMatch(/; SameSite=Strict/);
        expect(cookie).toMatch(/; Path=\/api\/auth(;|$)/);
        expect(Number(cookie?.match(/Max-Age=(\d+)/)?.[1])).toBeGreaterThanOrEqual(90 * 24 * 3600);
        const token = cookie?.split(';')[0]?.slice('device='.length) ?? '';
        const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
        expect(header).toEqual({ alg: 'HS256', typ: 'device+jwt' });
        const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
        expect(claims.aud).not.toBe(api.auth.audience);
      }
    });

    it('refuses a duplicate email in any letter case', async () => {
      const email = uniqueEmail('dup');
      expect((await session().register(email)).status).toBe(201);
      const again = await session().register(email.toUpperCase());
      expect(again.status).toBe(409);
      expect(errorCode(again)).toBe('email_taken');
    });

    it.each([
      ['too short', 'short1!', 'password'],
      ['too long', 'x'.repeat(129), 'password'],
      ['a common password', 'password123', 'password'],
    ])('refuses a password that is %s', async (_label, password, field) => {
      const response = await session().call('POST', '/api/auth/register', {
        body: { email: uniqueEmail(), password },
      });
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe('validation_failed');
      expect(response.body).toMatchObject({ error: { details: { fields: { [field]: expect.any(Array) } } } });
    });

    it('refuses the email address as password', async () => {
      const email = uniqueEmail('same');
      const response = await session().call('POST', '/api/auth/register', {
        body: { email, password: email },
      });
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe('validation_failed');
    });

    it('refuses an invalid email and unknown fields', async () => {
      const bad = await session().call('POST', '/api/auth/register', {
        body: { email: 'not-an-email', password: 'correct horse battery staple' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { details: { fields: { email: expect.any(Array) } } } });
      const extra = await session().call('POST', '/api/auth/register', {
        body: { email: uniqueEmail(), password: 'correct horse battery staple', role: 'admin' },
      });
      expect(extra.status).toBe(400);
      expect(extra.body).toMatchObject({ error: { details: { fields: { role: ['is not allowed'] } } } });
    });
  });

  describe('login', () => {
    it('logs in with the right password, in any email letter case', async () => {
      const email = uniqueEmail('login');
      await session().register(email);
      const user = session();
      const response = await user.login(email.toUpperCase());
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ user: { email }, accessToken: expect.any(String) });
      expect(user.cookie('refresh_token')).toBeTruthy();
    });

    it('answers a wrong password and an unknown email identically', async () => {
      const email = uniqueEmail('enum');
      await session().register(email);
      const wrongPassword = await session().login(email, 'not the password at all');
      const unknownEmail = await session().login(uniqueEmail('nobody'), 'not the password at all');
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expect(wrongPassword.body).toEqual(unknownEmail.body);
      expect(errorCode(wrongPassword)).toBe('invalid_credentials');
    });
  });

  describe('refresh tokens', () => {
    it('rotates the cookie on every refresh and gives a working access token', async () => {
      const user = session();
      await user.register(uniqueEmail('refresh'));
      const first = user.cookie('refresh_token');
      const response = await user.call<{ accessToken: string }>('POST', '/api/auth/refresh');
      expect(response.status).toBe(200);
      expect(user.cookie('refresh_token')).not.toBe(first);
      const me = await user.call('GET', '/api/me', { token: response.body.accessToken });
      expect(me.status).toBe(200);
    });

    it('revokes the whole family when a rotated token is presented again', async () => {
      const victim = session();
      await victim.register(uniqueEmail('reuse'));
      const stolen = victim.cookie('refresh_token') ?? '';
      expect((await victim.call('POST', '/api/auth/refresh')).status).toBe(200);

      const thief = session();
      thief.setCookie('refresh_token', stolen);
      const reuse = await thief.call('POST', '/api/auth/refresh');
      expect(reuse.status).toBe(401);
      expect(errorCode(reuse)).toBe('unauthorized');
      // the victim's current token died with the family: both have to log in again
      const victimAgain = await victim.call('POST', '/api/auth/refresh');
      expect(victimAgain.status).toBe(401);
    });

    it('answers 401 without a cookie or with garbage', async () => {
      expect((await session().call('POST', '/api/auth/refresh')).status).toBe(401);
      const garbage = session();
      garbage.setCookie('refresh_token', 'definitely-not-a-token');
      const response = await garbage.call('POST', '/api/auth/refresh');
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('unauthorized');
    });

    it('logout revokes the refresh token and clears the cookie', async () => {
      const user = session();
      await user.register(uniqueEmail('logout'));
      const token = user.cookie('refresh_token') ?? '';
      const response = await user.call('POST', '/api/auth/logout');
      expect(response.status).toBe(204);
      expect(response.headers.getSetCookie().join()).toMatch(/refresh_token=;.*Max-Age=0/);
      const replay = session();
      replay.setCookie('refresh_token', token);
      expect((await replay.call('POST', '/api/auth/refresh')).status).toBe(401);
    });
  });

  describe('password change', () => {
    it('needs the current password, then logs out every other session but this one', async () => {
      const email = uniqueEmail('pwchange');
      const here = session();
      await here.register(email);
      const elsewhere = session();
      await elsewhere.login(email);

      const wrong = await here.call('POST', '/api/auth/password', {
        body: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
      });
      expect(wrong.status).toBe(401);
      expect(errorCode(wrong)).toBe('invalid_credentials');

      const weak = await here.call('POST', '/api/auth/password', {
        body: { currentPassword: 'correct horse battery staple', newPassword: 'password1' },
      });
      expect(weak.status).toBe(400);

      const changed = await here.call('POST', '/api/auth/password', {
        body: { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase' },
      });
      expect(changed.status).toBe(204);
      expect((await elsewhere.call('POST', '/api/auth/refresh')).status).toBe(401);
      expect((await here.call('POST', '/api/auth/refresh')).status).toBe(200);
      expect((await session().login(email)).status).toBe(401);
      expect((await session().login(email, 'a brand new passphrase')).status).toBe(200);
    });
  });

  describe('access tokens', () => {
    const forge = async (claims: { aud?: string; iss?: string; exp?: number }, key?: Uint8Array) => {
      const user = session();
      await user.register(uniqueEmail('forge'));
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sid: 'x' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.userId ?? '')
        .setIssuer(claims.iss ?? api.auth.issuer)
        .setAudience(claims.aud ?? api.auth.audience)
        .setIssuedAt(now - 3600)
        .setExpirationTime(claims.exp ?? now + 600)
        .sign(key ?? api.auth.secret);
    };
    const unauthenticated = async (token: string | null, header?: string) => {
      const response = await session().call('GET', '/api/me', {
        token,
        headers: header ? { authorization: header } : {},
      });
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('unauthorized');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    };

    it('accepts a token it signed', async () => {
      const response = await session().call('GET', '/api/me', { token: await forge({}) });
      expect(response.status).toBe(200);
    });

    it('refuses a missing token and a malformed header', async () => {
      await unauthenticated(null);
      await unauthenticated(null, 'Basic dXNlcjpwYXNz');
      await unauthenticated(null, 'Bearer');
    });

    it('refuses an expired token', async () => {
      await unauthenticated(await forge({ exp: Math.floor(Date.now() / 1000) - 60 }));
    });

    it('refuses a token for another audience or issuer', async () => {
      await unauthenticated(await forge({ aud: 'someone-else' }));
      await unauthenticated(await forge({ iss: 'https://evil.example' }));
    });

    it('refuses a token signed with another key', async () => {
      await unauthenticated(await forge({}, new TextEncoder().encode('another-secret-another-secret-1234')));
    });

    it('never takes a device cookie for an access token', async () => {
      const user = session();
      await user.register(uniqueEmail('device-as-token'));
      const device = user.cookie('device');
      expect(device).toBeTruthy();
      await unauthenticated(device ?? '');
    });

    it('refuses an unsigned token (alg: none)', async () => {
      const valid = await forge({});
      const [, payload] = valid.split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      await unauthenticated(`${header}.${payload}.`);
    });
  });

  describe('request errors', () => {
    it('answers malformed JSON with validation_failed', async () => {
      const response = await session().call('POST', '/api/auth/login', {
        rawBody: '{"email": "a@b.co", "password": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe('validation_failed');
    });

    it('answers a non-JSON body with 415 and an oversized one with 413', async () => {
      const form = await session().call('POST', '/api/auth/login', {
        rawBody: 'email=a@b.co&password=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      expect(errorCode(form)).toBe('unsupported_media_type');
      const huge = await session().call('POST', '/api/auth/login', {
        body: { email: 'a@b.co', password: 'x'.repeat(70 * 1024) },
      });
      expect(huge.status).toBe(413);
      expect(errorCode(huge)).toBe('payload_too_large');
    });

    it('answers JSON that is not an object with validation_failed', async () => {
      for (const rawBody of ['null', '[]', '"text"', '42']) {
        const response = await session().call('POST', '/api/auth/login', {
          rawBody,
          headers: { 'content-type': 'application/json' },
        });
        expect(response.status).toBe(400);
        expect(errorCode(response)).toBe('validation_failed');
      }
    });

    it('answers an unknown route with the 404 envelope', async () => {
      const response = await session().call('GET', '/api/no-such-thing');
      expect(response.status).toBe(404);
      expect(errorCode(response)).toBe('not_found');
    });

    it('marks API answers as not cacheable and carries a request id', async () => {
      const response = await session().call('GET', '/api/health');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ok', version: expect.any(String) });
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-request-id')).toBeTruthy();
    });
  });

  describe('docs', () => {
    it('serves an OpenAPI document listing every route, and a docs page', async () => {
      const spec = await session().call<{ openapi: string; paths: Record<string, unknown> }>(
        'GET',
        '/api/openapi.json',
      );
      expect(spec.status).toBe(200);
      expect(spec.body.openapi).toBe('3.1.0');
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining(['/api/auth/register', '/api/profile', '/api/profiles/{userId}']),
      );
      const docs = await session().call('GET', '/api/docs');
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toMatch(/text\/html/);
      expect(docs.text).toContain('/api/auth/register');
    });
  });
});
