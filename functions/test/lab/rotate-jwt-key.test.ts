import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres';
import type { Store } from '../../src/ports/repositories';
import { findAppRoot } from '../../src/runtime/lab/app-root';
import { ApiSession, uniqueEmail } from '../support/api-session';
import { startTestServer } from '../support/lab-server';

const run = promisify(execFile);

/**
 * `npm run rotate-jwt-key` on the DATA_DIR of `npm start`, as an operator runs it between restarts: a token
 * of the key before the rotation stays valid after it; after a second rotation that key is gone and its
 * tokens get 401, while the tokens of the key in between still work.
 */
describe('npm run rotate-jwt-key (lab DATA_DIR)', () => {
  let dataDir: string;
  let store: Store;
  /** One database across restarts (as PGlite in DATA_DIR would be); each server "closes" it for nothing. */
  let keptStore: Store;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rotate-jwt-key-'));
    store = (await openPostgresStore()).store;
    keptStore = new Proxy(store, {
      get: (target, property, receiver) =>
        property === 'close' ? async () => {} : Reflect.get(target, property, receiver),
    });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const rotate = async (env: Record<string, string> = {}) => {
    const { JWT_SECRET: _ignored, ...inherited } = process.env;
    return run('npm', ['run', '--silent', 'rotate-jwt-key'], {
      cwd: findAppRoot(),
      env: { ...inherited, DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env },
    });
  };
  /** `npm start` on the DATA_DIR's keys (no JWT_SECRET), over the kept database. */
  const withServer = async <T>(use: (session: () => ApiSession) => Promise<T>): Promise<T> => {
    const server = await startTestServer({
      env: { JWT_SECRET: undefined, DATA_DIR: dataDir },
      store: keptStore,
    });
    try {
      return await use(() => new ApiSession(server.url));
    } finally {
      await server.close();
    }
  };
  const kidOf = (token: string | null) => decodeProtectedHeader(token ?? '').kid;

  it('keeps the previous key valid, then drops it at the next rotation', async () => {
    const first = await rotate();
    const firstKid = /New current key: kid ([A-Za-z0-9_-]+)\./.exec(first.stdout)?.[1];
    expect(first.stdout).toContain('There was no key before');

    const email = uniqueEmail('rotate');
    const tokenOfFirst = await withServer(async (session) => {
      const user = session();
      expect((await user.register(email)).status).toBe(201);
      expect(kidOf(user.accessToken)).toBe(firstKid);
      return user.accessToken as string;
    });

    const second = await rotate();
    const secondKid = /New current key: kid ([A-Za-z0-9_-]+)\./.exec(second.stdout)?.[1];
    expect(second.stdout).toContain(`Previous key: kid ${firstKid}; its tokens stay valid until they expire`);
    expect(secondKid).not.toBe(firstKid);

    const tokenOfSecond = await withServer(async (session) => {
      expect((await session().call('GET', '/api/me', { token: tokenOfFirst })).status).toBe(200);
      const user = session();
      expect((await user.login(email)).status).toBe(200);
      expect(kidOf(user.accessToken)).toBe(secondKid);
      return user.accessToken as string;
    });

    await rotate();
    await withServer(async (session) => {
      expect((await session().call('GET', '/api/me', { token: tokenOfFirst })).status).toBe(401);
      expect((await session().call('GET', '/api/me', { token: tokenOfSecond })).status).toBe(200);
    });
  }, 120_000);

  it('refuses to rotate where JWT_SECRET is set (the keys live where it comes from)', async () => {
    const error = await rotate({ JWT_SECRET: 'x'.repeat(40) }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain('JWT_SECRET is set');
  }, 60_000);
});
