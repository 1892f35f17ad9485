import type {
  BackwardSpec,
  CaseFile,
  CaseInput,
  Deviation,
  JsonCase,
  TensorSpec,
  ToleranceOverride,
} from './case.js';
import { decodeValues, invalidCase } from './values.js';

// Checks a parsed case file against the format of schema/case.schema.json, with errors that
// name the file, the case and the field, so that a hand-written case is easy to fix.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(value: unknown, where: string): Json {
  if (!isObject(value)) throw invalidCase(where, 'must be a JSON object.');
  return value;
}

function requireString(object: Json, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') {
    throw invalidCase(where, `"${key}" must be a non-empty string.`);
  }
  return value;
}

function requireList(object: Json, key: string, where: string): unknown[] {
  const value = object[key];
  if (!Array.isArray(value)) throw invalidCase(where, `"${key}" must be a list.`);
  return value;
}

/** A tensor spec: a name, a shape of whole sizes, a dtype and values that fill the shape. */
function tensor(value: unknown, where: string): TensorSpec {
  const object = requireObject(value, where);
  const name = requireString(object, 'name', where);
  const here = `${where} '${name}'`;
  const shape = requireList(object, 'shape', here);
  if (!shape.every((dim) => Number.isInteger(dim) && (dim as number) >= 0)) {
    throw invalidCase(here, '"shape" must list whole sizes >= 0.');
  }
  const dtype = object.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'int64') {
    throw invalidCase(here, `dtype ${String(dtype)} is not float32, int32 or int64.`);
  }
  const spec = object as unknown as TensorSpec;
  decodeValues(spec, here);
  return spec;
}

function input(value: unknown, where: string): CaseInput | null {
  if (value === null) return null;
  const spec = tensor(value, where) as CaseInput;
  if (spec.role !== undefined && spec.role !== 'input' && spec.role !== 'parameter') {
    throw invalidCase(where, `role ${String(spec.role)} is not "input" or "parameter".`);
  }
  return spec;
}

function tolerance(value: unknown, where: string): ToleranceOverride {
  const object = requireObject(value, `${where} tolerance`);
  const { rtol, atol } = object;
  if (typeof rtol !== 'number' || typeof atol !== 'number' || rtol < 0 || atol < 0) {
    throw invalidCase(where, 'tolerance needs numbers rtol >= 0 and atol >= 0.');
  }
  requireString(object, 'reason', `${where} tolerance`);
  return object as unknown as ToleranceOverride;
}

function backward(value: unknown, outputs: number, where: string): BackwardSpec {
  const object = requireObject(value, `${where} backward`);
  const upstream = requireList(object, 'outputGradients', `${where} backward`);
  if (upstream.length !== outputs) {
    throw invalidCase(where, `backward lists ${upstream.length} output gradients for ${outputs}.`);
  }
  upstream.forEach((grad, index) => grad === null || tensor(grad, `${where} dY ${index}`));
  for (const key of ['inputGradients', 'parameterGradients']) {
    if (object[key] === undefined) continue;
    requireList(object, key, where).forEach((grad) => tensor(grad, `${where} ${key}`));
  }
  return object as unknown as BackwardSpec;
}

function deviation(value: unknown, where: string): Deviation {
  const object = requireObject(value, `${where} deviation`);
  if (!['output', 'inputGradient', 'parameterGradient'].includes(object.of as string)) {
    throw invalidCase(
      where,
      'a deviation\'s "of" must be output, inputGradient or parameterGradient.',
    );
  }
  requireString(object, 'tensor', where);
  requireString(object, 'reason', where);
  if (!Number.isInteger(object.index)) throw invalidCase(where, 'a deviation needs an index.');
  return object as unknown as Deviation;
}

/** Checks one case; `where` names its file. */
export function parseCase(value: unknown, where: string): JsonCase {
  const object = requireObject(value, where);
  const name = requireString(object, 'name', where);
  const here = `${where}: case '${name}'`;
  requireString(object, 'op', here);
  if (object.attributes !== undefined) requireObject(object.attributes, `${here} attributes`);
  requireList(object, 'inputs', here).forEach((item, index) =>
    input(item, `${here} input ${index}`),
  );
  const outputs = requireList(object, 'outputs', here);
  outputs.forEach((item) => tensor(item, `${here} output`));
  if (object.backward !== undefined) backward(object.backward, outputs.length, here);
  if (object.tolerance !== undefined) tolerance(object.tolerance, here);
  if (object.deviations !== undefined) {
    requireList(object, 'deviations', here).forEach((item) => deviation(item, here));
  }
  return object as unknown as JsonCase;
}

/**
 * Checks a parsed case file and returns its cases; an INVALID_DATA error names the file, the
 * case and what is wrong.
 */
export function parseCaseFile(value: unknown, source: string): JsonCase[] {
  const file = requireObject(value, source) as Partial<CaseFile>;
  const cases = requireList(file as Json, 'cases', source).map((item) => parseCase(item, source));
  const names = new Set<string>();
  for (const { name } of cases) {
    if (names.has(name)) throw invalidCase(source, `two cases are named '${name}'.`);
    names.add(name);
  }
  return cases;
}
