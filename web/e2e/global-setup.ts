import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startTestServer } from '../../functions/test/support/lab-server';

const webRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Unless E2E_BASE_URL points at a running app: builds the SPA and serves it with the lab runtime (in-memory
 * PGlite, photos in a temp dir), exactly as `npm start` would. Without Chromium the specs are skipped with a
 * reason, or fail when REQUIRE_SERVICES=1 (CI).
 */
export default async function setup(_project: TestProject) {
  if (process.env.E2E_BASE_URL) return;
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    const reason = `Chromium not found at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
    if (process.env.REQUIRE_SERVICES === '1') throw new Error(`REQUIRE_SERVICES=1 but ${reason}`);
    process.env.E2E_SKIP_REASON = reason;
    console.warn(`Skipping browser tests: ${reason}`);
    return;
  }
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would ship React's development build: test what users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: webRoot,
      mode: 'production',
      logLevel: 'warn',
      configFile: join(webRoot, 'vite.config.ts'),
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'dating-e2e-'));
  const server = await startTestServer({
    env: { WEB_DIR: join(webRoot, 'dist'), DATA_DIR: dataDir },
  });
  process.env.E2E_BASE_URL = server.url;
  return async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
