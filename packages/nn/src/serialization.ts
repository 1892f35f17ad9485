import { RectifierError } from '@rectifier/core';
import type { Parameter } from './layers/layer.js';
import { Sequential, type NetworkConfig } from './layers/sequential.js';

/** The format tag of a saved network, so that other JSON files are recognised as such. */
export const MODEL_FORMAT = 'rectifier-network';
export const MODEL_VERSION = 1;

interface SavedNetwork {
  format: typeof MODEL_FORMAT;
  version: number;
  network: NetworkConfig;
  /** Each parameter's float32 values, little-endian, in base64, so that they round-trip. */
  parameters: Record<string, { shape: number[]; float32: string }>;
}

function invalid(source: string, problem: string): RectifierError {
  return new RectifierError(
    'INVALID_MODEL',
    `${source} is not a usable Rectifier network: ${problem}. Save one with ` +
      '`rectifier train --save FILE`.',
  );
}

/** A stored value as a message shows it: JSON, cut short where it is long. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function shapeText(shape: readonly unknown[]): string {
  return `[${shape.map(shown).join(', ')}]`;
}

const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/**
 * Why `text` is not base64 as `serializeNetwork` writes it (padded, on one line), or undefined
 * where it is. Buffer.from(text, 'base64') would skip junk and stop at a stray '=' instead.
 */
function base64Problem(text: string): string | undefined {
  const junk = NOT_BASE64.exec(text);
  if (junk) return `character ${junk.index + 1}, ${shown(junk[0])}, is not base64`;
  if (text.length % 4 !== 0) {
    return `its length, ${text.length} characters, is not a multiple of 4 (it may be cut short)`;
  }
  const padding = text.indexOf('=');
  if (padding !== -1 && !['=', '=='].includes(text.slice(padding))) {
    return "it has '=' before its end";
  }
  return undefined;
}

/**
 * Checks a stored parameter against the parameter the network's architecture declares, and
 * returns its values: an object whose `shape` is the declared one and whose `float32` is that
 * many float32 values in base64.
 */
function readParameter(
  stored: unknown,
  parameter: Parameter,
  layerName: string,
  source: string,
): Float32Array {
  const name = `parameter '${parameter.name}'`;
  const expected = shapeText(parameter.shape);
  if (stored === undefined) throw invalid(source, `${name} is missing`);
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    throw invalid(
      source,
      `${name} is ${shown(stored)}; expected an object with its \`shape\` and its values as ` +
        'a base64 `float32` string',
    );
  }

  const { shape, float32 } = stored as { shape?: unknown; float32?: unknown };
  if (shape === undefined) {
    throw invalid(source, `${name} has no \`shape\`; layer '${layerName}' needs ${expected}`);
  }
  const sameShape =
    Array.isArray(shape) &&
    shape.length === parameter.shape.length &&
    shape.every((size, axis) => size === parameter.shape[axis]);
  if (!sameShape) {
    const actual = Array.isArray(shape) ? shapeText(shape) : shown(shape);
    throw invalid(
      source,
      `${name} has shape ${actual}, but layer '${layerName}' needs ${expected}`,
    );
  }

  if (typeof float32 !== 'string') {
    const found =
      float32 === undefined
        ? `has no \`float32\` (its keys: ${Object.keys(stored).join(', ')})`
        : `has \`float32\` ${shown(float32)}`;
    throw invalid(source, `${name} ${found}; expected its values as a base64 \`float32\` string`);
  }
  const problem = base64Problem(float32);
  if (problem) throw invalid(source, `${name}: its \`float32\` is not valid base64: ${problem}`);

  const bytes = Buffer.from(float32, 'base64');
  if (bytes.byteLength % 4 !== 0) {
    throw invalid(
      source,
      `${name}: its \`float32\` holds ${bytes.byteLength} bytes, which is not a whole number ` +
        'of 4-byte float32 values (it may be cut short)',
    );
  }
  const count = bytes.byteLength / 4;
  if (count !== parameter.values.length) {
    throw invalid(
      source,
      `${name} has ${count} float32 value${count === 1 ? '' : 's'}, expected ` +
        `${parameter.values.length} for shape ${expected}`,
    );
  }
  return new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
}

/** A network, architecture and parameters, as JSON text. */
export function serializeNetwork(network: Sequential): string {
  const parameters: SavedNetwork['parameters'] = {};
  for (const parameter of network.parameters) {
    const bytes = new Uint8Array(
      parameter.values.buffer,
      parameter.values.byteOffset,
      parameter.values.byteLength,
    );
    parameters[parameter.name] = {
      shape: [...parameter.shape],
      float32: Buffer.from(bytes).toString('base64'),
    };
  }
  const saved: SavedNetwork = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    network: network.toConfig(),
    parameters,
  };
  return `${JSON.stringify(saved, null, 1)}\n`;
}

/**
 * Reads a network back from `serializeNetwork`'s text; `source` names it in errors. Each
 * parameter must have the shape its layer declares and exactly that many float32 values in
 * strict base64; anything else is an INVALID_MODEL error naming the parameter.
 */
export function deserializeNetwork(text: string, source = 'The model'): Sequential {
  let saved: SavedNetwork;
  try {
    saved = JSON.parse(text) as SavedNetwork;
  } catch (error) {
    // Parse errors quote the text, which for a binary file (an ONNX model, say) is noise.
    // eslint-disable-next-line no-control-regex
    const binary = /[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 1024));
    throw invalid(
      source,
      binary
        ? 'it is binary data, not JSON (an ONNX model is read by `rectifier predict`)'
        : `it is not valid JSON (${(error as Error).message})`,
    );
  }
  if (saved?.format !== MODEL_FORMAT) throw invalid(source, `its format is not '${MODEL_FORMAT}'`);
  if (saved.version !== MODEL_VERSION) {
    throw invalid(source, `it has version ${saved.version}; this Rectifier reads ${MODEL_VERSION}`);
  }

  let network: Sequential;
  try {
    network = Sequential.fromConfig(saved.network);
  } catch (error) {
    throw invalid(source, `its architecture is wrong (${(error as Error).message})`);
  }
  for (const layer of network.layers) {
    for (const parameter of layer.parameters) {
      const stored: unknown = saved.parameters?.[parameter.name];
      parameter.values = readParameter(stored, parameter, layer.name, source);
    }
  }
  // A parameter no layer declares means the file and its architecture disagree.
  const declared = new Set(network.parameters.map((parameter) => parameter.name));
  const extra = Object.keys(saved.parameters ?? {}).filter((name) => !declared.has(name));
  if (extra.length > 0) {
    const names = extra.map((name) => `'${name}'`).join(', ');
    throw invalid(source, `it has parameters that no layer of its network declares: ${names}`);
  }
  return network;
}
