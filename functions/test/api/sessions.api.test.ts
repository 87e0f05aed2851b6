import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountExport, SessionList } from '../../src/contract';
import { ApiSession, errorCode, uniqueEmail } from '../support/api-session';
import type { TestServer } from '../support/lab-server';
import { connectRealtime } from '../support/ws-client';
import { apiTargets, labWorlds, type RunningApi } from './api-targets';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const UNKNOWN_ID = '01J00000000000000000000000';

/** One account logged in twice: on a Linux laptop (registered there) and on an iPhone. */
async function twoLogins(url: string, fetchImpl?: RunningApi['fetch']) {
  const email = uniqueEmail('sessions');
  const laptop = new ApiSession(url, fetchImpl);
  const phone = new ApiSession(url, fetchImpl);
  const asLaptop = { headers: { 'user-agent': FIREFOX_LINUX } };
  const registered = await laptop.call<{ accessToken: string; user: { id: string } }>(
    'POST',
    '/api/auth/register',
    {
      ...asLaptop,
      body: { email, password: 'correct horse battery staple' },
    },
  );
  expect(registered.status, registered.text).toBe(201);
  laptop.accessToken = registered.body.accessToken;
  const loggedIn = await phone.call<{ accessToken: string }>('POST', '/api/auth/login', {
    headers: { 'user-agent': SAFARI_IPHONE },
    body: { email, password: 'correct horse battery staple' },
  });
  expect(loggedIn.status, loggedIn.text).toBe(200);
  phone.accessToken = loggedIn.body.accessToken;
  return { email, laptop, phone };
}

const listSessions = async (session: ApiSession) => {
  const response = await session.call<SessionList>('GET', '/api/me/sessions');
  expect(response.status, response.text).toBe(200);
  return response.body;
};

describe.each(apiTargets)('sessions API ($name)', (target) => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await target.start();
  }, 180_000);
  afterAll(async () => {
    await api?.close();
  });

  it('lists each login with its device, times and which one is current', async () => {
    const { laptop, phone } = await twoLogins(api.url, api.fetch);
    const fromLaptop = await listSessions(laptop);
    expect(fromLaptop.truncated).toBe(false);
    expect(fromLaptop.sessions).toEqual([
      {
        id: expect.stringMatching(/^[0-9A-Z]{26}$/),
        device: 'Safari on iPhone',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        current: false,
      },
      {
        id: expect.stringMatching(/^[0-9A-Z]{26}$/),
        device: 'Firefox on Linux',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        current: true,
      },
    ]);
    const fromPhone = await listSessions(phone);
    expect(fromPhone.sessions.find((session) => session.current)?.device).toBe('Safari on iPhone');
    expect((await laptop.call('GET', '/api/me/sessions', { token: null })).status).toBe(401);
  });

  it('moves "last used" forward when the session refreshes its token', async () => {
    const { laptop, phone } = await twoLogins(api.url, api.fetch);
    const before = (await listSessions(laptop)).sessions.find((session) => session.current);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await laptop.call('POST', '/api/auth/refresh')).status).toBe(200);
    const after = (await listSessions(phone)).sessions.find((session) => session.id === before?.id);
    expect(after?.createdAt).toBe(before?.createdAt);
    expect(Date.parse(after?.lastUsedAt ?? '')).toBeGreaterThan(Date.parse(before?.lastUsedAt ?? ''));
    // Most recently used first: the laptop's session now leads the phone's list.
    expect((await listSessions(phone)).sessions[0]?.id).toBe(before?.id);
  });

  it('ends one session: its refresh token stops working at once, the others keep working', async () => {
    const { laptop, phone } = await twoLogins(api.url, api.fetch);
    const phoneSession = (await listSessions(laptop)).sessions.find((session) => !session.current);
    const ended = await laptop.call('DELETE', `/api/me/sessions/${phoneSession?.id}`);
    expect(ended.status, ended.text).toBe(204);

    const refused = await phone.call('POST', '/api/auth/refresh');
    expect(refused.status).toBe(401);
    expect(errorCode(refused)).toBe('unauthorized');
    expect((await laptop.call('POST', '/api/auth/refresh')).status).toBe(200);
    expect((await listSessions(laptop)).sessions.map((session) => session.device)).toEqual([
      'Firefox on Linux',
    ]);

    // Ended, unknown, or someone else's: the same 404.
    const again = await laptop.call('DELETE', `/api/me/sessions/${phoneSession?.id}`);
    expect(again.status).toBe(404);
    expect(errorCode(again)).toBe('not_found');
    expect((await laptop.call('DELETE', `/api/me/sessions/${UNKNOWN_ID}`)).status).toBe(404);
    const stranger = await twoLogins(api.url, api.fetch);
    const strangersSession = (await listSessions(stranger.laptop)).sessions[0];
    const foreign = await laptop.call('DELETE', `/api/me/sessions/${strangersSession?.id}`);
    expect(foreign.status).toBe(404);
    expect(errorCode(foreign)).toBe('not_found');
    expect((await stranger.laptop.call('POST', '/api/auth/refresh')).status).toBe(200);
    const malformed = await laptop.call('DELETE', '/api/me/sessions/not-an-id');
    expect(malformed.status).toBe(400);
    expect(errorCode(malformed)).toBe('validation_failed');
  });

  it('ends every session but the current one, audits it and shows it in the export', async () => {
    const { email, laptop, phone } = await twoLogins(api.url, api.fetch);
    const tablet = new ApiSession(api.url, api.fetch);
    expect((await tablet.login(email)).status).toBe(200);

    const ended = await laptop.call<{ ended: number }>('DELETE', '/api/me/sessions');
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body).toEqual({ ended: 2 });
    expect((await phone.call('POST', '/api/auth/refresh')).status).toBe(401);
    expect((await tablet.call('POST', '/api/auth/refresh')).status).toBe(401);
    expect((await laptop.call('POST', '/api/auth/refresh')).status).toBe(200);
    expect((await listSessions(laptop)).sessions).toHaveLength(1);
    expect((await laptop.call<{ ended: number }>('DELETE', '/api/me/sessions')).body).toEqual({ ended: 0 });

    const exported = await laptop.call<AccountExport>('GET', '/api/me/export');
    expect(exported.status, exported.text).toBe(200);
    const endedEvents = exported.body.auditEvents.filter((event) => event.type === 'session_ended');
    expect(endedEvents).toHaveLength(2);
    expect(exported.body.sessions).toHaveLength(3);
    expect(exported.body.sessions.filter((session) => session.revokedAt !== null)).toHaveLength(2);
    expect(exported.body.sessions.map((session) => session.device).sort()).toEqual([
      'Firefox on Linux',
      'Safari on iPhone',
      'Unknown device', // the tablet's client sent no browser's User-Agent
    ]);
  });
});

describe.each(labWorlds)('ending a session closes its WebSocket connections ($name)', (world) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await world.start();
  }, 90_000);
  afterAll(async () => {
    await server?.close();
  });

  it('closes the ended session’s sockets and leaves the current session’s open', async () => {
    const { laptop, phone } = await twoLogins(server.url);
    const phoneSocket = await connectRealtime(server.url, phone);
    const laptopSocket = await connectRealtime(server.url, laptop);
    const phoneSession = (await listSessions(laptop)).sessions.find((session) => !session.current);

    expect((await laptop.call('DELETE', `/api/me/sessions/${phoneSession?.id}`)).status).toBe(204);
    expect(await phoneSocket.closed).toEqual({ code: 1000, reason: 'Session ended' });
    // Its access token still lives out its minutes, but cannot open a new connection.
    const ticket = await phone.call('POST', '/api/realtime/ticket');
    expect(ticket.status).toBe(401);
    expect(errorCode(ticket)).toBe('unauthorized');

    laptopSocket.send({ action: 'ping' });
    expect(await laptopSocket.next('pong')).toEqual({ type: 'pong' });
    await laptopSocket.close();
  });
});
