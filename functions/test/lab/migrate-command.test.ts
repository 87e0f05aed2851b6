import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/adapters/postgres';
import { loadLabConfig } from '../../src/runtime/lab/config';
import { MigrationError, runMigrations } from '../../src/runtime/lab/migrate-command';

describe('lab migrate command', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lab-migrate-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const config = (env: Record<string, string>) =>
    loadLabConfig({ DATA_DIR: dataDir, ...env }, { appRoot: '/unused', appVersion: '0', cwd: '/unused' });

  it('applies every migration to the PGlite in DATA_DIR, then finds it up to date', {
    timeout: 60_000,
  }, async () => {
    const first: string[] = [];
    await runMigrations(config({}), (line) => first.push(line));
    expect(first.filter((line) => line.startsWith('applied migration'))).toHaveLength(migrations.length);
    expect(first.at(-1)).toMatch(/PGlite in .*pglite: \d+ migration\(s\) applied, now at version \d+/);

    const second: string[] = [];
    await runMigrations(config({}), (line) => second.push(line));
    expect(second).toEqual([expect.stringMatching(/up to date at version \d+$/)]);
  });

  it('fails with the server named but not its password when PostgreSQL is unreachable', async () => {
    const failure = runMigrations(
      config({ DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:1/app' }),
      () => {},
    );
    await expect(failure).rejects.toThrow(MigrationError);
    await expect(failure).rejects.toThrow(
      /could not migrate PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/,
    );
  });
});
