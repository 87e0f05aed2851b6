export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** Sent verbatim (overrides `body`): for malformed JSON and wrong content types. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Overrides the session's access token; `null` sends none. */
  token?: string | null;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A browser-like API user: keeps the access token in memory and the refresh cookie in a jar, sending the
 * cookie only where its Path allows (as a browser would).
 */
export class ApiSession {
  accessToken: string | null = null;
  userId: string | null = null;
  private readonly cookies = new Map<string, { value: string; path: string }>();

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  setCookie(name: string, value: string, path = '/api/auth'): void {
    this.cookies.set(name, { value, path });
  }

  async call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.accessToken : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const jar = [...this.cookies.entries()]
      .filter(([, cookie]) => path.startsWith(cookie.path) && cookie.value !== '')
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    if (jar.length) headers.cookie = jar.join('; ');

    const response = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, body });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => a.toLowerCase() === 'max-age=0');
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: pathAttribute });
    }
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
    return {
      status: response.status,
      headers: response.headers,
      body: parsed as T,
      text,
    } satisfies ApiResponse<T>;
  }

  async register(email: string, password = 'correct horse battery staple') {
    const response = await this.call<{ user: { id: string }; accessToken: string }>(
      'POST',
      '/api/auth/register',
      {
        body: { email, password },
      },
    );
    if (response.status === 201) {
      this.accessToken = response.body.accessToken;
      this.userId = response.body.user.id;
    }
    return response;
  }

  async login(email: string, password = 'correct horse battery staple') {
    const response = await this.call<{ user: { id: string }; accessToken: string }>(
      'POST',
      '/api/auth/login',
      {
        body: { email, password },
      },
    );
    if (response.status === 200) {
      this.accessToken = response.body.accessToken;
      this.userId = response.body.user.id;
    }
    return response;
  }
}

let counter = 0;
export const uniqueEmail = (label = 'user') =>
  `${label}-${Date.now().toString(36)}-${(counter++).toString(36)}@example.test`;

export const aProfileInput = (overrides: Record<string, unknown> = {}) => ({
  displayName: 'Ada',
  birthDate: '1995-06-15',
  gender: 'woman',
  interestedIn: ['man'],
  ageMin: 25,
  ageMax: 45,
  maxDistanceKm: 50,
  location: { lat: 52.52, lon: 13.405 },
  bio: 'Climber, coffee snob.',
  interests: ['climbing', 'coffee'],
  prompts: [{ question: 'A perfect Sunday', answer: 'Bouldering then brunch' }],
  ...overrides,
});

/** Asserts the API error envelope and returns its code. */
export function errorCode(response: ApiResponse): string {
  const body = response.body as { error?: { code?: unknown; message?: unknown } };
  if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`expected an error envelope, got ${response.status} ${response.text.slice(0, 200)}`);
  }
  if (/\bat .+:\d+:\d+/.test(response.text)) throw new Error('stack trace leaked in an error response');
  return body.error.code;
}
