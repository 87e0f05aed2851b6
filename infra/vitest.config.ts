import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'infra',
    include: ['test/**/*.test.ts'],
    // Synthesizing the whole app takes a few seconds (more on a busy machine); real bundling longer.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
