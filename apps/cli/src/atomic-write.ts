import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { RunError, UsageError } from './errors.js';

// The temporary file sits beside the target, so that the rename stays on one file system and
// is atomic: readers see the old file or the new one, never half of one.
function temporaryPath(file: string): string {
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  return join(dirname(file), `.${basename(file)}.${suffix}`);
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or never made; either way nothing is left behind.
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Checks, before a long run, that `file` can be written later: its directory exists, it is not
 * itself a directory, and a file can be made beside it. `option` names the flag in errors.
 */
export function checkWritable(file: string, option: string): void {
  const target = resolve(file);
  const directory = dirname(target);
  let parent;
  try {
    parent = statSync(directory);
  } catch {
    // Missing, or a component of the path is not a directory: reported below.
  }
  if (!parent?.isDirectory()) {
    throw new UsageError(
      `${option} ${file}: ${directory} ${parent ? 'is not a directory' : 'does not exist'}. ` +
        'Create the directory first, or choose a file in an existing directory.',
    );
  }
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`${option} ${file} is a directory; give the path of a file in it.`);
  }

  const probe = temporaryPath(target);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    throw new UsageError(
      `${option} ${file}: cannot create files in ${directory} (${reason(error)}). ` +
        'Choose a directory you can write to.',
    );
  }
  removeQuietly(probe);
}

/**
 * Writes `contents` (text, or bytes such as an ONNX model) to `file` whole or not at all: into
 * a temporary file in the same directory, then renamed over the target. On failure the
 * temporary file is removed.
 */
export function writeFileAtomic(file: string, contents: string | Uint8Array): void {
  const target = resolve(file);
  const temporary = temporaryPath(target);
  try {
    writeFileSync(temporary, contents, { flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    removeQuietly(temporary);
    throw new RunError(`Cannot write ${file}: ${reason(error)}. It is left as it was.`, {
      cause: error,
    });
  }
}
