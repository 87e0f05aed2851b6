import { defineConfig } from 'vitest/config';

/**
 * The deployment rehearsal (`npm run rehearse`, and part of `npm test`): the API suites and the rehearsal's
 * own checks through the assets `cdk synth` produces (test/rehearsal). One file, one synth, one world.
 */
export default defineConfig({
  test: {
    name: 'rehearsal',
    include: ['test/rehearsal/*.rehearsal.ts'],
    env: { API_TARGETS: 'rehearsal' },
    // The synth with real bundles takes ~40 s on a busy machine; each suite's start only empties the data.
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
