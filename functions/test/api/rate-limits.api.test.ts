import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('records security events in the audit log with ip and user agent', async () => {
    const email = uniqueEmail('audited');
    const user = from('198.51.100.77');
    await user.register(email);
    await from('198.51.100.78').login(email, 'not the password');
    await from('198.51.100.79').login(email);
    const events = await server.deps.store.audit.listByUser(user.userId ?? '', 10);
    expect(events.map((event) => event.type)).toEqual(['login_succeeded', 'login_failed', 'register']);
    expect(events[1]).toMatchObject({ ip: '198.51.100.78', userId: user.userId });
    expect(events[0]?.userAgent).toBeTruthy();
  });
});
