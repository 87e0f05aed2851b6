import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAccessibilityViolations } from './support/axe';
import { collectPageErrors, launchBrowser, type ViewportName, viewports } from './support/browser';
import { linkFromOutbox } from './support/outbox';
import { descriptionOf, heading, overflowsHorizontally } from './support/page-helpers';
import { nav, newPerson, registerWithProfile } from './support/people';
import { screenshot } from './support/screenshots';
import { type E2eServer, ownServerSkipReason, startE2eServer } from './support/servers';

const skipReason = ownServerSkipReason();
/** Each test starts a server (PGlite, migrations) and walks a whole flow: about a minute on a loaded machine. */
const OWN_SERVER_TEST_TIMEOUT = 240_000;

/** A screenshot for review, axe (0 serious or critical) and no sideways scrolling. */
async function checkPage(page: Page, what: string) {
  await screenshot(page, what);
  await expectNoSeriousAccessibilityViolations(page, what);
  expect(await overflowsHorizontally(page), `${what} fits the screen`).toBe(false);
}
if (skipReason) console.warn(`Skipping the account mail browser tests: ${skipReason}`);

/**
 * The account mail flows as a person goes through them: the link is read from the laptop outbox (the `.eml`
 * files a server without SMTP_URL writes), then opened in the browser. Each test has a server of its own, with
 * the settings it is about.
 */
describe.skipIf(skipReason !== null)('account mail in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const servers: E2eServer[] = [];

  async function openPage(server: E2eServer, viewport: ViewportName) {
    const context = await browser.newContext({ ...viewports[viewport], baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    return { page, errors: collectPageErrors(page) };
  }

  async function serverWith(env: Record<string, string> = {}) {
    const server = await startE2eServer(env);
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    for (const server of servers) await server.close();
  });

  it(
    'resets a forgotten password with the mailed link, which then works no more',
    async () => {
      const server = await serverWith();
      const person = newPerson('desktop', 'Reset', '1988-02-03', 'Woman', 'Men');
      const before = await openPage(server, 'desktop');
      await before.page.goto('/register');
      await before.page.getByLabel('Email', { exact: true }).fill(person.email);
      await before.page.getByLabel('Password', { exact: true }).fill(person.password);
      await before.page.getByRole('button', { name: 'Create account' }).click();
      await heading(before.page, 'Create your profile').waitFor();

      // Another browser, where the password is forgotten.
      const { page, errors } = await openPage(server, 'phone');
      await page.goto('/login');
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await heading(page, 'Reset your password').waitFor();
      await checkPage(page, 'forgot password (phone)');
      await page.getByLabel('Email', { exact: true }).fill(person.email);
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await page.getByText('If an account exists for that address, we sent a link').waitFor();
      // An address without an account gets the same answer.
      await page.getByRole('button', { name: 'Use another address' }).click();
      await page.getByLabel('Email', { exact: true }).fill(`nobody-${person.email}`);
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await page.getByText('If an account exists for that address, we sent a link').waitFor();

      const link = await linkFromOutbox(server.outboxDir, person.email, '/reset-password');
      await page.goto(link);
      await heading(page, 'Choose a new password').waitFor();
      // The token left the address bar as the page opened.
      expect(new URL(page.url()).search).toBe('');
      await checkPage(page, 'reset password (phone)');
      // The registration policy, including the rule only the server knows.
      await page.getByLabel('New password', { exact: true }).fill('password');
      await page.getByLabel('Repeat the new password', { exact: true }).fill('password');
      await page.getByRole('button', { name: 'Set new password' }).click();
      await expect
        .poll(() => descriptionOf(page.getByLabel('New password', { exact: true })))
        .toContain('too common');
      const newPassword = `${person.password}-renewed`;
      await page.getByLabel('New password', { exact: true }).fill(newPassword);
      await page.getByLabel('Repeat the new password', { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: 'Set new password' }).click();

      await heading(page, 'Log in').waitFor();
      await page.getByText('Your password is changed.').waitFor();
      await page.getByLabel('Email', { exact: true }).fill(person.email);
      await page.getByLabel('Password', { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: 'Log in' }).click();
      await heading(page, 'Create your profile').waitFor();

      // The reset ended the first browser's session.
      await before.page.reload();
      await heading(before.page, 'Log in').waitFor();
      // The old password is gone.
      await before.page.getByLabel('Email', { exact: true }).fill(person.email);
      await before.page.getByLabel('Password', { exact: true }).fill(person.password);
      await before.page.getByRole('button', { name: 'Log in' }).click();
      await before.page.getByRole('alert').waitFor();
      expect(await heading(before.page, 'Log in').isVisible()).toBe(true);

      // The link worked once.
      await before.page.goto(link);
      await before.page.getByLabel('New password', { exact: true }).fill(`${newPassword}-again`);
      await before.page.getByLabel('Repeat the new password', { exact: true }).fill(`${newPassword}-again`);
      await before.page.getByRole('button', { name: 'Set new password' }).click();
      await before.page.getByText('This link has expired or was already used').waitFor();
      await checkPage(before.page, 'reset password, used link (desktop)');
      expect(errors).toEqual([]);
    },
    OWN_SERVER_TEST_TIMEOUT,
  );

  it(
    'confirms an address with the mailed link where the server requires it: banner before, discover after',
    async () => {
      const server = await serverWith({ EMAIL_VERIFICATION: 'required' });
      const person = {
        ...newPerson('desktop', 'Verify', '1991-06-07', 'Man', 'Women'),
        ...(await openPage(server, 'desktop')),
      };
      const { page } = person;
      await registerWithProfile(person);

      const banner = page.getByRole('region', { name: 'Confirm your email address' });
      await banner.waitFor();
      await checkPage(page, 'home with the verification banner (desktop)');
      await nav(page, 'Discover').click();
      await page.getByText('Confirm your email address to see people near you.').waitFor();

      const first = await linkFromOutbox(server.outboxDir, person.email, '/verify-email');
      await banner.getByRole('button', { name: 'Resend the link' }).click();
      await banner.getByText('Sent. Check your inbox').waitFor();
      await checkPage(page, 'discover while unverified, link resent (desktop)');
      const resent = await linkFromOutbox(server.outboxDir, person.email, '/verify-email', [first]);

      await page.goto(resent);
      await page.getByText('Your email address is confirmed').waitFor();
      expect(new URL(page.url()).search).toBe('');
      await checkPage(page, 'email confirmed (desktop)');
      await page.getByRole('link', { name: 'Continue to the app' }).click();
      await heading(page, 'Home').waitFor();
      expect(await banner.count()).toBe(0);

      await nav(page, 'Discover').click();
      await heading(page, 'Discover').waitFor();
      await expect
        .poll(
          async () =>
            (await page.locator('article.candidate-card').count()) +
            (await page.getByRole('heading', { name: 'No one new nearby' }).count()),
        )
        .toBeGreaterThan(0);
      expect(await page.getByText('Confirm your email address to see people near you.').count()).toBe(0);

      // A new address: pending until the link mailed to it is opened.
      const newEmail = person.email.replace(/^e2e-/, 'e2e-moved-');
      await nav(page, 'Settings').click();
      await heading(page, 'Settings').waitFor();
      const changeEmail = page.getByRole('form', { name: 'Change your email address' });
      await changeEmail.getByLabel('New email address', { exact: true }).fill(newEmail);
      await changeEmail.getByLabel('Your password', { exact: true }).fill(person.password);
      await changeEmail.getByRole('button', { name: 'Change email' }).click();
      await page.getByText(`Waiting for confirmation: ${newEmail}.`).waitFor();
      await checkPage(page, 'settings with a pending email change (desktop)');
      await page.goto(await linkFromOutbox(server.outboxDir, newEmail, '/verify-email'));
      await page.getByText(`${newEmail} is the address of your account now.`).waitFor();
      await page.goto('/settings');
      await page.getByText(`You log in with ${newEmail}.`).waitFor();
      expect(await page.getByText('Waiting for confirmation').count()).toBe(0);
      expect(person.errors).toEqual([]);
    },
    OWN_SERVER_TEST_TIMEOUT,
  );
});
