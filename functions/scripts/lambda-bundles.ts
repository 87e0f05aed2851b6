import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import {
  httpEntryFile,
  httpFunctionGroups,
  MAIL_FEEDBACK_ENTRY,
  MAIL_SENDER_ENTRY,
  PHOTO_EVENTS_ENTRY,
  REALTIME_ENTRY,
} from '../src/runtime/aws/function-groups';
import {
  bundleDefines,
  ESM_REQUIRE_BANNER,
  FORBIDDEN_IN_HTTP_BUNDLES,
  LAMBDA_MAIN_FIELDS,
  LAMBDA_MODULE_ALIASES,
  LAMBDA_NODE_TARGET,
  PHOTO_FUNCTION_EXTERNALS,
} from './lambda-bundling';

/**
 * Every Lambda function bundled exactly as the CDK app bundles it (esbuild's API with the options of
 * lambda-bundling.ts), plus the baselines the cold-start figures are stated against. Shared by the bundle
 * tests, the bundle report (bundle-lambdas.ts) and the cold-start benchmark (bench/cold-start.ts).
 */

const FUNCTIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface LambdaEntry {
  name: string;
  /** The entry file, or source text for the baselines (resolved from the functions workspace). */
  entry: string | { contents: string };
  kind: 'http' | 'websocket' | 'photo' | 'mail' | 'baseline';
  /**
   * Bundle without LAMBDA_MODULE_ALIASES: how any project would bundle it. The SDK floor is such a
   * stock handler, so that what our bundling saves on the SDK counts for our functions, not for the floor.
   */
  stockBundling?: true;
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
    { name: 'mail-sender', entry: MAIL_SENDER_ENTRY, kind: 'mail' },
    { name: 'mail-feedback', entry: MAIL_FEEDBACK_ENTRY, kind: 'mail' },
  ];
}

const sdkOnlyHandler = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
  'const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  "export const handler = async () => client.send(new GetCommand({ TableName: 't', Key: { PK: 'x', SK: 'y' } }));",
  '',
].join('\n');

export const BASELINE = {
  helloWorld: 'baseline:hello-world',
  /** The floor of the target: a stock SDK-only handler (one DynamoDB GetItem per request). */
  sdkFloor: 'baseline:dynamodb-sdk',
  /** The same handler bundled like our functions (with the module aliases): what is left of the floor. */
  sdkAliased: 'baseline:dynamodb-sdk-aliased',
} as const;

export const baselineEntries = (): LambdaEntry[] => [
  {
    name: BASELINE.helloWorld,
    entry: { contents: 'export const handler = async () => ({ statusCode: 200 });\n' },
    kind: 'baseline',
    stockBundling: true,
  },
  { name: BASELINE.sdkFloor, entry: { contents: sdkOnlyHandler }, kind: 'baseline', stockBundling: true },
  { name: BASELINE.sdkAliased, entry: { contents: sdkOnlyHandler }, kind: 'baseline' },
];

/** esbuild with the options `NodejsFunction` gets in infra/lib/bundled-function.ts (minus the source map file). */
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
    alias: entry.stockBundling ? {} : { ...LAMBDA_MODULE_ALIASES },
    define: typeof entry.entry === 'string' ? bundleDefines(entry.entry) : {},
    metafile: true,
    external: entry.kind === 'photo' ? PHOTO_FUNCTION_EXTERNALS : [],
    logLevel: 'silent',
    absWorkingDir: FUNCTIONS_DIR,
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.mjs'));
  return { ...entry, file, bytes: output?.[1].bytes ?? 0, metafile: result.metafile };
}

/** Bundles every function (and, when asked, the baselines) into a fresh temporary folder. */
export async function bundleAll(options: { baselines?: boolean } = {}) {
  // Inside the repository's node_modules/.cache, so the photo bundle's external `sharp` resolves when loaded.
  const cacheDir = join(FUNCTIONS_DIR, '..', 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(join(cacheDir, 'lambda-bundles-'));
  const entries = [...lambdaEntries(), ...(options.baselines ? baselineEntries() : [])];
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

/** Node built-ins a bundle imports (each one loaded on the cold start, before any of the bundle runs). */
export function builtinImports(bundle: BuiltBundle): string[] {
  const text = readFileSync(bundle.file, 'utf8');
  return [
    ...new Set([...text.matchAll(/(?:from|import)\s*"(node:[\w/]+)"/g)].map((match) => match[1] ?? '')),
  ].sort();
}
