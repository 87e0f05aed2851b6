import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import {
  httpEntryFile,
  httpFunctionGroups,
  PHOTO_EVENTS_ENTRY,
  REALTIME_ENTRY,
} from '../src/runtime/aws/function-groups';
import {
  bundleBudget,
  ESM_REQUIRE_BANNER,
  FORBIDDEN_IN_HTTP_BUNDLES,
  LAMBDA_MAIN_FIELDS,
  LAMBDA_NODE_TARGET,
  PHOTO_FUNCTION_EXTERNALS,
} from './lambda-bundling';

/**
 * The bundle report of issue 7: every Lambda function bundled exactly as the CDK app bundles it, with its
 * minified size and its module-load time as a ratio to a hello-world handler and to a handler that only
 * loads the DynamoDB document client (the floor of every API function), measured in the same run.
 *
 *   npx tsx functions/scripts/bundle-lambdas.ts [--runs 15] [--json]
 */

const FUNCTIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface LambdaEntry {
  name: string;
  /** The entry file, or source text for the baselines (resolved from the functions workspace). */
  entry: string | { contents: string };
  kind: 'http' | 'websocket' | 'photo' | 'baseline';
}

export interface BuiltBundle extends LambdaEntry {
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** Every function the CDK app deploys, from the same route table. */
export function lambdaEntries(): LambdaEntry[] {
  return [
    ...httpFunctionGroups().map((group) => ({
      name: group,
      entry: httpEntryFile(group),
      kind: 'http' as const,
    })),
    { name: 'realtime', entry: REALTIME_ENTRY, kind: 'websocket' },
    { name: 'photo-uploads', entry: PHOTO_EVENTS_ENTRY, kind: 'photo' },
  ];
}

const baselineSources = {
  'baseline:hello-world': 'export const handler = async () => ({ statusCode: 200 });\n',
  'baseline:dynamodb-sdk': [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
    'const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    "export const handler = async () => client.send(new GetCommand({ TableName: 't', Key: { PK: 'x', SK: 'y' } }));",
    '',
  ].join('\n'),
} as const;

/** esbuild with the options `NodejsFunction` gets in infra/lib/api-stack.ts (minus the source map file). */
export async function bundleLambda(entry: LambdaEntry, outDir: string): Promise<BuiltBundle> {
  const file = join(outDir, `${entry.name.replace(/[^a-z0-9-]/gi, '_')}.mjs`);
  const input =
    typeof entry.entry === 'string'
      ? { entryPoints: [entry.entry] }
      : { stdin: { contents: entry.entry.contents, loader: 'ts' as const, resolveDir: FUNCTIONS_DIR } };
  const result = await build({
    ...input,
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_NODE_TARGET,
    minify: true,
    mainFields: LAMBDA_MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    metafile: true,
    external: entry.kind === 'photo' ? PHOTO_FUNCTION_EXTERNALS : [],
    logLevel: 'silent',
    absWorkingDir: FUNCTIONS_DIR,
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.mjs'));
  return { ...entry, file, bytes: output?.[1].bytes ?? 0, metafile: result.metafile };
}

/** Bundles every function (and, when asked, the two baselines) into a fresh temporary folder. */
export async function bundleAll(options: { baselines?: boolean } = {}) {
  // Inside the repository's node_modules/.cache, so the photo bundle's external `sharp` resolves when loaded.
  const cacheDir = join(FUNCTIONS_DIR, '..', 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(join(cacheDir, 'lambda-bundles-'));
  const entries = lambdaEntries();
  if (options.baselines) {
    for (const [name, contents] of Object.entries(baselineSources)) {
      entries.push({ name, entry: { contents }, kind: 'baseline' });
    }
  }
  const bundles = await Promise.all(entries.map((entry) => bundleLambda(entry, outDir)));
  return { outDir, bundles, dispose: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** Inputs of a bundle that match a forbidden package (see lambda-bundling.ts). */
export function forbiddenInputs(bundle: BuiltBundle): { name: string; input: string }[] {
  const found: { name: string; input: string }[] = [];
  for (const input of Object.keys(bundle.metafile.inputs)) {
    const rule = FORBIDDEN_IN_HTTP_BUNDLES.find(({ pattern }) => pattern.test(input));
    if (rule) found.push({ name: rule.name, input });
  }
  return found;
}

/** Bytes per top-level package (or source folder) of a bundle's output, largest first. */
export function bytesByPackage(bundle: BuiltBundle): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(bundle.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key =
        match?.[1] ??
        input
          .replace(/^(\.\.\/)+/, '')
          .split('/')
          .slice(0, 3)
          .join('/');
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

/** Wall time of `await import(bundle)` in a fresh Node process (ms): what a cold start pays to load it. */
export function loadOnceMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1' },
  });
  if (child.status !== 0) throw new Error(`loading ${file} failed: ${child.stderr}`);
  return Number(child.stdout);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Median load time per bundle over `runs` rounds. Each round loads every bundle once, in a rotating order,
 * so a busy machine slows all of them alike and the ratios between bundles stay meaningful.
 */
export function measureLoadTimes(files: readonly string[], runs: number): number[] {
  const samples = files.map(() => [] as number[]);
  for (let run = 0; run < runs; run += 1) {
    for (let step = 0; step < files.length; step += 1) {
      const index = (step + run) % files.length;
      samples[index]?.push(loadOnceMs(files[index] as string));
    }
  }
  return samples.map(median);
}

/** Kept for one-off measurements of a single bundle. */
export const measureLoadMs = (file: string, runs: number) => measureLoadTimes([file], runs)[0] ?? Number.NaN;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const args = process.argv.slice(2);
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 21;
  const { bundles, dispose } = await bundleAll({ baselines: true });
  try {
    const times = measureLoadTimes(
      bundles.map((bundle) => bundle.file),
      runs,
    );
    const load = new Map(bundles.map((bundle, index) => [bundle.name, times[index] ?? Number.NaN]));
    const hello = load.get('baseline:hello-world') ?? Number.NaN;
    const sdk = load.get('baseline:dynamodb-sdk') ?? Number.NaN;
    const rows = bundles.map((bundle) => {
      const ms = load.get(bundle.name) ?? Number.NaN;
      const forbidden =
        bundle.kind === 'http' || bundle.kind === 'websocket'
          ? forbiddenInputs(bundle).map((f) => f.name)
          : [];
      return {
        function: bundle.name,
        kind: bundle.kind,
        bytes: bundle.bytes,
        loadMs: Number(ms.toFixed(1)),
        vsHelloWorld: Number((ms / hello).toFixed(2)),
        vsSdkOnly: Number((ms / sdk).toFixed(2)),
        budget: bundle.kind === 'http' ? bundleBudget(bundle.name) : null,
        withinSizeTarget: bundle.kind !== 'http' || bundle.bytes <= bundleBudget(bundle.name),
        forbidden: [...new Set(forbidden)],
      };
    });
    if (args.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ runs, rows }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `Lambda bundles (esbuild, minified ESM, ${LAMBDA_NODE_TARGET}); load time = median of ${runs} interleaved fresh processes\n\n`,
      );
      process.stdout.write('function                 size        load ms   x hello   x sdk-only   notes\n');
      for (const row of rows) {
        const notes = [
          row.budget === null ? '' : `budget ${kb(row.budget)}${row.withinSizeTarget ? '' : ' EXCEEDED'}`,
          row.forbidden.length ? `contains ${row.forbidden.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ');
        process.stdout.write(
          `${row.function.padEnd(24)} ${kb(row.bytes).padStart(10)} ${row.loadMs.toFixed(1).padStart(10)} ${row.vsHelloWorld
            .toFixed(2)
            .padStart(9)} ${row.vsSdkOnly.toFixed(2).padStart(12)}   ${notes}\n`,
        );
      }
      const largest = bundles.filter((bundle) => bundle.kind === 'http').sort((a, b) => b.bytes - a.bytes)[0];
      if (largest) {
        process.stdout.write(`\nlargest HTTP function (${largest.name}) by package:\n`);
        for (const [name, bytes] of bytesByPackage(largest).slice(0, 12)) {
          process.stdout.write(`  ${name.padEnd(48)} ${kb(bytes).padStart(10)}\n`);
        }
      }
    }
    const failed = rows.filter((row) => !row.withinSizeTarget || row.forbidden.length > 0);
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    dispose();
  }
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  await main();
}
