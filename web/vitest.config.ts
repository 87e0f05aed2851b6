import { defineConfig } from 'vitest/config';

/** Unit tests of components and lib. Browser tests live in e2e/ and have their own config. */
export default defineConfig({
  test: {
    name: 'web',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
