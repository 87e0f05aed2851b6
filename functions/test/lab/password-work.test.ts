import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import { renditionKey } from '../../src/domain/photos';
import { newMediaToken } from '../../src/services/photos/photo-media';
import { startTestServer, type TestServer } from '../support/lab-server';

/**
 * The lab runs scrypt on libuv's thread pool, which file and blob reads share: a burst of logins must not stall
 * them. With UV_THREADPOOL_SIZE unset (4 threads) scrypt gets 3 slots and a queue of PASSWORD_HASH_QUEUE; the
 * rest are refused with 503 at once, and static and media files keep answering promptly meanwhile.
 */
describe('lab runtime: bounded password hashing', () => {
  let server: TestServer;
  let root: string;
  let mediaPath: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lab-scrypt-'));
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log("app")');
    server = await startTestServer({
      // N=2^15: each check is real work (32 MiB), as logins are in production (2^17).
      env: { WEB_DIR: root, PASSWORD_HASH_COST: '15', PASSWORD_HASH_QUEUE: '12' },
    });
    const id = newId();
    const key = renditionKey({ userId: id, id, mediaToken: newMediaToken() }, 'thumb');
    await server.deps.blobs.put(key, new Uint8Array(2048).fill(7), { contentType: 'image/webp' });
    mediaPath = `/${key}`;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After past the queue, and keeps serving files promptly during a login burst', async () => {
    const started = Date.now();
    const logins = Array.from({ length: 40 }, (_, index) =>
      server.fetchJson<{ error?: { code: string } }>('/api/auth/login', {
        method: 'POST',
        json: { email: `nobody-${index}@example.test`, password: 'correct horse battery staple' },
      }),
    );
    let done = false;
    const all = Promise.all(logins).finally(() => {
      done = true;
    });
    const readTimes: number[] = [];
    // Reads while the burst is in flight: each one needs the thread pool (open, stat, read).
    while (!done) {
      for (const path of ['/assets/app-1a2b.js', mediaPath]) {
        const before = Date.now();
        const response = await fetch(new URL(path, server.url));
        await response.arrayBuffer();
        expect(response.status).toBe(200);
        readTimes.push(Date.now() - before);
      }
    }
    const answers = await all;
    const burstMs = Date.now() - started;

    expect(readTimes.length).toBeGreaterThan(2);
    // A read never waits behind the hashing: one pool thread is always free for it.
    expect(Math.max(...readTimes)).toBeLessThan(Math.max(150, burstMs / 4));
    const busy = answers.filter((answer) => answer.status === 503);
    const checked = answers.filter((answer) => answer.status === 401);
    expect(busy.length + checked.length).toBe(40);
    // 3 running + 12 queued at most when the burst lands; the rest are refused without any hashing.
    expect(checked.length).toBeGreaterThanOrEqual(15);
    expect(busy.length).toBeGreaterThan(0);
    for (const answer of busy) {
      expect(answer.body.error?.code).toBe('service_unavailable');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  }, 60_000);
});
