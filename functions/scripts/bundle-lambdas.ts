import { summarize } from '../bench/cold-start';
import { BASELINE, type BuiltBundle, bundleAll, bytesByPackage, forbiddenInputs } from './lambda-bundles';
import { LAMBDA_NODE_TARGET, MAX_BUNDLE_BYTES } from './lambda-bundling';
import { coldStartProbes, measureColdStarts } from './lambda-cold-start';

/**
 * The bundle report: every Lambda function bundled exactly as the CDK app bundles it, with its
 * minified size, budget and largest packages, and its cold start (module load, and load + first request) as
 * ratios to a hello-world handler and to a stock SDK-only handler, measured in the same run. The cold-start
 * benchmark (bench/cold-start.ts, `npm run bench -- --only=cold-start`) measures the same way.
 *
 *   npx tsx functions/scripts/bundle-lambdas.ts [--runs 21] [--json]
 */

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const times = (value: number, base: number | undefined) =>
  (base === undefined ? Number.NaN : value / base).toFixed(2).padStart(7);

async function main() {
  const args = process.argv.slice(2);
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 21;
  const { bundles, dispose } = await bundleAll({ baselines: true });
  try {
    const { probes } = await coldStartProbes(bundles);
    const { samples } = await measureColdStarts(probes, runs);
    const measured = summarize(bundles, samples);
    const hello = measured.find((row) => row.name === BASELINE.helloWorld);
    const floor = measured.find((row) => row.name === BASELINE.sdkFloor);
    if (!hello || !floor) throw new Error('a baseline is missing');
    const rows = measured.map((row, index) => {
      const bundle = bundles[index] as BuiltBundle;
      const forbidden = bundle.kind === 'http' || bundle.kind === 'websocket' ? forbiddenInputs(bundle) : [];
      return {
        ...row,
        budget: bundle.kind === 'baseline' ? null : MAX_BUNDLE_BYTES,
        withinSizeTarget: bundle.kind === 'baseline' || bundle.bytes <= MAX_BUNDLE_BYTES,
        forbidden: [...new Set(forbidden.map((finding) => finding.name))],
      };
    });
    if (args.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ runs, rows }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `Lambda bundles (esbuild, minified ESM, ${LAMBDA_NODE_TARGET}); medians of ${runs} interleaved fresh processes; ` +
          'x = ratio to the stock SDK-only handler (wall-clock, CPU); +1st = load and a first request\n\n',
      );
      process.stdout.write(
        'function                            size  load ms  x hello  x sdk  x cpu  +1st ms  x sdk  x cpu   notes\n',
      );
      for (const row of rows) {
        const notes = [
          row.budget === null ? '' : `budget ${kb(row.budget)}${row.withinSizeTarget ? '' : ' EXCEEDED'}`,
          row.forbidden.length ? `contains ${row.forbidden.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ');
        process.stdout.write(
          [
            row.name.padEnd(29),
            kb(row.bytes).padStart(10),
            row.loadMs.toFixed(1).padStart(8),
            times(row.loadMs, hello.loadMs).padStart(8),
            times(row.loadMs, floor.loadMs).padStart(6),
            times(row.loadCpuMs, floor.loadCpuMs).padStart(6),
            row.firstRequestMs.toFixed(1).padStart(8),
            times(row.firstRequestMs, floor.firstRequestMs).padStart(6),
            times(row.firstRequestCpuMs, floor.firstRequestCpuMs).padStart(6),
            `  ${notes}\n`,
          ].join(' '),
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

await main();
