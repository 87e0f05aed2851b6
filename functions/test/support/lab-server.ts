import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/adapters/postgres';
import type { Store } from '../../src/ports/repositories';
import { findAppRoot } from '../../src/runtime/lab/app-root';
import { type LabEnvironment, loadLabConfig } from '../../src/runtime/lab/config';
import { type LabServer, type LabServerOptions, startLabServer } from '../../src/runtime/lab/server';
import type { Deps } from '../../src/services/deps';

/** A fixed secret, so tests can mint their own tokens (e.g. expired ones) with jose. */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdef';

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, the text otherwise, undefined when empty. */
  body: T;
}

export interface FetchJsonInit extends Omit<RequestInit, 'body'> {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is (use for malformed or non-JSON bodies). */
  body?: RequestInit['body'];
}

export interface TestServer {
  /** E.g. http://127.0.0.1:43123 */
  url: string;
  /** `/metrics` on its own port, when the test set METRICS_PORT (use '0'). */
  metricsUrl?: string;
  /** The Deps the handlers get: the store, the clock, the service config (with TEST_JWT_SECRET). */
  deps: Deps;
  fetchJson<T = unknown>(path: string, init?: FetchJsonInit): Promise<JsonResponse<T>>;
  close(): Promise<void>;
}

export interface TestServerOptions extends Omit<LabServerOptions, 'store'> {
  /** Environment overrides on top of the test defaults below (PORT, WEB_DIR, TRUST_PROXY, CORS_ORIGINS...). */
  env?: LabEnvironment;
  /**
   * A store to serve (the server closes it); default: a fresh in-memory PGlite, migrated, or with
   * `env.STORE=dynamodb` the DynamoDB table the environment names, opened by the server as in a deployment.
   */
  store?: Store;
}

/**
 * The lab server in this process on a random port, as a deployment would run it (same route table, same
 * gateway, same handlers) but with in-memory PGlite, cheap password hashing (scrypt N=2^14), a fixed JWT
 * secret, photos in a temporary folder and silent logs. The process environment is NOT read: a developer's DATABASE_URL or PORT cannot
 * leak into a test.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { env, store: givenStore, ...serverOptions } = options;
  // Photos (BLOBS=fs) land in DATA_DIR: a fresh folder per server, removed on close.
  const dataDir = await mkdtemp(join(tmpdir(), 'lab-test-data-'));
  const config = loadLabConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      PASSWORD_HASH_COST: '14',
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'error',
      // Functional suites register many users from 127.0.0.1; test/api/rate-limits runs the real limits.
      RATE_LIMITS: 'off',
      DATA_DIR: dataDir,
      ...env,
    },
    { appRoot: findAppRoot(), appVersion: '0.0.0-test', cwd: process.cwd() },
  );
  let server: LabServer;
  try {
    const store =
      givenStore ?? (config.store.kind === 'postgres' ? (await openPostgresStore()).store : undefined);
    server = await startLabServer(config, {
      logWrite: () => {},
      ...serverOptions,
      ...(store === undefined ? {} : { store }),
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = server.url;

  return {
    url,
    ...(server.metricsUrl === undefined ? {} : { metricsUrl: server.metricsUrl }),
    deps: server.deps,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
    async fetchJson<T>(path: string, init: FetchJsonInit = {}): Promise<JsonResponse<T>> {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const response = await fetch(new URL(path, url), {
        ...rest,
        headers,
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
      const text = await response.text();
      const isJson = /[/+]json\b/.test(response.headers.get('content-type') ?? '');
      const body = text === '' ? undefined : isJson ? JSON.parse(text) : text;
      return { status: response.status, headers: response.headers, body: body as T };
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request with the path sent exactly as given (fetch would normalize `/../` and re-encode), for
 * tests of what the server does with hostile or unusual request lines and headers.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { hostname, port, path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * A store for tests of the runtime itself (routing, headers, probes) that never touch data: starts in no
 * time, unlike PGlite. `ping` is replaceable to simulate an unreachable store. Any repository (including
 * ones added to `Store` later) throws when used.
 */
export function storeWithoutData(ping: () => Promise<void> = async () => {}): Store & { closed: boolean } {
  const state = { closed: false };
  const own: Record<PropertyKey, unknown> = {
    kind: 'postgres',
    ping,
    close: async () => {
      state.closed = true;
    },
  };
  const repository = (name: string) =>
    new Proxy(
      {},
      {
        get: (_target, method) => () =>
          Promise.reject(new Error(`this test store has no data: ${name}.${String(method)} was called`)),
      },
    );
  const store = new Proxy(own, {
    get: (target, property) =>
      property === 'closed'
        ? state.closed
        : property in target
          ? target[property]
          : repository(String(property)),
  });
  // The proxy answers every repository the Store interface has, now or later.
  return store as unknown as Store & { closed: boolean };
}
