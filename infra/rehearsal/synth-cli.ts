import { synthesizeForRehearsal } from './synth';

/**
 * `tsx infra/rehearsal/synth-cli.ts <outdir> [key=value ...]`: synthesizes the app with real bundles into
 * `<outdir>` (context values as `cdk synth -c` takes them) and prints the assembly directory. The rehearsal
 * runs it in a child process, so its test process never imports the CDK app.
 */
const [outdir, ...pairs] = process.argv.slice(2);
if (!outdir) {
  console.error('usage: synth-cli.ts <outdir> [key=value ...]');
  process.exit(2);
}
const context = Object.fromEntries(
  pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`context "${pair}" is not key=value`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
process.stdout.write(`${synthesizeForRehearsal({ outdir, context })}\n`);
