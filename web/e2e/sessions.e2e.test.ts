import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, collectPageErrors, launchBrowser, type ViewportName, viewports } from './support/browser';
import { heading } from './support/page-helpers';
import { newPerson, type Person, registerWithProfile } from './support/people';

describe.skipIf(Boolean(process.env.E2E_SKIP_REASON))('sessions in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function openPage(viewport: ViewportName) {
    const context = await browser.newContext({ ...viewports[viewport], baseURL: baseUrl() });
    contexts.push(context);
    const page = await context.newPage();
    return { page, errors: collectPageErrors(page) };
  }

  beforeAll(async () => {
    baseUrl();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('ends the other browser’s session from Settings (one, then everywhere else), and that browser ends up logged out', async () => {
    const laptop: Person = {
      ...newPerson('desktop', 'Sessions', '1990-04-12', 'Woman', 'Men'),
      ...(await openPage('desktop')),
    };
    await registerWithProfile(laptop);

    // The same account in a second browser (its own cookie jar): a second session.
    const phone = await openPage('phone');
    await phone.page.goto('/login');
    await phone.page.getByLabel('Email', { exact: true }).fill(laptop.email);
    await phone.page.getByLabel('Password', { exact: true }).fill(laptop.password);
    await phone.page.getByRole('button', { name: 'Log in' }).click();
    await heading(phone.page, 'Home').waitFor();

    await laptop.page.goto('/settings');
    await heading(laptop.page, 'Settings').waitFor();
    const sessions = laptop.page.getByRole('list', { name: 'Sessions' });
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    await sessions.getByText('(this device)').waitFor();
    await sessions.getByRole('button', { name: /^Log out / }).click();
    await laptop.page.getByText(/is logged out\.$/).waitFor();
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(1);

    // The phone's live connection closes, it cannot reconnect nor refresh: it lands on the login page.
    await phone.page.waitForURL('**/login', { timeout: 30_000 });
    await heading(phone.page, 'Log in').waitFor();
    // The laptop is still logged in.
    await laptop.page.reload();
    await heading(laptop.page, 'Settings').waitFor();

    // The phone logs in again; "Log out everywhere else" ends it once more and keeps the laptop.
    await phone.page.getByLabel('Email', { exact: true }).fill(laptop.email);
    await phone.page.getByLabel('Password', { exact: true }).fill(laptop.password);
    await phone.page.getByRole('button', { name: 'Log in' }).click();
    await heading(phone.page, 'Home').waitFor();
    await laptop.page.reload();
    await heading(laptop.page, 'Settings').waitFor();
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    await laptop.page.getByRole('button', { name: 'Log out everywhere else' }).click();
    await laptop.page.getByText('You are not logged in anywhere else.').waitFor();
    await phone.page.waitForURL('**/login', { timeout: 30_000 });
    await heading(phone.page, 'Log in').waitFor();
    await laptop.page.reload();
    await heading(laptop.page, 'Settings').waitFor();
    expect(laptop.errors).toEqual([]);
  });
});
