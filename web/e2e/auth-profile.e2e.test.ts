import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAccessibilityViolations } from './support/axe';
import { baseUrl, collectPageErrors, launchBrowser, type ViewportName, viewports } from './support/browser';
import {
  descriptionOf,
  expectNoTokenReadableByScripts,
  heading,
  overflowsHorizontally,
  recordAccessTokens,
} from './support/page-helpers';

/** One new account per run; the phone test logs in to it again. */
const account = {
  email: `e2e-${Date.now()}-${randomBytes(3).toString('hex')}@example.test`,
  password: `Lantern-${randomBytes(6).toString('hex')}-orbit`,
};

describe.skipIf(Boolean(process.env.E2E_SKIP_REASON))('auth and profile in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function openPage(viewport: ViewportName, options: Parameters<Browser['newContext']>[0] = {}) {
    const context = await browser.newContext({ ...viewports[viewport], ...options, baseURL: baseUrl() });
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

  it('registers, fills the profile, stays logged in across a reload, and logs out (desktop)', async () => {
    const { page, errors } = await openPage('desktop');
    const tokens = recordAccessTokens(page);

    await page.goto('/register');
    await heading(page, 'Create your account').waitFor();
    await expectNoSeriousAccessibilityViolations(page, 'register (desktop)');

    // Checked in the browser first, with the contract's rules.
    await page.getByRole('button', { name: 'Create account' }).click();
    const email = page.getByLabel('Email', { exact: true });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(email)).toContain('Enter an email address');
    expect(await email.evaluate((element) => element === document.activeElement)).toBe(true);

    // A rule only the server knows: its field error appears next to the password.
    await email.fill(account.email);
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => descriptionOf(password)).toContain('too common');
    expect(await password.getAttribute('aria-invalid')).toBe('true');

    await password.fill(account.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/onboarding');
    await heading(page, 'Create your profile').waitFor();
    await expectNoTokenReadableByScripts(page, tokens);

    await page.getByLabel('Display name', { exact: true }).waitFor();
    await expectNoSeriousAccessibilityViolations(page, 'onboarding profile editor (desktop)');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const displayName = page.getByLabel('Display name', { exact: true });
    await expect.poll(() => descriptionOf(displayName)).toContain('Required');
    await expectNoSeriousAccessibilityViolations(page, 'profile editor showing errors (desktop)');

    await fillProfile(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await heading(page, 'Home').waitFor();
    await page.getByText(`Signed in as ${account.email}.`).waitFor();

    // The access token lived in memory only; the HttpOnly refresh cookie brings the session back.
    await page.reload();
    await heading(page, 'Home').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect
      .poll(() => tokens.length, { message: 'the reload restores the session by a refresh' })
      .toBe(2);
    await expectNoTokenReadableByScripts(page, tokens);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
    await heading(page, 'Your profile').waitFor();
    expect(await page.getByLabel('Display name', { exact: true }).inputValue()).toBe('Ada Lovelace');
    expect(await page.getByLabel('Or choose a city', { exact: true }).inputValue()).toBe('Berlin');
    expect(await page.getByLabel('Your answer to question 1', { exact: true }).inputValue()).toBe(
      'Analytical engines.',
    );
    await page.getByRole('list', { name: 'Your interests' }).getByText('mathematics').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await heading(page, 'Log in').waitFor();
    await expectNoSeriousAccessibilityViolations(page, 'login (desktop)');

    // The cookie is gone too: a reload and a protected page both end on the login page.
    await page.goto('/profile');
    await page.waitForURL('**/login');
    await heading(page, 'Log in').waitFor();
    expect(errors).toEqual([]);
  });

  it('logs in on a phone, fits the screen, and saves the device location (phone)', async () => {
    const potsdam = { latitude: 52.390_569, longitude: 13.064_473 };
    const { page, errors } = await openPage('phone', { geolocation: potsdam, permissions: ['geolocation'] });

    await page.goto('/register');
    await heading(page, 'Create your account').waitFor();
    await expectNoSeriousAccessibilityViolations(page, 'register (phone)');
    expect(await overflowsHorizontally(page)).toBe(false);

    await page.getByRole('link', { name: 'Log in' }).click();
    await heading(page, 'Log in').waitFor();
    await expectNoSeriousAccessibilityViolations(page, 'login (phone)');

    await page.getByLabel('Email', { exact: true }).fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('Email or password is incorrect').waitFor();

    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading(page, 'Home').waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
    await heading(page, 'Your profile').waitFor();
    await page.getByLabel('Display name', { exact: true }).waitFor();
    await expectNoSeriousAccessibilityViolations(page, 'profile editor (phone)');
    expect(await overflowsHorizontally(page)).toBe(false);

    await page.getByRole('button', { name: 'Use my current location' }).click();
    await page.getByText('Using your current location.').waitFor();
    expect(await page.getByLabel('Or choose a city', { exact: true }).inputValue()).toBe('current');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Your profile is saved.').waitFor();

    await page.reload();
    await heading(page, 'Your profile').waitFor();
    await page.getByLabel('Display name', { exact: true }).waitFor();
    expect(await page.getByLabel('Or choose a city', { exact: true }).inputValue()).toBe('current');
    expect(errors).toEqual([]);
  });
});

async function fillProfile(page: Page) {
  await page.getByLabel('Display name', { exact: true }).fill('Ada Lovelace');
  await page.getByLabel('Birth date', { exact: true }).fill('1990-05-17');
  await page.getByRole('radio', { name: 'Woman', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Men', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Nonbinary people' }).check();
  await page.getByLabel('From', { exact: true }).fill('28');
  await page.getByLabel('To', { exact: true }).fill('45');
  await page.getByLabel('Maximum distance', { exact: true }).fill('80');
  await page.getByLabel('Or choose a city', { exact: true }).selectOption('Berlin');
  const bio = 'Poetical scientist. I like engines, opera and long walks.';
  await page.getByLabel('Bio', { exact: true }).fill(bio);
  expect(await descriptionOf(page.getByLabel('Bio', { exact: true }))).toContain(`${bio.length} of 500`);

  const interest = page.getByRole('textbox', { name: 'Interests', exact: true });
  for (const tag of ['Mathematics', 'opera', 'walking']) {
    await interest.fill(tag);
    await interest.press('Enter');
  }
  await page.getByRole('list', { name: 'Your interests' }).getByText('mathematics').waitFor();

  await page.getByRole('button', { name: 'Add a prompt' }).click();
  await page.getByLabel('Question 1', { exact: true }).selectOption('I geek out on…');
  await page.getByLabel('Your answer to question 1', { exact: true }).fill('Analytical engines.');
}
