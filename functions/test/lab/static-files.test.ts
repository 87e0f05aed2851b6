import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestServer, storeWithoutData, type TestServer } from '../support/lab-server';

const SECRET = 'TOP-SECRET-OUTSIDE-WEB-DIR';
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-3f2a.js"></script></head></html>';

describe('lab static files: the built SPA', () => {
  let root: string;
  let server: TestServer;

  beforeAll(async () => {
    // root/secret.txt and root/package.json sit next to WEB_DIR = root/dist: they must never be served.
    root = await mkdtemp(join(tmpdir(), 'lab-static-'));
    const webDir = join(root, 'dist');
    await mkdir(join(webDir, 'assets'), { recursive: true });
    await writeFile(join(root, 'secret.txt'), SECRET);
    await writeFile(join(root, 'package.json'), SECRET);
    await writeFile(join(webDir, 'index.html'), INDEX);
    await writeFile(join(webDir, 'assets', 'app-3f2a.js'), 'console.log("app")');
    await writeFile(join(webDir, 'assets', 'app-3f2a.css'), 'body{}');
    await writeFile(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(webDir, '.env'), SECRET);
    await symlink(join(root, 'secret.txt'), join(webDir, 'linked.txt'));
    server = await startTestServer({ store: storeWithoutData(), env: { WEB_DIR: webDir } });
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves index.html for / and revalidates it on every load', async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(INDEX);
  });

  it.each(['/matches/42', '/profile/edit', '/assets'])(
    'answers the client route %s with index.html',
    async (path) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX);
    },
  );

  it('serves hashed assets as immutable with their content types', async () => {
    const script = await fetch(`${server.url}/assets/app-3f2a.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe('console.log("app")');

    const style = await fetch(`${server.url}/assets/app-3f2a.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await fetch(`${server.url}/favicon.svg`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${server.url}/favicon.svg`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('answers a missing file with an extension with the 404 envelope, not the SPA', async () => {
    const response = await server.fetchJson('/assets/app-old.js');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answers 404 under /media and /ws (not the SPA) until those are served', async () => {
    for (const path of ['/media/x/y.webp', '/ws']) {
      const response = await server.fetchJson(path);
      expect(response.status).toBe(404);
    }
  });

  it('allows only GET and HEAD', async () => {
    const response = await server.fetchJson('/matches', { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${server.url}/assets/app-3f2a.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('18');
  });

  it.each([
    '/../secret.txt',
    '/../package.json',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/package.json',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/index.html%00.js',
    '/%00',
    '/%E0%A4%A',
    '/.env',
    '/linked.txt',
    '//../secret.txt',
  ])('never serves a file outside WEB_DIR (or a hidden one) for %s', async (path) => {
    const response = await rawRequest(server.url, path);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain(SECRET);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('puts the security headers on static answers too', async () => {
    for (const path of ['/', '/assets/app-3f2a.js', '/missing.png']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('lab static files: no SPA built', () => {
  let server: TestServer;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lab-nospa-'));
    server = await startTestServer({
      store: storeWithoutData(),
      env: { WEB_DIR: join(root, 'does-not-exist') },
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves a placeholder page that points at the API docs', async () => {
    for (const path of ['/', '/matches/1']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toContain('not built');
      expect(html).toContain('href="/api/docs"');
      expect(html).not.toContain('<script');
    }
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(404);
  });
});
