import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

type AxeWindow = Window & { axe?: typeof axe };

/** Runs axe-core in the page (injected from the npm package; nothing is fetched) and returns its violations. */
export async function findAccessibilityViolations(page: Page): Promise<Violation[]> {
  const injected = await page.evaluate(() => typeof (window as AxeWindow).axe !== 'undefined');
  // Evaluated through the DevTools protocol, so the app's CSP (script-src 'self') does not block it.
  if (!injected) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const engine = (window as AxeWindow).axe;
    if (!engine) throw new Error('axe-core was not injected');
    const results = await engine.run(document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}

/** Fails on serious or critical violations; minor and moderate ones are left to review. */
export async function expectNoSeriousAccessibilityViolations(page: Page, what: string): Promise<void> {
  const serious = (await findAccessibilityViolations(page)).filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  const report = serious
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`)
    .join('\n');
  expect(serious, `accessibility violations on ${what}:\n${report}`).toEqual([]);
}
