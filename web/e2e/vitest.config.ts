import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Browser tests against a running app (E2E_BASE_URL). Separate from the unit project: they need chromium and
 * a server, take seconds per step, and share one account through the file, so they run one at a time.
 */
export default defineConfig({
  test: {
    name: 'web-e2e',
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
    isolate: false,
  },
});
