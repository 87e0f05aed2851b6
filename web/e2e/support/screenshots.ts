import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where page screenshots go: E2E_SCREENSHOTS_DIR, or web/e2e/screenshots (ignored by git; CI uploads it). */
const directory =
  process.env.E2E_SCREENSHOTS_DIR ?? fileURLToPath(new URL('../screenshots', import.meta.url));

const fileName = (what: string) =>
  `${what
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.png`;

/** A full-page screenshot named after what it shows, e.g. "discover card (phone)" -> discover-card-phone.png. */
export async function screenshot(page: Page, what: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await page.screenshot({ path: join(directory, fileName(what)), fullPage: true, animations: 'disabled' });
}
