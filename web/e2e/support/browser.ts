import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's chromium (playwright's own browser download does not work on these machines). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: browserArgs,
  });
}

export const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
} satisfies Record<string, BrowserContextOptions>;

export type ViewportName = keyof typeof viewports;

/** The server under test (the lead's test server, or `npm start`); the specs build and start nothing. */
export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (process.env.E2E_SKIP_REASON) throw new Error(process.env.E2E_SKIP_REASON);
  if (!url) throw new Error('Set E2E_BASE_URL to the running app, e.g. E2E_BASE_URL=http://localhost:8080');
  return url.replace(/\/+$/, '');
}

/**
 * Uncaught exceptions and console errors of a page, to assert there were none. Chromium also logs every
 * 4xx answer ("Failed to load resource"); those are expected (a refused refresh, a wrong password) and skipped.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}
