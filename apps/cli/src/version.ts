import { createRequire } from 'node:module';

/** The version of this CLI, read from its package.json at run time so it never drifts. */
export function cliVersion(): string {
  // From dist/version.js (and src/version.ts in tests) the manifest is one directory up.
  const manifest = createRequire(import.meta.url)('../package.json') as { version: string };
  return manifest.version;
}
