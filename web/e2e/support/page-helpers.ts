import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The text a screen reader reads as the control's description: hint, counter and error (aria-describedby). */
export function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' '),
  );
}

export const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

/** Records every access token the API hands this page (register, login, refresh answers). */
export function recordAccessTokens(page: Page): string[] {
  const tokens: string[] = [];
  page.on('response', async (response) => {
    if (!/\/api\/auth\/(register|login|refresh)$/.test(new URL(response.url()).pathname) || !response.ok())
      return;
    const body: unknown = await response.json().catch(() => null);
    if (
      typeof body === 'object' &&
      body !== null &&
      'accessToken' in body &&
      typeof body.accessToken === 'string'
    ) {
      tokens.push(body.accessToken);
    }
  });
  return tokens;
}

/** Everything a script on the page could read back later: both storages and the non-HttpOnly cookies. */
export const scriptReadableText = (page: Page) =>
  page.evaluate(() =>
    [
      ...Object.entries(localStorage),
      ...Object.entries(sessionStorage),
      ['document.cookie', document.cookie],
    ].join('\n'),
  );

/** Fails when any recorded token (or the refresh cookie's name) can be read by page scripts. */
export async function expectNoTokenReadableByScripts(page: Page, tokens: readonly string[]): Promise<void> {
  expect(tokens.length, 'the API should have issued an access token by now').toBeGreaterThan(0);
  const readable = await scriptReadableText(page);
  for (const token of tokens) expect(readable).not.toContain(token);
  expect(readable).not.toContain('refresh_token');
}

/** True when the page scrolls sideways: a layout that does not fit a phone. */
export const overflowsHorizontally = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
