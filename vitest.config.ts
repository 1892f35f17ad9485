import { defineConfig } from 'vitest/config';

// Runs every package's tests from the root: `npx vitest run`.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/docs', 'tooling/integration'],
  },
});
