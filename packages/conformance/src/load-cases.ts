import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case } from './case.js';
import { parseCaseFile } from './case-file.js';
import { isOnnxCaseFolder, readOnnxCase } from './onnx-layout.js';
import { invalidCase } from './values.js';

/** The cases this package ships: cases/golden (PyTorch) and cases/onnx-node (ONNX). */
export const BUNDLED_CASES: string = fileURLToPath(new URL('../cases/', import.meta.url));

function walk(root: string, folder: string, cases: Case[]): void {
  if (isOnnxCaseFolder(folder)) {
    cases.push(readOnnxCase(folder, relative(root, folder).split(sep).join('/')));
    return;
  }
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) walk(root, path, cases);
    else if (entry.endsWith('.json')) readJsonFile(root, path, cases);
  }
}

function readJsonFile(root: string, path: string, cases: Case[]): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalidCase(path, `it is not JSON (${(error as Error).message}).`);
  }
  const prefix = relative(root, path)
    .split(sep)
    .join('/')
    .replace(/\.json$/, '');
  for (const testCase of parseCaseFile(parsed, path)) {
    cases.push({ ...testCase, name: `${prefix}/${testCase.name}` });
  }
}

/**
 * Every case under a folder, sorted by name: the cases of each JSON case file, named
 * `<file path without .json>/<case name>` (golden/relu/edges), and each folder with a
 * model.onnx, named by its path (onnx-node/test_relu). Without a folder, the bundled cases.
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
