import { RectifierError } from '@rectifier/core';
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

/** Reads a network back from `serializeNetwork`'s text; `source` names it in errors. */
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
  for (const parameter of network.parameters) {
    const stored = saved.parameters?.[parameter.name];
    if (!stored) throw invalid(source, `parameter '${parameter.name}' is missing`);
    const bytes = Buffer.from(stored.float32, 'base64');
    if (bytes.byteLength !== parameter.values.byteLength) {
      throw invalid(
        source,
        `parameter '${parameter.name}' has ${bytes.byteLength / 4} values, expected ` +
          `${parameter.values.length}`,
      );
    }
    parameter.values = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
  }
  return network;
}
