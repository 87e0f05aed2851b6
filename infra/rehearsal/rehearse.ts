import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * `npm run rehearse [-- -c key=value ...] [-- --cdk-out <dir>]`: the deployment rehearsal before a deploy.
 * Synthesizes the app for the stage the context names (as `cdk synth -c` takes it; default: the rehearsal
 * context of infra/rehearsal/synth.ts), or takes an existing `cdk synth` output (`--cdk-out infra/cdk.out`,
 * copied, never changed), and runs the rehearsal project (functions/test/rehearsal) on it: every function's
 * asset in its own Node process on DynamoDB Local, s3rver and local stand-ins, the API suites through them,
 * then the per-function report. Services are required: a missing Java is an error, not a skip.
 */
const args = process.argv.slice(2);
const context: string[] = [];
let cdkOut: string | undefined;
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i] ?? '';
  if (arg === '-c' || arg === '--context') context.push(args[++i] ?? '');
  else if (arg.startsWith('--context=')) context.push(arg.slice('--context='.length));
  else if (arg === '--cdk-out') cdkOut = args[++i];
  else {
    console.error(`unknown argument ${arg}\nusage: npm run rehearse -- [-c key=value ...] [--cdk-out <dir>]`);
    process.exit(2);
  }
}
const env: NodeJS.ProcessEnv = { ...process.env, REQUIRE_SERVICES: '1' };
if (cdkOut) env.REHEARSAL_CDK_OUT = resolve(cdkOut);
if (context.length > 0) env.REHEARSAL_CONTEXT = [...context, env.REHEARSAL_CONTEXT ?? ''].join(' ').trim();
const run = spawnSync('npx', ['vitest', 'run', '--project', 'rehearsal'], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
