import { defineConfig } from 'vitest/config';

/** Chart tests: helm lint/template of every values file, rendered-manifest rules, schema, values docs. */
export default defineConfig({
  test: {
    name: 'helm',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
