import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, collectPageErrors, launchBrowser, viewports } from './support/browser';
import { descriptionOf, heading } from './support/page-helpers';
import {
  checkPage,
  findOnDeck,
  nav,
  newPerson,
  type Person,
  registerWithProfile,
  uploadPortrait,
} from './support/people';

describe.skipIf(Boolean(process.env.E2E_SKIP_REASON))('live notifications in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let ivy: Person;
  let jon: Person;

  async function open(person: Omit<Person, 'page' | 'errors'>): Promise<Person> {
    const context = await browser.newContext({ ...viewports[person.viewport], baseURL: baseUrl() });
    contexts.push(context);
    const page = await context.newPage();
    return { ...person, page, errors: collectPageErrors(page) };
  }

  beforeAll(async () => {
    baseUrl();
    browser = await launchBrowser();
    ivy = await open(newPerson('desktop', 'Ivy', '1990-05-06', 'Woman', 'Men'));
    jon = await open(newPerson('phone', 'Jon', '1988-09-10', 'Man', 'Women'));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the first liker sees "It’s a match" live on another page; badge, title and a toast follow a message', async () => {
    for (const person of [ivy, jon]) {
      await registerWithProfile(person);
      await nav(person.page, 'Photos').click();
      await heading(person.page, 'Your photos').waitFor();
      await uploadPortrait(person.page, 1);
    }
    // Ivy likes Jon first, then goes on to her photos.
    await nav(ivy.page, 'Discover').click();
    await findOnDeck(ivy.page, jon);
    await ivy.page.getByRole('button', { name: `Like ${jon.name}` }).click();
    await ivy.page.getByRole('status').getByText(`You liked ${jon.name}.`).waitFor();
    await nav(ivy.page, 'Photos').click();
    await heading(ivy.page, 'Your photos').waitFor();
    const matchesLink = nav(ivy.page, 'Matches');
    const badge = matchesLink.getByTestId('matches-badge');
    expect(await badge.count()).toBe(0);
    expect(await ivy.page.title()).toMatch(/^Your photos · /);

    // Jon likes her back: Ivy, on her Photos page, is told at once.
    await nav(jon.page, 'Discover').click();
    await findOnDeck(jon.page, ivy);
    await jon.page.getByRole('button', { name: `Like ${ivy.name}` }).click();
    const ivyDialog = ivy.page.getByRole('dialog', { name: 'It’s a match!' });
    await ivyDialog.getByText(`You and ${jon.name} like each other.`).waitFor();
    await ivyDialog.getByRole('button', { name: 'Keep looking' }).waitFor();
    await checkPage(ivy, 'match dialog on another page');
    await ivyDialog.getByRole('button', { name: 'Keep looking' }).click();
    await expect.poll(() => ivyDialog.count()).toBe(0);
    await heading(ivy.page, 'Your photos').waitFor();

    // One new match: the badge on Matches, its meaning for screen readers, the count in the title.
    await badge.waitFor();
    expect(await badge.textContent()).toBe('1');
    expect(await descriptionOf(matchesLink)).toBe('1 new match');
    await expect.poll(() => ivy.page.title()).toMatch(/^\(1\) Your photos · /);

    // Jon takes the dialog's way to the chat and writes.
    const jonDialog = jon.page.getByRole('dialog', { name: 'It’s a match!' });
    await jonDialog.getByRole('link', { name: 'Send a message' }).click();
    await heading(jon.page, `Chat with ${ivy.name}`).waitFor();
    await jon.page
      .getByLabel('Message', { exact: true })
      .fill('Hi Ivy! Fancy a walk by the river on Sunday?');
    await jon.page.getByLabel('Message', { exact: true }).press('Enter');

    // Ivy is still on Photos: a toast with his name and words, the badge now counts an unread conversation.
    const toast = ivy.page.locator('.toast');
    await toast.getByText('Hi Ivy! Fancy a walk by the river on Sunday?').waitFor();
    expect(await toast.locator('strong').textContent()).toBe(jon.name);
    await expect.poll(() => descriptionOf(matchesLink)).toBe('1 unread conversation');
    expect(await badge.textContent()).toBe('1');
    await expect.poll(() => ivy.page.title()).toMatch(/^\(1\) Your photos · /);
    await checkPage(ivy, 'message toast');

    // Reply opens the chat; reading it clears the badge and the title's count.
    await toast.getByRole('link', { name: 'Reply' }).click();
    await heading(ivy.page, `Chat with ${jon.name}`).waitFor();
    await ivy.page.getByRole('log').getByText('Hi Ivy! Fancy a walk by the river on Sunday?').waitFor();
    await badge.waitFor({ state: 'detached' });
    await expect.poll(() => ivy.page.title()).toMatch(/^Chat with/);

    // A message to the open chat is not toasted.
    await jon.page.getByLabel('Message', { exact: true }).fill('Say at ten?');
    await jon.page.getByLabel('Message', { exact: true }).press('Enter');
    await ivy.page.getByRole('log').getByText('Say at ten?').waitFor();
    expect(await toast.count()).toBe(0);
    expect(ivy.errors).toEqual([]);
    expect(jon.errors).toEqual([]);
  });
});
