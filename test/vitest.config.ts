import { defineConfig } from 'vitest/config';

// Repository-wide tests: the real content against the facts, and meta-tests that keep the house in order.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'facts/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
