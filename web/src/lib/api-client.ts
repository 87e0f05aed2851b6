import { RefreshResponse } from '@dating/functions/contract';
import { env } from '../config/env';
import { apiErrorFromResponse, networkError, unexpectedResponse } from './api-error';
import { type SessionStore, session } from './session';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A contract schema (or anything else) that turns unknown JSON into a checked value, or throws. */
export interface ResponseSchema<T> {
  parse(data: unknown): T;
}

export interface RequestOptions {
  body?: unknown;
  /** Send the access token and recover once from an expired one. Default true. */
  authenticated?: boolean;
  signal?: AbortSignal;
}

export interface ApiClient {
  /** Answers the body checked by `schema`; throws `ApiError` for any failure. */
  request<T>(
    method: HttpMethod,
    path: string,
    options: RequestOptions & { schema: ResponseSchema<T> },
  ): Promise<T>;
  /** For answers without a body the caller needs (204). */
  request(method: HttpMethod, path: string, options?: RequestOptions): Promise<void>;
  /**
   * Exchanges the refresh cookie for a new access token. True when the session continues; false when the server
   * refused the cookie (the session is cleared then). Concurrent callers share one request.
   */
  refreshSession(): Promise<boolean>;
}

export interface ApiClientDeps {
  fetch: typeof fetch;
  session: Pick<SessionStore, 'getAccessToken' | 'signIn' | 'clear'>;
  /** Empty for same origin. */
  origin?: string;
  /** Runs the refresh exclusively across tabs (refresh tokens rotate; two tabs using one at once look like reuse). */
  exclusive?: (task: () => Promise<boolean>) => Promise<boolean>;
}

const REFRESH_PATH = '/api/auth/refresh';

/** Web Locks exist only in secure contexts (HTTPS, localhost); elsewhere tabs refresh on their own. */
export const acrossTabs = async (task: () => Promise<boolean>): Promise<boolean> =>
  typeof navigator !== 'undefined' && navigator.locks
    ? await navigator.locks.request('dating-app:refresh-session', task)
    : task();

export function createApiClient(deps: ApiClientDeps): ApiClient {
  const origin = deps.origin ?? '';
  const exclusive = deps.exclusive ?? ((task) => task());
  let refreshInFlight: Promise<boolean> | null = null;

  async function send(method: HttpMethod, path: string, options: RequestOptions, token: string | null) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await deps.fetch(`${origin}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (failure) {
      if (options.signal?.aborted) throw failure;
      throw networkError();
    }
  }

  async function runRefresh(): Promise<boolean> {
    const response = await send('POST', REFRESH_PATH, {}, null);
    if (response.status === 401 || response.status === 403) {
      deps.session.clear();
      return false;
    }
    const { accessToken } = await readBody(response, RefreshResponse);
    deps.session.signIn(accessToken, 'refresh');
    return true;
  }

  function refreshSession(): Promise<boolean> {
    refreshInFlight ??= exclusive(runRefresh).finally(() => {
      refreshInFlight = null;
    });
    return refreshInFlight;
  }

  /** Sends with the access token; on an expired token, refreshes once (shared) and retries once. */
  async function sendAuthenticated(method: HttpMethod, path: string, options: RequestOptions) {
    const tokenSent = deps.session.getAccessToken();
    const first = await send(method, path, options, tokenSent);
    if (first.status !== 401) return first;
    const rejection = await apiErrorFromResponse(first);
    // A 401 about the request itself (a wrong current password) is not a session problem.
    if (rejection.code !== 'unauthorized') throw rejection;
    const current = deps.session.getAccessToken();
    const renewed = current !== null && current !== tokenSent ? true : await refreshSession();
    if (!renewed) throw rejection;
    const retry = await send(method, path, options, deps.session.getAccessToken());
    if (retry.status === 401) deps.session.clear();
    return retry;
  }

  async function readBody<T>(response: Response, schema: ResponseSchema<T>): Promise<T> {
    if (!response.ok) throw await apiErrorFromResponse(response);
    let data: unknown;
    try {
      data = await response.json();
    } catch (failure) {
      throw unexpectedResponse(response.status, failure);
    }
    try {
      return schema.parse(data);
    } catch (failure) {
      throw unexpectedResponse(response.status, failure);
    }
  }

  async function request<T>(
    method: HttpMethod,
    path: string,
    options: RequestOptions & { schema?: ResponseSchema<T> } = {},
  ): Promise<T | undefined> {
    const response =
      options.authenticated === false
        ? await send(method, path, options, null)
        : await sendAuthenticated(method, path, options);
    if (options.schema) return readBody(response, options.schema);
    if (!response.ok) throw await apiErrorFromResponse(response);
    return undefined;
  }

  return { request: request as ApiClient['request'], refreshSession };
}

/** The app's client: same-origin by default, the browser's one session, refreshes serialized across tabs. */
export const api = createApiClient({
  fetch: (input, init) => globalThis.fetch(input, init),
  session,
  origin: env.apiOrigin,
  exclusive: acrossTabs,
});
