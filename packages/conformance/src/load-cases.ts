import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case } from './case.js';
import { parseCaseFile } from './case-file.js';
import { isOnnxCaseFolder, readOnnxCase } from './onnx-layout.js';
import { invalidCase } from './values.js';

/** The cases this package ships: cases/golden (PyTorch) and cases/onnx-node (ONNX). */
export const BUNDLED_CASES: string = fileURLToPath(new URL('../cases/', import.meta.url));

/**
 * The cases `read` returns or, when it throws, one unreadable case named `name` that carries
 * the error: a broken case is reported against its name instead of stopping the suite.
 */
function readOrReport(source: string, name: string, read: () => Case[]): Case[] {
  try {
    return read();
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error));
    return [{ format: 'unreadable', name, source, error: reason }];
  }
}

// A folder that is itself the case, the root, is named by its own name rather than ''.
function walk(root: string, folder: string, cases: Case[]): void {
  if (isOnnxCaseFolder(folder)) {
    const name = relative(root, folder).split(sep).join('/') || basename(resolve(folder));
    cases.push(...readOrReport(folder, name, () => [readOnnxCase(folder, name)]));
    return;
  }
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) walk(root, path, cases);
    else if (entry.endsWith('.json')) readJsonFile(root, path, cases);
  }
}

function readJsonFile(root: string, path: string, cases: Case[]): void {
  const prefix = relative(root, path)
    .split(sep)
    .join('/')
    .replace(/\.json$/, '');
  const read = (): Case[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw invalidCase(path, `it is not JSON (${(error as Error).message}).`);
    }
    return parseCaseFile(parsed, path).map((testCase) => ({
      ...testCase,
      name: `${prefix}/${testCase.name}`,
    }));
  };
  cases.push(...readOrReport(path, prefix, read));
}

/**
 * Every case under a folder, sorted by name: the cases of each JSON case file, named
 * `<file path without .json>/<case name>` (golden/relu/edges), and each folder with a
 * model.onnx, named by its path (onnx-node/test_relu), or by its name when the folder given
 * is itself one. Without a folder, the bundled cases. A case folder or file that cannot be
 * read becomes one UnreadableCase, which the runner reports as errored.
 *
 * @example
 * const cases = loadCases('my-cases'); // my-cases/relu.json, my-cases/test_tiny/model.onnx
 */
export function loadCases(folder: string = BUNDLED_CASES): Case[] {
  const cases: Case[] = [];
  walk(folder, folder, cases);
  const seen = new Set<string>();
  for (const { name } of cases) {
    if (seen.has(name)) throw invalidCase(folder, `two cases are named '${name}'.`);
    seen.add(name);
  }
  return cases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
