import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI; turbo builds it before the tests run. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** What a run of the CLI gave back. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/bin.js ...args` and resolves with its exit code and output, never rejects. */
export function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, RECTIFIER_DEBUG: '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The lines of an output, without the empty one after the last newline. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
