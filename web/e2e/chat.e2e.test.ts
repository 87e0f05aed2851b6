import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAccessibilityViolations } from './support/axe';
import { baseUrl, collectPageErrors, launchBrowser, type ViewportName, viewports } from './support/browser';
import { heading, overflowsHorizontally } from './support/page-helpers';
import { screenshot } from './support/screenshots';

/** A real 480x600 JPEG (6 KB); the server decodes it, strips metadata and writes WebP renditions. */
const portrait = fileURLToPath(new URL('./fixtures/portrait.jpg', import.meta.url));

/** Names unique to this run: a server used for many runs has people from earlier runs in discovery. */
const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

interface Person {
  viewport: ViewportName;
  email: string;
  password: string;
  name: string;
  birthDate: string;
  gender: 'Woman' | 'Man';
  lookingFor: 'Women' | 'Men';
  page: Page;
  errors: string[];
}

const newPerson = (
  viewport: ViewportName,
  name: string,
  birthDate: string,
  gender: Person['gender'],
  lookingFor: Person['lookingFor'],
): Omit<Person, 'page' | 'errors'> => ({
  viewport,
  email: `e2e-${name.toLowerCase()}-${run}@example.test`,
  password: `Lantern-${randomBytes(6).toString('hex')}-orbit`,
  name: `${name} ${run}`,
  birthDate,
  gender,
  lookingFor,
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** Every page the suite visits: axe (0 serious or critical), fits the screen, and a screenshot for review. */
async function checkPage(person: Person, what: string) {
  const name = `${what} (${person.viewport})`;
  await screenshot(person.page, name);
  await expectNoSeriousAccessibilityViolations(person.page, name);
  expect(await overflowsHorizontally(person.page), `${what} fits the ${person.viewport} screen`).toBe(false);
}

async function registerWithProfile(person: Person) {
  const { page } = person;
  await page.goto('/register');
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await heading(page, 'Create your profile').waitFor();
  await page.getByLabel('Display name', { exact: true }).fill(person.name);
  await page.getByLabel('Birth date', { exact: true }).fill(person.birthDate);
  await page.getByRole('radio', { name: person.gender, exact: true }).check();
  await page.getByRole('checkbox', { name: person.lookingFor, exact: true }).check();
  await page.getByLabel('From', { exact: true }).fill('25');
  await page.getByLabel('To', { exact: true }).fill('45');
  await page.getByLabel('Maximum distance', { exact: true }).fill('50');
  await page.getByLabel('Or choose a city', { exact: true }).selectOption('Berlin');
  await page
    .getByLabel('Bio', { exact: true })
    .fill(`Hello from ${person.name}. Coffee, trains and good books.`);
  const interest = page.getByRole('textbox', { name: 'Interests', exact: true });
  for (const tag of ['coffee', 'trains']) {
    await interest.fill(tag);
    await interest.press('Enter');
  }
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await heading(page, 'Home').waitFor();
}

/** Uploads the fixture through the file input and waits until the server has processed it. */
async function uploadPortrait(page: Page, expectedPhotos: number) {
  await page.getByLabel('Add photos').setInputFiles(portrait);
  const photos = page.getByRole('list', { name: 'Your photos' }).getByRole('img');
  await expect.poll(() => photos.count(), { timeout: 30_000 }).toBe(expectedPhotos);
  await expect.poll(() => page.getByText('Processing…').count(), { timeout: 30_000 }).toBe(0);
  // Loaded for real: the rendition is served from /media.
  await expect
    .poll(() => photos.last().evaluate((image) => (image as HTMLImageElement).naturalWidth), {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
}

/** Passes on anyone else (earlier runs' people) until the partner's card is on top. */
async function findOnDeck(page: Page, partner: Person) {
  const card = page.locator('article.candidate-card h2');
  for (let seen = 0; seen < 60; seen += 1) {
    await Promise.race([card.waitFor(), page.getByRole('heading', { name: 'No one new nearby' }).waitFor()]);
    if ((await card.count()) === 0) throw new Error(`${partner.name} never showed up in discovery`);
    const name = (await card.textContent()) ?? '';
    if (name.startsWith(`${partner.name},`)) return;
    await page.keyboard.press('p');
    await expect
      .poll(async () => (await card.count()) === 0 || (await card.textContent()) !== name)
      .toBe(true);
  }
  throw new Error(`${partner.name} was not among the first 60 people`);
}

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

  it('two matched people exchange a message live and see "Seen"', async () => {
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
    await ben.page.getByRole('dialog', { name: 'It’s a match!' }).waitFor();
    await ben.page.keyboard.press('Escape');

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
    expect(ada.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
