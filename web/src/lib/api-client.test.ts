import { Me } from '@dating/functions/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from './api-client';
import { ApiError } from './api-error';
import { createSessionStore } from './session';

const me = {
  id: '01HZX3K5B7Q9W2E4R6T8Y0M1NP',
  email: 'ada@example.org',
  createdAt: '2026-01-02T03:04:05.000Z',
  profileComplete: true,
  displayName: 'Ada',
  emailDeliverability: 'ok' as const,
  emailVerified: true,
  pendingEmail: null,
  emailVerificationRequired: false,
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const expired = () => json(401, { error: { code: 'unauthorized', message: 'Access token expired' } });

interface Call {
  url: string;
  method: string;
  authorization: string | null;
  credentials: RequestCredentials | undefined;
}

/** A fake API: `/api/me` accepts only `validToken`; `/api/auth/refresh` answers what `refreshAnswer` says. */
function fakeApi(options: { validToken: string; refreshAnswer: () => Response | Promise<Response> }) {
  const calls: Call[] = [];
  const fetch = vi.fn<typeof globalThis.fetch>(async (input, init) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    calls.push({
      url,
      method: init?.method ?? 'GET',
      authorization: headers.get('authorization'),
      credentials: init?.credentials,
    });
    await Promise.resolve();
    if (url === '/api/auth/refresh') return options.refreshAnswer();
    if (url === '/api/me') {
      return headers.get('authorization') === `Bearer ${options.validToken}` ? json(200, me) : expired();
    }
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  });
  const refreshCalls = () => calls.filter((call) => call.url === '/api/auth/refresh');
  const meCalls = () => calls.filter((call) => call.url === '/api/me');
  return { fetch, calls, refreshCalls, meCalls };
}

function signedInSession(token: string) {
  const session = createSessionStore();
  session.signIn(token, 'login');
  return session;
}

describe('api client: expired access token', () => {
  it('sends the access token as a Bearer header and validates the answer with the contract', async () => {
    const server = fakeApi({ validToken: 'fresh', refreshAnswer: () => json(500, {}) });
    const api = createApiClient({ fetch: server.fetch, session: signedInSession('fresh') });

    await expect(api.request('GET', '/api/me', { schema: Me })).resolves.toEqual(me);
    expect(server.calls).toEqual([
      { url: '/api/me', method: 'GET', authorization: 'Bearer fresh', credentials: 'same-origin' },
    ]);
  });

  it('refreshes silently with the cookie and retries once with the new token', async () => {
    const server = fakeApi({ validToken: 'fresh', refreshAnswer: () => json(200, { accessToken: 'fresh' }) });
    const session = signedInSession('stale');
    const api = createApiClient({ fetch: server.fetch, session });

    await expect(api.request('GET', '/api/me', { schema: Me })).resolves.toEqual(me);
    expect(server.calls.map((call) => [call.url, call.authorization])).toEqual([
      ['/api/me', 'Bearer stale'],
      ['/api/auth/refresh', null],
      ['/api/me', 'Bearer fresh'],
    ]);
    expect(server.refreshCalls()[0]).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(session.getAccessToken()).toBe('fresh');
    expect(session.getSnapshot().status).toBe('authenticated');
  });

  it('shares one in-flight refresh between concurrent callers', async () => {
    let releaseRefresh: (answer: Response) => void = () => {};
    const server = fakeApi({
      validToken: 'fresh',
      refreshAnswer: () =>
        new Promise<Response>((resolve) => {
          releaseRefresh = resolve;
        }),
    });
    const api = createApiClient({ fetch: server.fetch, session: signedInSession('stale') });

    const answers = Promise.all([1, 2, 3, 4].map(() => api.request('GET', '/api/me', { schema: Me })));
    await vi.waitFor(() => expect(server.refreshCalls()).toHaveLength(1));
    await vi.waitFor(() => expect(server.meCalls()).toHaveLength(4));
    releaseRefresh(json(200, { accessToken: 'fresh' }));

    await expect(answers).resolves.toEqual([me, me, me, me]);
    expect(server.refreshCalls()).toHaveLength(1);
    expect(server.meCalls().filter((call) => call.authorization === 'Bearer fresh')).toHaveLength(4);
  });

  it('does not refresh again when another caller already renewed the token', async () => {
    const server = fakeApi({ validToken: 'fresh', refreshAnswer: () => json(200, { accessToken: 'fresh' }) });
    let answerSlowRequest: () => void = () => {};
    // The first request leaves with the old token, and its 401 arrives only after another caller refreshed.
    const fetch = vi.fn<typeof globalThis.fetch>((input, init) => {
      if (fetch.mock.calls.length > 1) return server.fetch(input, init);
      return new Promise((resolve) => {
        answerSlowRequest = () => resolve(expired());
      });
    });
    const api = createApiClient({ fetch, session: signedInSession('stale') });

    const slow = api.request('GET', '/api/me', { schema: Me });
    await expect(api.request('GET', '/api/me', { schema: Me })).resolves.toEqual(me);
    answerSlowRequest();

    await expect(slow).resolves.toEqual(me);
    expect(server.refreshCalls()).toHaveLength(1);
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      '/api/me',
      '/api/me',
      '/api/auth/refresh',
      '/api/me',
      '/api/me',
    ]);
  });

  it('retries only once: a second 401 clears the session and surfaces the error', async () => {
    const server = fakeApi({ validToken: 'never', refreshAnswer: () => json(200, { accessToken: 'fresh' }) });
    const session = signedInSession('stale');
    const api = createApiClient({ fetch: server.fetch, session });

    const failure = await api.request('GET', '/api/me', { schema: Me }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(server.meCalls()).toHaveLength(2);
    expect(server.refreshCalls()).toHaveLength(1);
    expect(session.getSnapshot().status).toBe('anonymous');
    expect(session.getAccessToken()).toBeNull();
  });

  it('clears the session without retrying when the refresh cookie is refused', async () => {
    const server = fakeApi({
      validToken: 'fresh',
      refreshAnswer: () =>
        json(401, { error: { code: 'unauthorized', message: 'Session expired; please log in again' } }),
    });
    const session = signedInSession('stale');
    const listener = vi.fn();
    session.subscribe(listener);
    const api = createApiClient({ fetch: server.fetch, session });

    await expect(api.request('GET', '/api/me', { schema: Me })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(server.meCalls()).toHaveLength(1);
    expect(session.getSnapshot()).toEqual({ status: 'anonymous', method: null });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when the refresh fails for another reason (offline, rate limited)', async () => {
    const server = fakeApi({
      validToken: 'fresh',
      refreshAnswer: () =>
        json(
          429,
          { error: { code: 'rate_limited', message: 'Too many requests' } },
          { 'retry-after': '120' },
        ),
    });
    const session = signedInSession('stale');
    const api = createApiClient({ fetch: server.fetch, session });

    await expect(api.request('GET', '/api/me', { schema: Me })).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 120,
      message: 'Too many requests (about 2 minutes).',
    });
    expect(session.getSnapshot().status).toBe('authenticated');
  });

  it('treats a 401 that is not about the session (wrong current password) as an ordinary error', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () =>
      json(401, { error: { code: 'invalid_credentials', message: 'Current password is incorrect' } }),
    );
    const session = signedInSession('valid');
    const api = createApiClient({ fetch, session });

    await expect(
      api.request('POST', '/api/auth/password', { body: { currentPassword: 'x', newPassword: 'y' } }),
    ).rejects.toMatchObject({ code: 'invalid_credentials', message: 'Current password is incorrect' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot().status).toBe('authenticated');
  });

  it('does not attempt a refresh for unauthenticated calls such as login', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () =>
      json(401, { error: { code: 'invalid_credentials', message: 'Email or password is incorrect' } }),
    );
    const api = createApiClient({ fetch, session: createSessionStore('anonymous') });

    await expect(
      api.request('POST', '/api/auth/login', {
        body: { email: 'a@b.co', password: 'x' },
        authenticated: false,
      }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(new Headers(fetch.mock.calls[0]?.[1]?.headers).get('authorization')).toBeNull();
  });

  it('runs the refresh through the cross-tab lock', async () => {
    const server = fakeApi({ validToken: 'fresh', refreshAnswer: () => json(200, { accessToken: 'fresh' }) });
    const exclusive = vi.fn((task: () => Promise<boolean>) => task());
    const api = createApiClient({ fetch: server.fetch, session: signedInSession('stale'), exclusive });

    await api.request('GET', '/api/me', { schema: Me });
    expect(exclusive).toHaveBeenCalledTimes(1);
  });
});

describe('api client: the access token stays in memory', () => {
  const written: string[] = [];
  const fakeStorage = (): Storage => {
    const items = new Map<string, string>();
    return {
      get length() {
        return items.size;
      },
      clear: () => items.clear(),
      getItem: (key) => items.get(key) ?? null,
      key: (index) => [...items.keys()][index] ?? null,
      removeItem: (key) => items.delete(key),
      setItem: (key, value) => {
        written.push(`${key}=${value}`);
        items.set(key, value);
      },
    };
  };

  beforeEach(() => {
    written.length = 0;
    vi.stubGlobal('localStorage', fakeStorage());
    vi.stubGlobal('sessionStorage', fakeStorage());
    vi.stubGlobal('document', { cookie: '' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('never writes a token to localStorage, sessionStorage or a script-readable cookie', async () => {
    const server = fakeApi({
      validToken: 'secret-fresh',
      refreshAnswer: () => json(200, { accessToken: 'secret-fresh' }),
    });
    const session = createSessionStore();
    const api = createApiClient({ fetch: server.fetch, session });

    await api.refreshSession();
    await api.request('GET', '/api/me', { schema: Me });
    session.signIn('secret-from-login', 'login');
    session.clear();

    expect(written).toEqual([]);
    expect(localStorage.length + sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
  });
});

describe('api client: errors the UI can show', () => {
  const api = (answer: () => Response | Promise<Response>) =>
    createApiClient({ fetch: async () => answer(), session: signedInSession('valid') });

  it('parses the error envelope with its field errors', async () => {
    const failing = api(() =>
      json(400, {
        error: {
          code: 'validation_failed',
          message: 'The request body did not pass validation',
          details: { fields: { displayName: ['Too long'], 'prompts.0.answer': ['Required'] } },
        },
      }),
    );
    const failure = await failing
      .request('PUT', '/api/profile', { body: {} })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'The request body did not pass validation',
      fieldErrors: { displayName: ['Too long'], 'prompts.0.answer': ['Required'] },
    });
  });

  it('gives a generic message when the body is not the envelope (a proxy error page)', async () => {
    const failing = api(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(failing.request('GET', '/api/me', { schema: Me })).rejects.toMatchObject({
      status: 502,
      code: 'unexpected_response',
      message: 'The server is having trouble right now. Please try again in a moment.',
    });
  });

  it('turns a failed connection into a network error', async () => {
    const failing = api(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(failing.request('GET', '/api/me', { schema: Me })).rejects.toMatchObject({
      code: 'network_error',
      status: 0,
    });
  });

  it('rejects a success whose body breaks the contract', async () => {
    const failing = api(() => json(200, { ...me, profileComplete: 'yes' }));
    await expect(failing.request('GET', '/api/me', { schema: Me })).rejects.toMatchObject({
      code: 'unexpected_response',
    });
  });
});
