#!/usr/bin/env node
import { EXIT, reportError } from './errors.js';
import { createProgram } from './program.js';

// A reader that stops early (`rectifier train | head -1`) has not got the output, so the run
// must not claim success. It ends at once and quietly, with the code a process that SIGPIPE
// ended would have, unless it had already failed; files are written whole or not at all, so
// none is left half written.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    const failed = process.exitCode !== undefined && Number(process.exitCode) !== EXIT.ok;
    process.exit(failed ? process.exitCode : EXIT.brokenPipe);
  });
}

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

// Work that is finished must not be held up by a handle someone forgot to close (a worker
// thread of a backend, say); an unref'd timer does not itself keep the process alive.
setTimeout(() => process.exit(), 2000).unref();
