import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { get, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress';
import { rawRequest, startTestServer, storeWithoutData, type TestServer } from '../support/lab-server';

const SECRET = 'TOP-SECRET-OUTSIDE-WEB-DIR';
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-3f2aB9xQ.js"></script></head></html>';

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
    await writeFile(join(webDir, 'assets', 'app-3f2aB9xQ.js'), 'console.log("app")');
    await writeFile(join(webDir, 'assets', 'app-3f2aB9xQ.css'), 'body{}');
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
    const script = await fetch(`${server.url}/assets/app-3f2aB9xQ.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe('console.log("app")');

    const style = await fetch(`${server.url}/assets/app-3f2aB9xQ.css`);
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
    const head = await fetch(`${server.url}/assets/app-3f2aB9xQ.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('18');
    expect(head.headers.get('accept-ranges')).toBe('bytes');
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
    for (const path of ['/', '/assets/app-3f2aB9xQ.js', '/missing.png']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

/** A GET with exactly these headers (fetch would add Accept-Encoding and decode), the body as bytes. */
function getBytes(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

describe('lab static files: precompressed at build time, ranges, cache lifetimes', () => {
  let root: string;
  let server: TestServer;
  const script = `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `word${i % 50}`))};\n`;
  const tiny = 'x';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lab-precompressed-'));
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(
      join(root, 'index.html'),
      `<!doctype html><title>Heartwood</title>${'<p>hello</p>'.repeat(100)}`,
    );
    await writeFile(join(root, 'assets', 'index-Bx9_k2Qa.js'), script);
    await writeFile(join(root, 'assets', 'tiny-Cq81Zz_a.js'), tiny);
    await writeFile(
      join(root, 'assets', 'logo.svg'),
      `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(400)}</svg>`,
    );
    await precompressDir(root);
    server = await startTestServer({ store: storeWithoutData(), env: { WEB_DIR: root } });
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('writes .br and .gz siblings at build time, none for files too small to gain', async () => {
    expect((await readdir(join(root, 'assets'))).sort()).toEqual([
      'index-Bx9_k2Qa.js',
      'index-Bx9_k2Qa.js.br',
      'index-Bx9_k2Qa.js.gz',
      'logo.svg',
      'logo.svg.br',
      'logo.svg.gz',
      'tiny-Cq81Zz_a.js',
    ]);
  });

  it('sends brotli to a client that takes it, gzip to one that takes only gzip, identity otherwise', async () => {
    const url = `${server.url}/assets/index-Bx9_k2Qa.js`;
    const br = await getBytes(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(script.length / 5);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);

    const gzip = await getBytes(url, { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);
    expect(gzip.headers.etag).not.toBe(br.headers.etag);

    const plain = await getBytes(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(script);

    // A conditional request for the brotli representation answers 304.
    const again = await getBytes(url, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('serves index.html precompressed too, and revalidated', async () => {
    const page = await getBytes(`${server.url}/matches/1`, { 'accept-encoding': 'br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(page.body).toString()).toContain('<title>Heartwood</title>');
  });

  it('answers byte ranges of the file itself (206), 416 past its end, the whole file for a stale If-Range', async () => {
    const url = `${server.url}/assets/index-Bx9_k2Qa.js`;
    const first = await getBytes(url, { range: 'bytes=0-9', 'accept-encoding': 'br' });
    expect(first.status).toBe(206);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.headers['content-range']).toBe(`bytes 0-9/${script.length}`);
    expect(first.body.toString()).toBe(script.slice(0, 10));

    const suffix = await getBytes(url, { range: 'bytes=-5' });
    expect(suffix.status).toBe(206);
    expect(suffix.body.toString()).toBe(script.slice(-5));

    const open = await getBytes(url, { range: `bytes=${script.length - 3}-` });
    expect(open.body.toString()).toBe(script.slice(-3));

    const past = await getBytes(url, { range: `bytes=${script.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${script.length}`);

    const stale = await getBytes(url, { range: 'bytes=0-9', 'if-range': 'W/"stale"' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(script);

    const current = await getBytes(url, { range: 'bytes=0-9', 'if-range': String(first.headers.etag) });
    expect(current.status).toBe(206);
  });

  it('caches hashed assets for a year and revalidates everything else, unhashed files under /assets included', async () => {
    const hashed = await getBytes(`${server.url}/assets/index-Bx9_k2Qa.js`, {});
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const unhashed = await getBytes(`${server.url}/assets/logo.svg`, {});
    expect(unhashed.headers['cache-control']).toBe('no-cache');
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
