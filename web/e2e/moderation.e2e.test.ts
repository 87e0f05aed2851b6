import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOn } from '../../functions/test/support/admin-on';
import { ApiSession, aProfileInput, errorCode, uniqueEmail } from '../../functions/test/support/api-session';
import { startTestServer, type TestServer } from '../../functions/test/support/lab-server';
import { collectPageErrors, launchBrowser, viewports } from './support/browser';
import { heading } from './support/page-helpers';
import { nav, newPerson, registerWithProfile } from './support/people';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const PASSWORD = 'correct horse battery staple';

/**
 * The moderation console in a real browser. This spec runs its own lab server on the built SPA (global setup
 * built it), because granting the moderator role is the operator's admin command on the server's store.
 */
describe.skipIf(Boolean(process.env.E2E_SKIP_REASON) || !existsSync(dist))(
  'moderation in the browser',
  () => {
    let server: TestServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    async function openPage() {
      const context = await browser.newContext({ ...viewports.desktop, baseURL: server.url });
      contexts.push(context);
      const page = await context.newPage();
      const scripts = new Map<string, string>();
      page.on('response', async (response) => {
        if (response.request().resourceType() !== 'script') return;
        scripts.set(response.url(), await response.text().catch(() => ''));
      });
      return { page, errors: collectPageErrors(page), scripts };
    }

    beforeAll(async () => {
      server = await startTestServer({ env: { WEB_DIR: dist } });
      browser = await launchBrowser();
    }, 180_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
    });

    it('a moderator suspends a reported user from the console; members never download the console', async () => {
      // Someone reported, by someone else (over the API).
      const reported = new ApiSession(server.url);
      const reportedEmail = uniqueEmail('reported');
      expect((await reported.register(reportedEmail)).status).toBe(201);
      const reportedName = `Rex ${Date.now().toString(36)}`;
      expect(
        (await reported.call('PUT', '/api/profile', { body: aProfileInput({ displayName: reportedName }) }))
          .status,
      ).toBe(201);
      const reporter = new ApiSession(server.url);
      expect((await reporter.register(uniqueEmail('reporter'))).status).toBe(201);
      const report = await reporter.call('POST', '/api/reports', {
        body: { userId: reported.userId, reason: 'harassment', details: 'Rude messages' },
      });
      expect(report.status, report.text).toBe(201);

      // A member uses the app everywhere: no chunk of the console reaches their browser.
      const member = {
        ...newPerson('desktop', 'Member', '1991-02-03', 'Woman', 'Men'),
        ...(await openPage()),
      };
      await registerWithProfile(member);
      for (const link of ['Discover', 'Matches', 'Photos', 'Profile', 'Settings']) {
        await nav(member.page, link).click();
        await member.page.waitForURL(`**/${link.toLowerCase()}`);
        // The page's lazy chunk arrives with the navigation (a live WebSocket keeps the network busy).
        await member.page.waitForTimeout(700);
      }
      await member.page.goto('/moderation');
      await heading(member.page, 'Home').waitFor();
      await member.page.waitForTimeout(700);

      // The operator grants the role; the moderator logs in and opens the console.
      const staffEmail = uniqueEmail('staff');
      expect((await new ApiSession(server.url).register(staffEmail)).status).toBe(201);
      expect(await adminOn(server.deps.store, ['grant', staffEmail, 'moderator'])).toMatch(/now moderator/);
      const staff = await openPage();
      await logIn(staff.page, staffEmail);
      await staff.page.goto('/moderation');
      await heading(staff.page, 'Moderation').waitFor();
      const item = staff.page.getByRole('article', { name: `Queue item: ${reportedName}` });
      // Keyboard triage: j moves to the next item until the reported person's is shown.
      for (let step = 0; step < 20 && (await item.count()) === 0; step += 1)
        await staff.page.keyboard.press('j');
      await item.waitFor();
      await expect.poll(() => item.getByText('Rude messages').count()).toBe(1);

      // The console's code: downloaded by the moderator, never by the member.
      const consoleChunks = [...staff.scripts].filter(([, code]) => code.includes('Moderation queue'));
      expect(consoleChunks.length).toBeGreaterThan(0);
      for (const [url] of consoleChunks) expect([...member.scripts.keys()]).not.toContain(url);
      expect([...member.scripts.values()].some((code) => code.includes('Moderation queue'))).toBe(false);

      // n: the note; Escape leaves the field; s: suspend for 7 days.
      await staff.page.keyboard.press('n');
      await staff.page.keyboard.type('Harassment in chat, 7 days');
      await staff.page.keyboard.press('Escape');
      await staff.page.keyboard.press('s');
      await staff.page.getByText(`Done: suspend for ${reportedName}.`).waitFor();
      await expect.poll(() => item.count()).toBe(0);

      // The suspended person's login is refused with the end date.
      const login = await new ApiSession(server.url).call('POST', '/api/auth/login', {
        body: { email: reportedEmail, password: PASSWORD },
      });
      expect(login.status).toBe(403);
      expect(errorCode(login)).toBe('account_suspended');
      expect(staff.errors).toEqual([]);
      expect(member.errors).toEqual([]);
    });
  },
);

async function logIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
