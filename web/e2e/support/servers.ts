import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../../../functions/test/support/lab-server';

/** The SPA global-setup built (web/dist). */
const webDist = fileURLToPath(new URL('../../dist', import.meta.url));

export interface E2eServer {
  /** E.g. http://127.0.0.1:43123: the SPA and the API. */
  url: string;
  /** `DATA_DIR/outbox`: account mail as `.eml` files, one folder per user (no SMTP_URL set). */
  outboxDir: string;
  close(): Promise<void>;
}

/**
 * Why a spec cannot start a server of its own: no Chromium, or no built SPA (a run against E2E_BASE_URL
 * builds nothing). Null when it can.
 */
export function ownServerSkipReason(): string | null {
  if (process.env.E2E_SKIP_REASON) return process.env.E2E_SKIP_REASON;
  if (!existsSync(join(webDist, 'index.html')))
    return `no built SPA in ${webDist} (run npm run build -w web)`;
  return null;
}

/**
 * A lab server of the spec's own with the given settings (for example `EMAIL_VERIFICATION=required`), serving
 * the built SPA as `npm start` does: in-memory PGlite, mail written to the outbox folder of a fresh DATA_DIR.
 */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dating-e2e-own-'));
  try {
    const server = await startTestServer({ env: { WEB_DIR: webDist, DATA_DIR: dataDir, ...env } });
    return {
      url: server.url,
      outboxDir: join(dataDir, 'outbox'),
      async close() {
        await server.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
