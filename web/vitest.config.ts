import { defineConfig } from 'vitest/config';

/** Unit tests of components and lib. Browser tests live in e2e/ and have their own config. */
export default defineConfig({
  test: {
    name: 'web',
    include: ['src/**/*.test.{ts,tsx}'],
    // Component tests (*.test.tsx) ask for happy-dom in their first line; the rest run in plain Node.
    environment: 'node',
  },
});
