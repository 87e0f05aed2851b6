import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { readStageConfig } from '../lib/config';
import { createDatingApp } from '../lib/dating-app';

/** Context of the rehearsal's synth unless the caller gives its own (`-c key=value` of `npm run rehearse`). */
export const REHEARSAL_CONTEXT: Record<string, string> = {
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
  stage: 'rehearsal',
  account: '123456789012',
  region: 'eu-west-1',
  // The mail stack (SQS queue, sender and feedback functions) is part of the rehearsal too.
  mailDomain: 'mail.rehearsal.example',
  // scrypt at N=2^17 takes ~0.4 s per hash here; the suites register hundreds of accounts.
  passwordHashCost: '14',
  // Links in mail point here. The API suites register accounts without opening mail, so verification is off
  // (a stage's default is `required`); the account-email routes are rehearsed on their own.
  publicOrigin: 'https://rehearsal.example',
  emailVerification: 'off',
};

/**
 * Synthesizes the CDK app exactly as `cdk synth` does (bin/app.ts: real esbuild bundles, NodejsFunction), into
 * a fresh cloud assembly directory (a temp dir unless `outdir` is given). cdk-nag is left out: it checks the
 * templates, not the code, and `npx vitest run --project infra` runs it.
 */
export function synthesizeForRehearsal(
  options: { context?: Record<string, string>; outdir?: string } = {},
): string {
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'rehearsal-cdk-out-'));
  const app = new App({
    outdir,
    context: { appVersion: '0.0.0-rehearsal', ...REHEARSAL_CONTEXT, ...options.context },
  });
  createDatingApp(app, readStageConfig(app.node), { stubCode: false });
  return app.synth().directory;
}
