import { defineConfig } from 'vitest/config';

// Tests import the workspace packages from their TypeScript sources (the "source" export
// condition), so a change is tested without a rebuild.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // A shared 2-core machine can be slow; setup hooks that build or train need room too.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
