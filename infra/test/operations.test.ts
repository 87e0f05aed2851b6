import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cdkJsonFeatureFlags } from './support/synth';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** Flags deliberately set against the recommendation, and why. */
const deliberate: Record<string, string> = {
  '@aws-cdk/core:defaultCrossStackReferences':
    'strong: the stacks reference each other through exports, so CloudFormation refuses to delete a value in use',
};

describe('cdk.json feature flags', () => {
  it('sets every flag aws-cdk-lib recommends, to the recommended value, before the first deploy', () => {
    const recommended = require('aws-cdk-lib/recommended-feature-flags.json') as Record<string, unknown>;
    const flags = cdkJsonFeatureFlags();
    const missing = Object.keys(recommended).filter((flag) => !(flag in flags));
    expect(missing).toEqual([]);
    for (const [flag, value] of Object.entries(recommended)) {
      if (!(flag in deliberate)) expect(flags[flag], flag).toEqual(value);
    }
  });
});

describe('cdk-nag', () => {
  it('is pinned to an exact version (nag.ts imports its internals)', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'infra', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['cdk-nag']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
