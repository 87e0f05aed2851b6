import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BUNDLE_BYTES } from '../../functions/scripts/lambda-bundling';
import { resourcesOf, synthesizeApp } from './support/synth';

/**
 * The one test that bundles for real, exactly as `cdk synth` does (NodejsFunction, local esbuild): every
 * function's asset is an ESM bundle with its source map, within its size budget, and the photo function
 * carries sharp for linux-arm64 next to it. The first run installs that sharp build into infra/.cache (npm).
 */
describe('real Lambda bundles (cdk synth)', () => {
  it('bundles every function within budget; the photo function ships sharp for linux-arm64', {
    timeout: 600_000,
  }, () => {
    const { app, stacks, template } = synthesizeApp({ stubCode: false });
    const assembly = app.synth();
    const sizes: Record<string, number> = {};
    for (const stack of [stacks.api, stacks.photo]) {
      if (!stack) continue;
      for (const [id, fn] of resourcesOf(template(stack), 'AWS::Lambda::Function')) {
        const key = (fn.Code as { S3Key?: string }).S3Key;
        if (!key || fn.Runtime !== 'nodejs22.x') continue;
        const dir = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
        expect(existsSync(join(dir, 'index.mjs')), id).toBe(true);
        expect(existsSync(join(dir, 'index.mjs.map')), id).toBe(true);
        const name = /^Fn(.+?)Function/.exec(id)?.[1] ?? id;
        sizes[name] = statSync(join(dir, 'index.mjs')).size;
        if (name === 'photo') {
          const img = readdirSync(join(dir, 'node_modules', '@img'));
          expect(img).toEqual(expect.arrayContaining(['sharp-linux-arm64', 'sharp-libvips-linux-arm64']));
          expect(existsSync(join(dir, 'node_modules', 'sharp', 'package.json'))).toBe(true);
        }
        expect(sizes[name], `${name}: ${sizes[name]} bytes`).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
      }
    }
    console.info('Lambda bundle sizes (bytes):', sizes);
    expect(Object.keys(sizes)).toEqual(
      expect.arrayContaining(['system', 'auth', 'profile', 'realtime', 'photo']),
    );
  });
});
