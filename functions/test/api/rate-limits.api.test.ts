import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PasswordWorkQueue } from '../../src/services/auth/password-work';
import { ApiSession, errorCode, uniqueEmail } from '../support/api-session';
import type { TestServer } from '../support/lab-server';
import { labWorlds } from './api-targets';

/**
 * Runs with the default rate limits (domain/rate-limit-rules.ts) (the other API suites switch them off to register freely), in each lab world:
 * the counters and the audit log live in the store. Lambda mode is left out: its harness sends every request
 * from one fixed source IP, while these tests need many.
 */
describe.each(labWorlds)('rate limits and audit log ($name, default limits)', (world) => {
  let server: TestServer;
  const from = (ip: string) => {
    const session = new ApiSession(server.url);
    const call = session.call.bind(session);
    session.call = (method, path, options = {}) =>
      call(method, path, { ...options, headers: { 'x-forwarded-for': ip, ...options.headers } });
    return session;
  };

  beforeAll(async () => {
    server = await world.start({ env: { RATE_LIMITS: '', TRUST_PROXY: 'true' } });
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('throttles logins per account even when every attempt comes from a new IP', async () => {
    const email = uniqueEmail('target');
    expect((await from('198.51.100.1').register(email)).status).toBe(201);
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await from(`203.0.113.${attempt + 10}`).login(email, 'wrong guess number x');
      expect(response.status).toBe(401);
    }
    const blocked = await from('203.0.113.99').login(email);
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked)).toBe('rate_limited');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // other accounts are not affected
    const other = uniqueEmail('bystander');
    await from('198.51.100.2').register(other);
    expect((await from('203.0.113.99').login(other)).status).toBe(200);
  });

  it('throttles registrations per IP, not for everyone', async () => {
    const ip = '192.0.2.44';
    for (let index = 0; index < 10; index++) {
      expect((await from(ip).register(uniqueEmail('bulk'))).status).toBe(201);
    }
    const blocked = await from(ip).register(uniqueEmail('bulk'));
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await from('192.0.2.45').register(uniqueEmail('elsewhere'))).status).toBe(201);
  });

  const wrong = 'wrong guess number x';
  let addressCounter = 0;
  /** A new browser (no cookies) from a new IPv4 address. */
  const stranger = () =>
    from(`203.0.${113 + Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`);
  const retryAfterOf = (response: { headers: Headers }) => Number(response.headers.get('retry-after'));

  it('counts login failures, not attempts: a correct password after 4 failures works, correct logins never lock out', async () => {
    const email = uniqueEmail('failures');
    expect((await stranger().register(email)).status).toBe(201);
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await stranger().login(email, wrong)).status).toBe(401);
    }
    expect((await stranger().login(email)).status).toBe(200);

    const busy = uniqueEmail('many-logins');
    await stranger().register(busy);
    for (let attempt = 0; attempt < 8; attempt++) {
      expect((await stranger().login(busy)).status).toBe(200);
    }
  });

  it('lets a browser that logged in before through while the account is locked for everyone else', async () => {
    const email = uniqueEmail('device-owner');
    await stranger().register(email);
    const owner = stranger();
    expect((await owner.login(email)).status).toBe(200);
    expect(owner.cookie('device')).toBeTruthy();

    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await stranger().login(email, wrong)).status).toBe(401);
    }
    const attacker = stranger();
    const locked = await attacker.login(email);
    expect(locked.status).toBe(429);
    expect(retryAfterOf(locked)).toBeGreaterThan(0);

    // Nothing but a device cookie signed for this account opens the door.
    const other = stranger();
    await other.register(uniqueEmail('someone-else'));
    for (const fake of [other.cookie('device') ?? '', owner.accessToken ?? '', 'garbage.device.cookie']) {
      const forger = stranger();
      forger.setCookie('device', fake);
      expect((await forger.login(email)).status).toBe(429);
    }

    const again = await owner.login(email);
    expect(again.status).toBe(200);
  });

  it('marks the device cookie Secure when the viewer came over HTTPS', async () => {
    const response = await stranger().call('POST', '/api/auth/register', {
      headers: { 'x-forwarded-proto': 'https' },
      body: { email: uniqueEmail('https'), password: 'correct horse battery staple' },
    });
    expect(response.status).toBe(201);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('device='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Secure/);
  });

  it('counts failures from a device cookie against that cookie, not against the account', async () => {
    const email = uniqueEmail('stolen-cookie');
    await stranger().register(email);
    const thief = stranger();
    await thief.login(email);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await thief.login(email, wrong)).status).toBe(401);
    }
    const blocked = await thief.login(email);
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked)).toBe('rate_limited');
    // Everyone else (no cookie) still has the account's own five tries.
    expect((await stranger().login(email)).status).toBe(200);
    const failures = (await server.deps.store.audit.listByUser(thief.userId ?? '', 20)).filter(
      (event) => event.type === 'login_failed',
    );
    expect(failures).toHaveLength(5);
    expect(failures[0]?.details).toEqual({ knownDevice: true });
  });

  describe('re-authentication of a signed-in caller', () => {
    /** Counts scrypt runs on the server (its password work queue sees every one). */
    const countScryptRuns = () => {
      const original = server.deps.passwordWork;
      const counter = {
        runs: 0,
        restore: () => {
          server.deps.passwordWork = original;
        },
      };
      const counting: PasswordWorkQueue = {
        run: (task) => {
          counter.runs++;
          return original ? original.run(task) : task();
        },
      };
      server.deps.passwordWork = counting;
      return counter;
    };

    it('limits wrong current passwords per account before scrypt runs, and audits each into the export', async () => {
      const user = stranger();
      await user.register(uniqueEmail('token-thief'));
      const scrypt = countScryptRuns();
      try {
        for (let attempt = 0; attempt < 5; attempt++) {
          const response = await from(`198.51.100.${attempt + 100}`).call('POST', '/api/auth/password', {
            token: user.accessToken,
            body: { currentPassword: wrong, newPassword: 'a brand new long passphrase' },
          });
          expect(response.status).toBe(401);
          expect(errorCode(response)).toBe('invalid_credentials');
        }
        expect(scrypt.runs).toBe(5);
        const blocked = await user.call('POST', '/api/auth/password', {
          body: {
            currentPassword: 'correct horse battery staple',
            newPassword: 'a brand new long passphrase',
          },
        });
        expect(blocked.status).toBe(429);
        expect(errorCode(blocked)).toBe('rate_limited');
        expect(retryAfterOf(blocked)).toBeGreaterThan(0);
        expect(retryAfterOf(blocked)).toBeLessThanOrEqual(15 * 60);
        // The same account's erasure is re-authentication too: same counter.
        const erase = await user.call('DELETE', '/api/me', {
          body: { password: 'correct horse battery staple' },
        });
        expect(erase.status).toBe(429);
        expect(scrypt.runs).toBe(5);
      } finally {
        scrypt.restore();
      }
      expect((await user.call('GET', '/api/me')).status).toBe(200);
      const exported = await user.call<{ auditEvents: { type: string; ip: string; details: unknown }[] }>(
        'GET',
        '/api/me/export',
      );
      const failed = exported.body.auditEvents.filter((event) => event.type === 'password_check_failed');
      expect(failed).toHaveLength(5);
      expect(failed[0]).toMatchObject({ ip: '198.51.100.104', details: { check: 'change_password' } });

      // Another account is not affected.
      const bystander = stranger();
      await bystander.register(uniqueEmail('bystander'));
      const changed = await bystander.call('POST', '/api/auth/password', {
        body: { currentPassword: 'correct horse battery staple', newPassword: 'a brand new long passphrase' },
      });
      expect(changed.status).toBe(204);
    });

    it('limits and audits wrong passwords on account erasure; a right one after 4 failures still erases', async () => {
      const user = stranger();
      await user.register(uniqueEmail('erasure'));
      for (let attempt = 0; attempt < 4; attempt++) {
        const response = await user.call('DELETE', '/api/me', { body: { password: wrong } });
        expect(response.status).toBe(401);
      }
      const events = await server.deps.store.audit.listByUser(user.userId ?? '', 20);
      expect(events.filter((event) => event.type === 'password_check_failed')).toHaveLength(4);
      expect(events[0]?.details).toEqual({ check: 'delete_account' });
      expect(
        (await user.call('DELETE', '/api/me', { body: { password: 'correct horse battery staple' } })).status,
      ).toBe(204);

      const other = stranger();
      await other.register(uniqueEmail('erasure-guessed'));
      for (let attempt = 0; attempt < 5; attempt++) {
        expect((await other.call('DELETE', '/api/me', { body: { password: wrong } })).status).toBe(401);
      }
      const blocked = await other.call('DELETE', '/api/me', {
        body: { password: 'correct horse battery staple' },
      });
      expect(blocked.status).toBe(429);
      expect((await other.call('GET', '/api/me')).status).toBe(200);
    });
  });

  it('counts an IPv6 client per /64, and an IPv4-mapped client as its IPv4 address', async () => {
    for (let host = 1; host <= 10; host++) {
      expect((await from(`2001:db8:77:1::${host.toString(16)}`).register(uniqueEmail('v6'))).status).toBe(
        201,
      );
    }
    const sameNetwork = await from('2001:db8:77:1:ffff:1234:5678:9abc').register(uniqueEmail('v6'));
    expect(sameNetwork.status).toBe(429);
    expect((await from('2001:db8:77:2::1').register(uniqueEmail('v6'))).status).toBe(201);

    for (let index = 0; index < 10; index++) {
      const address = index % 2 === 0 ? '192.0.2.80' : '::ffff:192.0.2.80';
      expect((await from(address).register(uniqueEmail('mapped'))).status).toBe(201);
    }
    expect((await from('::ffff:c000:250').register(uniqueEmail('mapped'))).status).toBe(429);
  });

  it('records security events in the audit log with ip and user agent', async () => {
    const email = uniqueEmail('audited');
    const user = from('198.51.100.77');
    await user.register(email);
    await from('198.51.100.78').login(email, 'not the password');
    await from('198.51.100.79').login(email);
    const events = await server.deps.store.audit.listByUser(user.userId ?? '', 10);
    // Registration also mailed the verification link (audited with the registration's address).
    expect(events.map((event) => event.type)).toEqual([
      'login_succeeded',
      'login_failed',
      'email_verification_sent',
      'register',
    ]);
    expect(events[1]).toMatchObject({ ip: '198.51.100.78', userId: user.userId });
    expect(events[2]).toMatchObject({ ip: '198.51.100.77', userId: user.userId });
    expect(events[0]?.userAgent).toBeTruthy();
  });
});
