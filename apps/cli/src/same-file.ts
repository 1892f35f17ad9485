import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The path that `file` names, absolute and with symbolic links followed where the file, or
 * else its directory, exists: `sd/../sd/a.json` and a link to `a.json` both give `a.json`'s.
 */
export function canonicalPath(file: string): string {
  const absolute = resolve(file);
  try {
    return realpathSync(absolute);
  } catch {
    // The file is not there yet; its directory may be, behind a link of its own.
  }
  try {
    return join(realpathSync(dirname(absolute)), basename(absolute));
  } catch {
    return absolute;
  }
}

/** Whether two paths name the same file, however each is spelled. */
export function sameFile(first: string, second: string): boolean {
  return canonicalPath(first) === canonicalPath(second);
}
