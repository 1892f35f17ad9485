#!/usr/bin/env node
import { reportError } from './errors.js';
import { createProgram } from './program.js';

// A reader that stops early (`rectifier activations | head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

// Work that is finished must not be held up by a handle someone forgot to close (a worker
// thread of a backend, say); an unref'd timer does not itself keep the process alive.
setTimeout(() => process.exit(), 2000).unref();
