/** The two people of the browser specs: register with a profile, upload a photo, find each other on the deck. */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoSeriousAccessibilityViolations } from './axe';
import type { ViewportName } from './browser';
import { heading, overflowsHorizontally } from './page-helpers';
import { screenshot } from './screenshots';
/** A real 480x600 JPEG (6 KB); the server decodes it, strips metadata and writes WebP renditions. */
export const portrait = fileURLToPath(new URL('../fixtures/portrait.jpg', import.meta.url));

/** Names unique to this run: a server used for many runs has people from earlier runs in discovery. */
export const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

export interface Person {
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

export const newPerson = (
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

export const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** Every page the suite visits: axe (0 serious or critical), fits the screen, and a screenshot for review. */
export async function checkPage(person: Person, what: string) {
  const name = `${what} (${person.viewport})`;
  await screenshot(person.page, name);
  await expectNoSeriousAccessibilityViolations(person.page, name);
  expect(await overflowsHorizontally(person.page), `${what} fits the ${person.viewport} screen`).toBe(false);
}

export async function registerWithProfile(person: Person) {
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
export async function uploadPortrait(page: Page, expectedPhotos: number) {
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
export async function findOnDeck(page: Page, partner: Person) {
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
