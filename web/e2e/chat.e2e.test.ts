import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, collectPageErrors, launchBrowser, viewports } from './support/browser';
import { heading } from './support/page-helpers';
import {
  checkPage,
  findOnDeck,
  nav,
  newPerson,
  type Person,
  registerWithProfile,
  uploadPortrait,
} from './support/people';

describe.skipIf(Boolean(process.env.E2E_SKIP_REASON))('chat in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let ada: Person;
  let ben: Person;

  async function open(person: Omit<Person, 'page' | 'errors'>): Promise<Person> {
    const context = await browser.newContext({ ...viewports[person.viewport], baseURL: baseUrl() });
    contexts.push(context);
    const page = await context.newPage();
    return { ...person, page, errors: collectPageErrors(page) };
  }

  beforeAll(async () => {
    baseUrl();
    browser = await launchBrowser();
    ada = await open(newPerson('desktop', 'Ada', '1991-02-03', 'Woman', 'Men'));
    ben = await open(newPerson('phone', 'Ben', '1989-07-08', 'Man', 'Women'));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('two matched people exchange a message live and see "Seen", also after a reload', async () => {
    for (const person of [ada, ben]) {
      await registerWithProfile(person);
      await nav(person.page, 'Photos').click();
      await heading(person.page, 'Your photos').waitFor();
      await uploadPortrait(person.page, 1);
    }
    for (const [person, partner] of [
      [ada, ben],
      [ben, ada],
    ] as const) {
      await nav(person.page, 'Discover').click();
      await heading(person.page, 'Discover').waitFor();
      await findOnDeck(person.page, partner);
      await person.page.getByRole('button', { name: `Like ${partner.name}` }).click();
    }
    // Both see "It's a match": Ben from his like's answer, Ada (who liked first) from the live event.
    for (const person of [ben, ada]) {
      await person.page.getByRole('dialog', { name: 'It’s a match!' }).waitFor();
      await person.page.keyboard.press('Escape');
    }

    for (const [person, partner] of [
      [ada, ben],
      [ben, ada],
    ] as const) {
      await nav(person.page, 'Matches').click();
      await heading(person.page, 'Matches').waitFor();
      await person.page.getByRole('link', { name: `Message ${partner.name}` }).click();
      await heading(person.page, `Chat with ${partner.name}`).waitFor();
      await person.page.getByText(`Say hello to ${partner.name}!`).waitFor();
    }
    await checkPage(ada, 'chat, empty');

    const composer = ada.page.getByLabel('Message', { exact: true });
    await composer.fill('Hi Ben! Coffee this week?');
    await ben.page.getByText(`${ada.name} is typing…`).waitFor();
    await composer.press('Enter');
    const benLog = ben.page.getByRole('log');
    await benLog.getByText('Hi Ben! Coffee this week?').waitFor();
    await ada.page.getByRole('log').getByText('Seen', { exact: true }).waitFor();
    expect(await ada.page.getByText('Sending…').count()).toBe(0);

    await ben.page.getByLabel('Message', { exact: true }).fill('Gladly!');
    await ben.page.getByRole('button', { name: 'Send', exact: true }).click();
    await ada.page.getByRole('log').getByText('Gladly!').waitFor();
    await checkPage(ada, 'chat');
    await checkPage(ben, 'chat');

    // After a reload "Seen" comes from the API (the other side's read marker), not from a live event.
    await ada.page.reload();
    await heading(ada.page, `Chat with ${ben.name}`).waitFor();
    const adaBubble = (text: string) =>
      ada.page.getByRole('log').getByRole('listitem').filter({ hasText: text });
    await adaBubble('Hi Ben! Coffee this week?').getByText('Seen', { exact: true }).waitFor();

    // Ben's matches list follows the conversation live: the new message's preview and an unread badge.
    await nav(ben.page, 'Matches').click();
    await heading(ben.page, 'Matches').waitFor();
    const adaRow = ben.page
      .getByRole('list', { name: 'Your matches' })
      .getByRole('listitem')
      .filter({ hasText: ada.name });
    await adaRow.waitFor();
    await ada.page.getByLabel('Message', { exact: true }).fill('See you at five?');
    await ada.page.getByLabel('Message', { exact: true }).press('Enter');
    await adaRow.getByText('See you at five?').waitFor();
    await adaRow.locator('.badge', { hasText: '1 unread message' }).waitFor();
    await adaRow.getByRole('link', { name: `Message ${ada.name}` }).click();
    await ben.page.getByRole('log').getByText('See you at five?').waitFor();
    await nav(ben.page, 'Matches').click();
    await adaRow.getByText('See you at five?').waitFor();
    await adaRow.locator('.badge').waitFor({ state: 'detached' });
    expect(ada.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
