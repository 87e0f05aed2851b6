import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltBundle, bundleAll, bytesByPackage, forbiddenInputs } from '../../scripts/bundle-lambdas';
import { bundleBudget } from '../../scripts/lambda-bundling';

/**
 * Every Lambda function bundled as the CDK app bundles it (esbuild, minified ESM): HTTP functions stay small
 * and never contain zod classic, the PostgreSQL drivers, PGlite or sharp. `npx tsx
 * functions/scripts/bundle-lambdas.ts` prints the full report with module-load times.
 */
describe('Lambda bundles', () => {
  let bundles: BuiltBundle[] = [];
  let dispose = () => {};

  beforeAll(async () => {
    ({ bundles, dispose } = await bundleAll());
  }, 120_000);
  afterAll(() => dispose());

  it('bundles every function', () => {
    expect(bundles.map((bundle) => bundle.name)).toEqual(
      expect.arrayContaining(['system', 'auth', 'profile', 'realtime', 'photo-uploads']),
    );
  });

  it('keeps zod classic, pg, PGlite and sharp out of every API function', () => {
    const found = bundles
      .filter((bundle) => bundle.kind !== 'photo')
      .flatMap((bundle) =>
        forbiddenInputs(bundle).map((finding) => `${bundle.name}: ${finding.name} (${finding.input})`),
      );
    expect(found).toEqual([]);
  });

  it('keeps every API function within its size budget', () => {
    const over = bundles
      .filter((bundle) => bundle.kind !== 'photo' && bundle.bytes > bundleBudget(bundle.name))
      .map(
        (bundle) =>
          `${bundle.name}: ${(bundle.bytes / 1024).toFixed(1)} KB > ${(bundleBudget(bundle.name) / 1024).toFixed(0)} KB; ` +
          `largest: ${bytesByPackage(bundle)
            .slice(0, 5)
            .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KB`)
            .join(', ')}`,
      );
    expect(over).toEqual([]);
  });

  it('keeps sharp out of the photo bundle (it ships as the linux-arm64 package next to it)', () => {
    const photo = bundles.find((bundle) => bundle.name === 'photo-uploads');
    expect(photo && forbiddenInputs(photo).filter((finding) => finding.name !== 'sharp')).toEqual([]);
    expect(
      Object.keys(photo?.metafile.inputs ?? {}).some((input) => /node_modules\/sharp\//.test(input)),
    ).toBe(false);
  });
});
