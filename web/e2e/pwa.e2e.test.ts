import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, browserArgs, collectPageErrors, viewports } from './support/browser';
import { heading } from './support/page-helpers';
import { newPerson, registerWithProfile } from './support/people';

/** What the service worker has cached: every request URL in every cache, as paths. */
const cachedPaths = (page: Page) =>
  page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths.sort();
  });

describe.skipIf(Boolean(process.env.E2E_SKIP_REASON))('installable app (PWA) in the browser', () => {
  let profileDir: string;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    // A profile on disk: Chromium never offers to install from an incognito context (what newContext makes).
    profileDir = await mkdtemp(join(tmpdir(), 'pwa-profile-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: browserArgs,
      ...viewports.phone,
      baseURL: baseUrl(),
    });
    page = context.pages()[0] ?? (await context.newPage());
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await context?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  it('registers the service worker, has a valid manifest and passes Chromium’s installability check', async () => {
    await page.goto('/');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${baseUrl()}/`);

    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest).toMatchObject({
      name: 'Heartwood',
      start_url: '/',
      display: 'standalone',
      theme_color: '#a3154d',
    });
    for (const icon of manifest.icons as { src: string; type: string }[]) {
      const response = await page.request.get(icon.src);
      expect(response.status(), icon.src).toBe(200);
      expect(response.headers()['content-type']).toBe(icon.type);
    }

    const cdp = await context.newCDPSession(page);
    const parsed = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(parsed.errors).toEqual([]);
    expect(parsed.url).toBe(`${baseUrl()}/manifest.webmanifest`);
    // Chromium decides installability once the worker controls the page.
    await page.reload();
    await expect
      .poll(
        async () => {
          const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
            installabilityErrors: { errorId: string }[];
          };
          return installabilityErrors.map((error) => error.errorId);
        },
        { timeout: 15_000 },
      )
      .toEqual([]);
  });

  it('shows "You’re offline" instead of the browser’s error page, and never caches /api or /media', async () => {
    const person = { ...newPerson('phone', 'Pia', '1993-01-02', 'Woman', 'Men'), page, errors };
    await registerWithProfile(person);
    await page.goto('/matches');
    await heading(page, 'Matches').waitFor();
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

    await context.setOffline(true);
    await page.goto('/discover').catch(() => undefined);
    await page.getByRole('heading', { name: 'You’re offline' }).waitFor();
    await context.setOffline(false);

    const cached = await cachedPaths(page);
    expect(cached.length).toBeGreaterThan(0);
    expect(cached.filter((path) => path.startsWith('/api') || path.startsWith('/media'))).toEqual([]);
    expect(cached).toEqual(['/icons/icon-192.png', '/icons/icon.svg', '/offline.html']);
    expect(errors.filter((error) => !error.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });
});
