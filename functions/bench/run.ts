/**
 * `npm run bench`: runs every benchmark of benchmarks.ts, prints each result as a table and writes
 * all of them as one JSON document.
 *
 *   npm run bench                                 everything, full sizes
 *   npm run bench -- --only=api-throughput,ws-fanout
 *   npm run bench -- --quick                      smaller sizes: a smoke run, figures not comparable
 *   npm run bench -- --json=out.json              instead of functions/bench/results/latest.json
 *
 * With DATABASE_URL unset and PostgreSQL server binaries installed, a throwaway cluster is started for the run
 * (and removed at the end). Exits 1 only when a benchmark could not run (it threw); a missed target is a
 * finding, printed and recorded with `met: false`, not a failure. Exits 2 on bad arguments.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, platform, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invocationDir } from '../src/runtime/lab/app-root';
import {
  startThrowawayPostgres,
  type ThrowawayPostgres,
  throwawayPostgresUnavailableReason,
} from '../test/support/throwaway-postgres';
import type { BenchResult } from './bench-result';
import { benchmarks } from './benchmarks';
import { formatResult } from './support/report';

const DEFAULT_JSON = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const USAGE = `usage: npm run bench -- [--only=<id>,<id>] [--quick] [--json=<path>]
benchmarks: ${benchmarks.map((benchmark) => benchmark.id).join(', ')}`;

const print = (line: string) => process.stdout.write(`${line}\n`);

interface Arguments {
  only: string[] | null;
  quick: boolean;
  json: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { only: null, quick: false, json: DEFAULT_JSON };
  for (const argument of argv) {
    const [flag, value] = argument.includes('=')
      ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
      : [argument, undefined];
    if (flag === '--quick' && value === undefined) parsed.quick = true;
    else if (flag === '--only' && value) {
      parsed.only = value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      const unknown = parsed.only.filter((id) => !benchmarks.some((benchmark) => benchmark.id === id));
      if (unknown.length > 0) throw new Error(`unknown benchmark: ${unknown.join(', ')}`);
    } else if (flag === '--json' && value) parsed.json = resolve(invocationDir(process.env), value);
    else if (flag === '--help' || flag === '-h') {
      print(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument: ${argument}`);
  }
  return parsed;
}

async function main(): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const selected = benchmarks.filter((benchmark) => args.only?.includes(benchmark.id) ?? true);

  let databaseUrl = process.env.DATABASE_URL || undefined;
  let postgres: ThrowawayPostgres | null = null;
  let database = 'DATABASE_URL';
  if (!databaseUrl) {
    const unavailable = throwawayPostgresUnavailableReason();
    if (unavailable === null) {
      print('DATABASE_URL is unset: starting a throwaway PostgreSQL cluster for this run ...');
      postgres = await startThrowawayPostgres();
      databaseUrl = postgres.url;
      database = 'throwaway PostgreSQL cluster (fsync=off, full_page_writes=off)';
    } else {
      database = `none (${unavailable}); benchmarks that need PostgreSQL say so`;
    }
  }
  // Ctrl-C: take the throwaway cluster down with us (the servers under test stop when their IPC channel closes).
  const interrupt = (signal: NodeJS.Signals) => {
    print(`\n${signal}: stopping`);
    void (postgres?.destroy() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const results: BenchResult[] = [];
  const failures: Array<{ id: string; error: string }> = [];
  const started = new Date();
  try {
    print(`database: ${database}; ${args.quick ? 'QUICK sizes (figures not comparable)' : 'full sizes'}`);
    for (const benchmark of selected) {
      print(`\n-- ${benchmark.id}`);
      const benchmarkStarted = performance.now();
      try {
        const result = await benchmark.run({
          quick: args.quick,
          log: print,
          ...(databaseUrl ? { databaseUrl } : {}),
        });
        if (result.id !== benchmark.id)
          print(`!! ${benchmark.id} answered a result with the id "${result.id}"`);
        results.push(result);
        print(
          `${formatResult(result)}\n   (${((performance.now() - benchmarkStarted) / 1000).toFixed(1)} s)`,
        );
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push({ id: benchmark.id, error: message });
        print(`!! ${benchmark.id} could not run: ${message}`);
      }
    }
  } finally {
    await postgres?.destroy();
  }

  const document = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    quick: args.quick,
    environment: {
      node: process.version,
      platform: `${platform()} ${arch()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      database,
    },
    results,
    failures,
  };
  await mkdir(dirname(args.json), { recursive: true });
  await writeFile(args.json, `${JSON.stringify(document, null, 2)}\n`);
  const missed = results.flatMap((result) =>
    result.figures.filter((figure) => figure.met === false).map((figure) => `${result.id}: ${figure.name}`),
  );
  print(`\nwrote ${args.json}`);
  print(
    `${results.length} benchmark(s) ran, ${failures.length} could not run${failures.length ? ` (${failures.map((failure) => failure.id).join(', ')})` : ''}; targets missed: ${missed.length ? missed.join('; ') : 'none'}`,
  );
  return failures.length > 0 ? 1 : 0;
}

// Exit explicitly: a benchmark that leaked a handle must not keep the run (and its cluster) hanging.
process.exit(await main());
