import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'functions',
      'functions/vitest.rehearsal.config.ts',
      'web',
      'web/e2e/vitest.config.ts',
      'infra',
      'helm',
    ],
  },
});
