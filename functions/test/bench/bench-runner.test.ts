import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../../bench/bench-result';
import { throwawayPostgresSkipReason } from '../support/throwaway-postgres';

/**
 * A smoke run of `npm run bench` as users run it (the CLI, in its own process): the api-throughput benchmark
 * with --quick (40 users, 1 s per endpoint) on DATABASE_URL, or on the throwaway cluster the runner starts
 * itself. Checks the exit code and the JSON document's shape, and that no request failed; the figures of a
 * 1 s run on a shared machine are not checked against anything.
 */
const functionsDir = fileURLToPath(new URL('../../', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const skip = process.env.DATABASE_URL ? null : throwawayPostgresSkipReason();

interface Document {
  quick: boolean;
  environment: Record<string, unknown>;
  results: BenchResult[];
  failures: Array<{ id: string; error: string }>;
}

describe.skipIf(skip !== null)(`npm run bench ${skip ?? ''}`, () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('runs api-throughput --quick, prints a table and writes the results as JSON', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bench-runner-'));
    folders.push(folder);
    const json = join(folder, 'out.json');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', tsxLoader, 'bench/run.ts', '--quick', '--only=api-throughput', `--json=${json}`],
        { cwd: functionsDir, env: { ...process.env, INIT_CWD: functionsDir }, timeout: 110_000 },
        (error, stdout, stderr) => {
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
            output: stdout + stderr,
          });
        },
      );
    });
    expect(code, output).toBe(0);
    expect(output).toMatch(/figure\s+\| value \| unit/);

    const document = JSON.parse(await readFile(json, 'utf8')) as Document;
    expect(document.quick).toBe(true);
    expect(document.failures).toEqual([]);
    expect(document.results.map((result) => result.id)).toEqual(['api-throughput']);
    const [result] = document.results;
    expect(result?.setup).toMatchObject({ connections: 50, rounds: 1 });
    for (const figure of result?.figures ?? []) {
      expect(typeof figure.name).toBe('string');
      expect(Number.isFinite(figure.value), figure.name).toBe(true);
      expect(typeof figure.unit).toBe('string');
    }
    const me = result?.figures.find((figure) => figure.name === 'GET /api/me req/s');
    expect(me).toMatchObject({
      baseline: { name: expect.any(String), value: expect.any(Number) },
      target: '>= 0.7x bare node:http',
      met: expect.any(Boolean),
    });
    const failed = result?.figures.find((figure) => figure.name.startsWith('non-2xx or failed responses'));
    expect(failed, JSON.stringify(result?.notes)).toMatchObject({ value: 0, met: true });
  }, 120_000);
});
