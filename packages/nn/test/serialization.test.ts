import { RectifierError } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { deserializeNetwork, mlp, serializeNetwork } from '../src/index.js';

describe('saved networks', () => {
  it('round-trip architecture and every parameter bit for bit', () => {
    const network = mlp({
      inputSize: 5,
      hidden: [4, 3],
      outputs: 2,
      activation: 'leaky-relu',
      attributes: { alpha: 0.2 },
      seed: 3,
    });
    const restored = deserializeNetwork(serializeNetwork(network));
    expect(restored.toConfig()).toEqual(network.toConfig());
    restored.parameters.forEach((parameter, index) => {
      expect(parameter.values).toEqual(network.parameters[index]!.values);
    });
  });

  it('reject text that is not a saved network, naming the source', () => {
    const cases = ['not json', '{"format":"other"}', '{"format":"rectifier-network","version":99}'];
    for (const text of cases) {
      expect(() => deserializeNetwork(text, 'model.json')).toThrow(RectifierError);
      expect(() => deserializeNetwork(text, 'model.json')).toThrow(/model\.json/);
    }
  });

  it('reject a parameter with the wrong number of values', () => {
    const network = mlp({ inputSize: 2, hidden: [2], outputs: 2, seed: 0 });
    const saved = JSON.parse(serializeNetwork(network));
    saved.parameters['dense0.weight'].float32 = Buffer.from(new Uint8Array(4)).toString('base64');
    expect(() => deserializeNetwork(JSON.stringify(saved), 'm.json')).toThrow(/dense0\.weight/);
  });
});

describe('saved networks read from binary files', () => {
  it('say the file is binary instead of quoting it', () => {
    const text = String.fromCharCode(8, 3, 18, 0, 0x72, 0x65, 1, 2);
    expect(() => deserializeNetwork(text, 'model.onnx')).toThrow(
      /model\.onnx is not a usable Rectifier network: it is binary data, not JSON/,
    );
  });
});
