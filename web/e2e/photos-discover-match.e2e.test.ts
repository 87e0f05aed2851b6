import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousAccessibilityViolations } from './support/axe';
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
import { screenshot } from './support/screenshots';

/** On a fresh server the partner was the only one: the deck is empty (a reused server has earlier runs' people). */
async function checkDiscoverEmptyState(person: Person) {
  const empty = person.page.getByRole('heading', { name: 'No one new nearby' });
  await Promise.race([empty.waitFor(), person.page.locator('article.candidate-card').waitFor()]);
  if ((await empty.count()) === 0) return;
  await person.page.getByRole('link', { name: 'Edit your preferences' }).waitFor();
  await checkPage(person, 'discover, empty');
}

describe.skipIf(Boolean(process.env.E2E_SKIP_REASON))('photos, discovery and matching in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  // Grace uses a desktop browser and Alan a phone: every page is checked at both sizes.
  let grace: Person;
  let alan: Person;

  async function open(person: Omit<Person, 'page' | 'errors'>): Promise<Person> {
    const context = await browser.newContext({ ...viewports[person.viewport], baseURL: baseUrl() });
    contexts.push(context);
    const page = await context.newPage();
    return { ...person, page, errors: collectPageErrors(page) };
  }

  beforeAll(async () => {
    baseUrl();
    browser = await launchBrowser();
    grace = await open(newPerson('desktop', 'Grace', '1992-03-04', 'Woman', 'Men'));
    alan = await open(newPerson('phone', 'Alan', '1990-06-23', 'Man', 'Women'));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('both register with complementary profiles in the same city and upload a photo', async () => {
    for (const person of [grace, alan]) {
      const { page } = person;
      await registerWithProfile(person);
      await nav(page, 'Photos').click();
      await heading(page, 'Your photos').waitFor();
      await page.getByText('No photos yet.').waitFor();
      await checkPage(person, 'photos, empty');

      // Checked in the browser before anything is sent.
      await page.getByLabel('Add photos').setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('not a photo'),
      });
      await page.getByRole('alert').getByText('“notes.txt” is not a JPEG, PNG or WebP image.').waitFor();
      await page.getByRole('button', { name: 'Dismiss' }).click();

      await uploadPortrait(page, 1);
      await page.getByText('Main photo', { exact: true }).waitFor();
      expect(await page.getByText('1 of 6 photos').count()).toBe(1);
      await checkPage(person, 'photos with a photo');
    }
  });

  it('reorders photos by keyboard and by drag, announces it, keeps the order, deletes (desktop)', async () => {
    const { page } = grace;
    await uploadPortrait(page, 2);
    const images = page.getByRole('list', { name: 'Your photos' }).getByRole('img');
    const order = () => images.evaluateAll((all) => all.map((image) => image.getAttribute('src')));
    const original = await order();
    const swapped = [original[1], original[0]];

    const moveEarlier = page.getByRole('button', { name: 'Move photo 2 earlier' });
    await moveEarlier.focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText('Moved to position 1 of 2. It is now your main photo.')
      .waitFor();
    // Focus followed the photo to its new place; at the start "earlier" is disabled, so focus is on "later".
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Move photo 1 later');
    await expect.poll(order).toEqual(swapped);
    await checkPage(grace, 'photos, reordered');
    await page.reload();
    await heading(page, 'Your photos').waitFor();
    await expect.poll(order).toEqual(swapped);

    // Drag and drop the second photo onto the first: back to the original order, kept after a reload.
    await page
      .getByRole('listitem', { name: 'Photo 2 of 2' })
      .dragTo(page.getByRole('listitem', { name: 'Photo 1 of 2' }));
    await expect.poll(order).toEqual(original);
    await page.reload();
    await heading(page, 'Your photos').waitFor();
    await expect.poll(order).toEqual(original);

    // Deleting asks first; Escape keeps the photo and returns focus to the button.
    const deleteSecond = page.getByRole('button', { name: 'Delete photo 2' });
    await deleteSecond.click();
    const dialog = page.getByRole('dialog', { name: 'Delete this photo?' });
    await dialog.waitFor();
    await screenshot(page, 'delete photo dialog (desktop)');
    await expectNoSeriousAccessibilityViolations(page, 'delete photo dialog (desktop)');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await deleteSecond.evaluate((button) => button === document.activeElement)).toBe(true);
    await deleteSecond.click();
    await dialog.getByRole('button', { name: 'Delete photo' }).click();
    await expect.poll(() => images.count()).toBe(1);
    await page.getByRole('status').getByText('The photo is deleted.').waitFor();
    expect(await order()).toEqual([original[0]]);
  });

  it('they discover each other, like (keyboard and button), and both see the match', async () => {
    // Grace likes Alan with the keyboard shortcut.
    await nav(grace.page, 'Discover').click();
    await heading(grace.page, 'Discover').waitFor();
    await findOnDeck(grace.page, alan);
    await grace.page.getByText('to like').waitFor();
    await checkPage(grace, 'discover card');
    const card = grace.page.getByRole('article', { name: new RegExp(`^${alan.name}`) });
    expect(await card.getByRole('img', { name: alan.name }).count()).toBe(1);
    await card.getByText(/^(Less than 1|\d+) km away$/).waitFor();
    await grace.page.keyboard.press('ArrowRight');
    await grace.page.getByRole('status').getByText(`You liked ${alan.name}.`).waitFor();
    await expect.poll(() => card.count()).toBe(0);
    await checkDiscoverEmptyState(grace);

    // Alan likes Grace with the button: it is mutual.
    const { page } = alan;
    await nav(page, 'Discover').click();
    await heading(page, 'Discover').waitFor();
    await findOnDeck(page, grace);
    await checkPage(alan, 'discover card');
    const like = page.getByRole('button', { name: `Like ${grace.name}` });

    // Over the swipe limit (simulated for one request): a polite pause, the card stays, then on again.
    await page.route(
      '**/api/swipes',
      (route) =>
        route.fulfill({
          status: 429,
          headers: { 'retry-after': '2', 'content-type': 'application/json' },
          body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many attempts' } }),
        }),
      { times: 1 },
    );
    await like.click();
    await page.getByText('you can carry on in about 2 seconds').waitFor();
    await page.getByRole('article', { name: new RegExp(`^${grace.name}`) }).waitFor();
    expect(await like.isDisabled()).toBe(true);
    await expect.poll(() => like.isEnabled(), { timeout: 10_000 }).toBe(true);

    await like.click();
    const dialog = page.getByRole('dialog', { name: 'It’s a match!' });
    await dialog.waitFor();
    await dialog.getByText(`You and ${grace.name} like each other.`).waitFor();
    await screenshot(page, 'match dialog (phone)');
    await expectNoSeriousAccessibilityViolations(page, 'match dialog (phone)');
    const sendMessage = dialog.getByRole('link', { name: 'Send a message' });
    expect(await sendMessage.evaluate((link) => link === document.activeElement)).toBe(true);
    // Focus stays inside the modal.
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('Tab');
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await checkDiscoverEmptyState(alan);

    // Alan's matches, then her profile.
    await nav(page, 'Matches').click();
    await heading(page, 'Matches').waitFor();
    const toGrace = page.getByRole('link', { name: new RegExp(`^${grace.name}`) });
    await toGrace.waitFor();
    await checkPage(alan, 'matches');
    await toGrace.click();
    await heading(page, grace.name).waitFor();
    await page.getByRole('img', { name: grace.name, exact: true }).waitFor();
    await checkPage(alan, 'match profile');

    // Grace, who liked first, sees the match too: live, on the page she is on.
    const graceDialog = grace.page.getByRole('dialog', { name: 'It’s a match!' });
    await graceDialog.getByText(`You and ${alan.name} like each other.`).waitFor();
    await graceDialog.getByRole('button', { name: 'Keep looking' }).click();
    await expect.poll(() => graceDialog.count()).toBe(0);
    await nav(grace.page, 'Matches').click();
    await heading(grace.page, 'Matches').waitFor();
    const toAlan = grace.page.getByRole('link', { name: new RegExp(`^${alan.name}`) });
    await toAlan.waitFor();
    await checkPage(grace, 'matches');
    await toAlan.click();
    await heading(grace.page, alan.name).waitFor();
    await checkPage(grace, 'match profile');
  });

  it('reports the match, which also blocks, and lifts the block in settings (desktop)', async () => {
    const { page } = grace;
    await page.getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Report ${alan.name}` });
    await dialog.waitFor();
    await screenshot(page, 'report dialog (desktop)');
    await expectNoSeriousAccessibilityViolations(page, 'report dialog (desktop)');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    const reason = dialog.getByLabel('Reason', { exact: true });
    await expect.poll(() => descriptionOf(reason)).toContain('Choose a reason');
    await reason.selectOption('fake');
    await dialog.getByLabel('What happened? (optional)').fill('Test report from the browser suite.');
    await dialog.getByRole('button', { name: 'Send report' }).click();

    await heading(page, 'Matches').waitFor();
    await page.getByText(`Your report about ${alan.name} was sent, and they are blocked.`).waitFor();
    await expect.poll(() => page.getByRole('link', { name: new RegExp(`^${alan.name}`) }).count()).toBe(0);
    await page.getByRole('heading', { name: 'No matches yet' }).waitFor();
    await checkPage(grace, 'matches, empty, after a report');

    await nav(page, 'Settings').click();
    await heading(page, 'Settings').waitFor();
    const unblock = page.getByRole('button', { name: `Unblock ${alan.name}` });
    await unblock.waitFor();
    await checkPage(grace, 'settings');
    await unblock.click();
    await page.getByRole('status').getByText(`${alan.name} is no longer blocked.`).waitFor();
    await page.getByText('You have not blocked anyone.').waitFor();

    // A wrong current password is a field error, not the end of the session.
    await page.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await page
      .getByLabel('New password', { exact: true })
      .fill(`Harbour-${randomBytes(6).toString('hex')}-kite`);
    await page.getByRole('button', { name: 'Change password' }).click();
    const current = page.getByLabel('Current password', { exact: true });
    // The server takes a moment: it hashes the guess like a real one.
    await expect
      .poll(() => descriptionOf(current), { timeout: 15_000 })
      .toContain('That is not your current password.');
    await heading(page, 'Settings').waitFor();
    await checkPage(grace, 'settings with an error');
  });

  it('the match is gone for the other side too; settings on a phone', async () => {
    const { page } = alan;
    await nav(page, 'Matches').click();
    await heading(page, 'Matches').waitFor();
    await page.reload();
    await heading(page, 'Matches').waitFor();
    await page.getByRole('heading', { name: 'No matches yet' }).waitFor();
    await checkPage(alan, 'matches, empty');

    await nav(page, 'Settings').click();
    await heading(page, 'Settings').waitFor();
    await page.getByText('You have not blocked anyone.').waitFor();
    await checkPage(alan, 'settings');

    expect(grace.errors).toEqual([]);
    expect(alan.errors).toEqual([]);
  });
});
