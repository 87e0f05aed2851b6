/**
 * Benchmark 1: the Lambda cold-start proxy. Every function is bundled exactly as the CDK app
 * bundles it (scripts/lambda-bundles.ts); for each bundle: its minified size, and in fresh Node processes its
 * module load (the init phase) and its module load plus a first request (init + first invocation, so code
 * loaded lazily is counted on the request that loads it), each as a ratio to a hello-world handler and to a
 * stock SDK-only handler (DynamoDB document client, one GetItem: the floor of the issue's target), all
 * measured in the same run, interleaved (scripts/lambda-cold-start.ts says how).
 *
 * Targets: <= 650 KB and <= 1.10x the SDK-only floor. The same SDK-only handler bundled the way our
 * functions are (with the module aliases of lambda-bundling.ts) is reported too: the rest of the floor, so
 * what each function adds on top of the SDK stays visible.
 */
import { loadavg } from 'node:os';
import { BASELINE, type BuiltBundle, builtinImports, bundleAll } from '../scripts/lambda-bundles';
import {
  FORBIDDEN_IN_HTTP_BUNDLES,
  LAMBDA_MODULE_ALIASES,
  LAMBDA_NODE_TARGET,
} from '../scripts/lambda-bundling';
import { type ColdStartSample, coldStartProbes, measureColdStarts } from '../scripts/lambda-cold-start';
import type { BenchFigure, Benchmark, BenchResult } from './bench-result';
import { median, ratio, round } from './support/stats';

/** The issue's targets. */
export const COLD_START_TARGET = { maxBundleKb: 650, maxRatioToSdkFloor: 1.1 } as const;

const ROUNDS = { full: 31, quick: 3 } as const;

export interface ColdStartRow {
  name: string;
  kind: BuiltBundle['kind'];
  bytes: number;
  /** Medians: wall-clock and CPU time of the module load. */
  loadMs: number;
  loadCpuMs: number;
  /** Load plus the first request; NaN when the function has none here (the photo function). */
  firstRequestMs: number;
  firstRequestCpuMs: number;
}

const medianOf = (values: readonly (number | undefined)[]) => {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length > 0 ? median(known) : Number.NaN;
};

/** Medians of every probe's samples. */
export function summarize(
  bundles: readonly BuiltBundle[],
  samples: readonly ColdStartSample[][],
): ColdStartRow[] {
  return bundles.map((bundle, index) => {
    const own = samples[index] ?? [];
    return {
      name: bundle.name,
      kind: bundle.kind,
      bytes: bundle.bytes,
      loadMs: medianOf(own.map((sample) => sample.loadMs)),
      loadCpuMs: medianOf(own.map((sample) => sample.loadCpuMs)),
      firstRequestMs: medianOf(own.map((sample) => sample.firstRequestMs)),
      firstRequestCpuMs: medianOf(own.map((sample) => sample.firstRequestCpuMs)),
    };
  });
}

const kb = (bytes: number) => round(bytes / 1024, 1);
const ms = (value: number) => round(value, 1);

/** A time compared with a baseline's, with the issue's target when it applies. */
function compared(
  name: string,
  value: number,
  baseline: { name: string; value: number },
  target?: number,
): BenchFigure {
  const factor = ratio(value, baseline.value);
  return {
    name,
    value: ms(value),
    unit: 'ms',
    baseline: { name: baseline.name, value: ms(baseline.value) },
    ...(factor === undefined ? {} : { ratio: factor }),
    ...(target === undefined
      ? {}
      : { target: `<= ${target.toFixed(2)}x SDK floor`, met: factor !== undefined && factor <= target }),
  };
}

/**
 * The figures of one function: its size; its module load against hello-world and against the SDK floor, in
 * wall-clock time (what the issue states) and in CPU time (the same load, but hardly moved by other processes
 * competing for the machine); load + first request against the floor's load + GetItem, both ways (no target
 * of its own: it shows what lazy loading would only have postponed).
 */
export function functionFigures(row: ColdStartRow, baselines: Record<string, ColdStartRow>): BenchFigure[] {
  const hello = baselines[BASELINE.helloWorld];
  const floor = baselines[BASELINE.sdkFloor];
  if (!hello || !floor) throw new Error('cold-start: a baseline is missing');
  const target = COLD_START_TARGET.maxRatioToSdkFloor;
  const figures: BenchFigure[] = [
    {
      name: `${row.name}: bundle minified`,
      value: kb(row.bytes),
      unit: 'KB',
      target: `<= ${COLD_START_TARGET.maxBundleKb} KB`,
      met: row.bytes <= COLD_START_TARGET.maxBundleKb * 1024,
    },
    compared(`${row.name}: module load`, row.loadMs, { name: 'hello-world', value: hello.loadMs }),
    compared(
      `${row.name}: module load vs SDK floor`,
      row.loadMs,
      { name: 'SDK-only', value: floor.loadMs },
      target,
    ),
    compared(
      `${row.name}: module load CPU vs SDK floor`,
      row.loadCpuMs,
      { name: 'SDK-only CPU', value: floor.loadCpuMs },
      target,
    ),
  ];
  if (Number.isFinite(row.firstRequestMs)) {
    figures.push(
      compared(`${row.name}: load + first request vs SDK floor`, row.firstRequestMs, {
        name: 'SDK-only + GetItem',
        value: floor.firstRequestMs,
      }),
      compared(`${row.name}: load + first request CPU vs SDK floor`, row.firstRequestCpuMs, {
        name: 'SDK-only + GetItem CPU',
        value: floor.firstRequestCpuMs,
      }),
    );
  }
  return figures;
}

/** The Node built-ins each bundle loads, functions with the same list on one line. */
function builtinsNotes(bundles: readonly BuiltBundle[]): string[] {
  const byList = new Map<string, string[]>();
  for (const bundle of bundles) {
    const list = builtinImports(bundle).join(' ') || '(none)';
    byList.set(list, [...(byList.get(list) ?? []), bundle.name]);
  }
  return [...byList].map(([list, names]) => `Node built-ins loaded by ${names.join(', ')}: ${list}`);
}

export const coldStart: Benchmark = async (context) => {
  const rounds = context.quick ? ROUNDS.quick : ROUNDS.full;
  const loadAverageBefore = loadavg()[0] ?? Number.NaN;
  const { bundles, dispose } = await bundleAll({ baselines: true });
  try {
    context.log(`cold-start: ${bundles.length} bundles built; ${rounds} rounds of fresh processes`);
    const { probes, firstRoutes } = await coldStartProbes(bundles);
    const { samples, awsCalls } = await measureColdStarts(probes, rounds, (round) => {
      if (round % 10 === 0 || round === rounds) context.log(`cold-start: round ${round}/${rounds}`);
    });
    const rows = summarize(bundles, samples);
    const baselines = Object.fromEntries(
      rows.filter((row) => row.kind === 'baseline').map((row) => [row.name, row]),
    );
    const hello = baselines[BASELINE.helloWorld];
    const floor = baselines[BASELINE.sdkFloor];
    const aliased = baselines[BASELINE.sdkAliased];
    if (!hello || !floor || !aliased) throw new Error('cold-start: a baseline is missing');

    const result: BenchResult = {
      id: 'cold-start',
      title: 'Lambda cold-start proxy: bundle size, module load and load + first request per function',
      setup: {
        node: process.version,
        bundling: `esbuild, minified ESM, ${LAMBDA_NODE_TARGET}, as the CDK app (aliases: ${Object.keys(LAMBDA_MODULE_ALIASES).join(', ')})`,
        rounds,
        measure:
          'median over rounds; each round one fresh process per bundle, rotating order; wall-clock and CPU time (all threads) of the process',
        firstRequest:
          'AWS calls answered by a local stand-in (AWS_ENDPOINT_URL): JWT secret, empty DynamoDB results',
        loadAverageBefore: round(loadAverageBefore, 2),
        loadAverageAfter: round(loadavg()[0] ?? Number.NaN, 2),
      },
      figures: [
        { name: 'hello-world handler: module load', value: ms(hello.loadMs), unit: 'ms' },
        { name: 'SDK-only handler (floor): bundle minified', value: kb(floor.bytes), unit: 'KB' },
        compared('SDK-only handler (floor): module load', floor.loadMs, {
          name: 'hello-world',
          value: hello.loadMs,
        }),
        { name: 'SDK-only handler (floor): module load CPU', value: ms(floor.loadCpuMs), unit: 'ms' },
        { name: 'SDK-only handler (floor): load + GetItem', value: ms(floor.firstRequestMs), unit: 'ms' },
        {
          name: 'SDK-only handler bundled like the functions: bundle minified',
          value: kb(aliased.bytes),
          unit: 'KB',
        },
        compared('SDK-only handler bundled like the functions: module load', aliased.loadMs, {
          name: 'SDK-only',
          value: floor.loadMs,
        }),
        compared('SDK-only handler bundled like the functions: module load CPU', aliased.loadCpuMs, {
          name: 'SDK-only CPU',
          value: floor.loadCpuMs,
        }),
        ...rows.filter((row) => row.kind !== 'baseline').flatMap((row) => functionFigures(row, baselines)),
      ],
      notes: [
        `module load CPU over the SDK-only handler bundled like the functions (what each function adds to the SDK it carries): ${rows
          .filter((row) => row.kind !== 'baseline')
          .map((row) => `${row.name} ${ratio(row.loadCpuMs, aliased.loadCpuMs)}x`)
          .join(', ')}`,
        ...Object.entries(firstRoutes).map(([name, route]) => `${name}: first request ${route}`),
        `AWS calls of all first requests: ${Object.entries(awsCalls.byOperation)
          .map(([operation, count]) => `${operation} x${count}`)
          .join(', ')}`,
        ...(awsCalls.unexpected.length > 0
          ? [`AWS calls the stand-in does not emulate: ${[...new Set(awsCalls.unexpected)].join('; ')}`]
          : []),
        'photo-uploads: module load only (its first event reads S3 and runs sharp, which the stand-in does not emulate); ' +
          'the load includes sharp (native libvips: an external import, so the bundle loads it at init), which every ' +
          'event it gets needs, so deferring it would only move the cost to the first event',
        ...builtinsNotes(bundles),
        `forbidden in API functions (never found, or the bundle test fails): ${FORBIDDEN_IN_HTTP_BUNDLES.map((rule) => rule.name).join(', ')}`,
        ...(context.quick ? ['--quick: 3 rounds only, the ratios are not comparable'] : []),
      ],
    };
    return result;
  } finally {
    dispose();
  }
};
