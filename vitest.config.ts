import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['functions', 'web', 'web/e2e/vitest.config.ts', 'infra', 'helm'],
  },
});
