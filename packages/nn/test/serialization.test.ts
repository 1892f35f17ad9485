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

  it('reject a parameter with the wrong number of values, counting whole values', () => {
    const network = mlp({ inputSize: 2, hidden: [2], outputs: 2, seed: 0 });
    const saved = JSON.parse(serializeNetwork(network));
    saved.parameters['dense0.weight'].float32 = Buffer.from(new Uint8Array(4)).toString('base64');
    expect(() => deserializeNetwork(JSON.stringify(saved), 'm.json')).toThrow(
      "m.json is not a usable Rectifier network: parameter 'dense0.weight' has 1 float32 " +
        'value, expected 4 for shape [2, 2]. Save one with `rectifier train --save FILE`.',
    );
  });
});

/** A saved 784-64-10 network whose `dense0.weight` entry `change` has rewritten. */
function savedWith(change: (entry: Record<string, unknown>, saved: SavedJson) => void): string {
  const network = mlp({ inputSize: 784, hidden: [64], outputs: 10, seed: 1 });
  const saved = JSON.parse(serializeNetwork(network)) as SavedJson;
  change(saved.parameters['dense0.weight'] as Record<string, unknown>, saved);
  return JSON.stringify(saved);
}

interface SavedJson {
  parameters: Record<string, unknown>;
}

/** The RectifierError that reading `text` throws. */
function readError(text: string): RectifierError {
  try {
    deserializeNetwork(text, 'network.json');
  } catch (error) {
    expect(error).toBeInstanceOf(RectifierError);
    const typed = error as RectifierError;
    expect(typed.code).toBe('INVALID_MODEL');
    expect(typed.message).not.toContain('\n');
    expect(typed.message).toMatch(/^network\.json is not a usable Rectifier network: /);
    return typed;
  }
  return expect.fail('expected deserializeNetwork to throw');
}

describe('saved networks with a malformed parameter entry', () => {
  const expectedForm = 'expected its values as a base64 `float32` string';

  it('name the parameter when float32 is a number', () => {
    const error = readError(savedWith((entry) => (entry.float32 = 12)));
    expect(error.message).toContain(
      `parameter 'dense0.weight' has \`float32\` 12; ${expectedForm}`,
    );
  });

  it('name the parameter when float32 is renamed', () => {
    const text = savedWith((entry) => {
      entry.float64 = entry.float32;
      delete entry.float32;
    });
    expect(readError(text).message).toContain(
      `parameter 'dense0.weight' has no \`float32\` (its keys: shape, float64); ${expectedForm}`,
    );
  });

  it.each([
    ['a string', 'x', '"x"'],
    ['null', null, 'null'],
    ['a number', 5, '5'],
    ['an array', [1, 2], '[1,2]'],
  ])('name the parameter when it is %s', (_, value, shown) => {
    const text = savedWith((_entry, saved) => (saved.parameters['dense0.weight'] = value));
    expect(readError(text).message).toContain(
      `parameter 'dense0.weight' is ${shown}; expected an object with its \`shape\` and its ` +
        'values as a base64 `float32` string',
    );
  });
});

describe('saved networks with float32 data that is not whole float32 values', () => {
  it('reject characters outside base64, which Buffer would skip', () => {
    const text = savedWith((entry) => {
      const data = entry.float32 as string;
      entry.float32 = `${data.slice(0, 16)}!${data.slice(17)}`;
    });
    expect(readError(text).message).toContain(
      "parameter 'dense0.weight': its `float32` is not valid base64: character 17, " +
        '"!", is not base64',
    );
  });

  it('reject base64 cut to a length that is not a multiple of 4', () => {
    const text = savedWith((entry) => (entry.float32 = (entry.float32 as string).slice(0, 134)));
    expect(readError(text).message).toContain(
      'its `float32` is not valid base64: its length, 134 characters, is not a multiple of 4',
    );
  });

  it("reject '=' before the end", () => {
    const text = savedWith((entry) => (entry.float32 = `AAAA=AAA${entry.float32 as string}`));
    expect(readError(text).message).toContain("is not valid base64: it has '=' before its end");
  });

  it.each([
    ['AAAAAAAA', 6],
    ['AAAA', 3],
    ['AAAAAAA=', 5],
  ])('reject %s, %i bytes, without a fractional count', (data, bytes) => {
    const message = readError(savedWith((entry) => (entry.float32 = data))).message;
    expect(message).toContain(
      `parameter 'dense0.weight': its \`float32\` holds ${bytes} bytes, which is not a whole ` +
        'number of 4-byte float32 values',
    );
    expect(message).not.toMatch(/\d\.\d/);
  });

  it('reject data cut to 75 bytes, once reported as 18.75 values', () => {
    const text = savedWith((entry) => (entry.float32 = (entry.float32 as string).slice(0, 100)));
    expect(readError(text).message).toContain(
      "parameter 'dense0.weight': its `float32` holds 75 bytes, which is not a whole number",
    );
  });

  it('report data cut to whole values as a whole count', () => {
    const text = savedWith((entry) => (entry.float32 = (entry.float32 as string).slice(0, 96)));
    expect(readError(text).message).toContain(
      "parameter 'dense0.weight' has 18 float32 values, expected 50176 for shape [784, 64]",
    );
  });
});

describe('saved networks with a stored shape', () => {
  it.each([
    [[784, 65], '[784, 65]'],
    [[64, 784], '[64, 784]'],
    [[784, 64, 1], '[784, 64, 1]'],
    [[784, '64'], '[784, "64"]'],
    ['784x64', '"784x64"'],
  ])('reject %j, naming both shapes', (shape, shown) => {
    const text = savedWith((entry) => (entry.shape = shape));
    expect(readError(text).message).toContain(
      `parameter 'dense0.weight' has shape ${shown}, but layer 'dense0' needs [784, 64]`,
    );
  });

  it('reject a wrong bias shape', () => {
    const text = savedWith((_entry, saved) => {
      (saved.parameters['dense1.bias'] as { shape: number[] }).shape = [1, 10];
    });
    expect(readError(text).message).toContain(
      "parameter 'dense1.bias' has shape [1, 10], but layer 'dense1' needs [10]",
    );
  });

  it('reject a parameter that no layer declares', () => {
    const text = savedWith((entry, saved) => {
      saved.parameters['dense9.weight'] = { ...entry };
    });
    expect(readError(text).message).toContain(
      "it has parameters that no layer of its network declares: 'dense9.weight'",
    );
  });

  it('reject an entry without a shape', () => {
    const text = savedWith((entry) => delete entry.shape);
    expect(readError(text).message).toContain(
      "parameter 'dense0.weight' has no `shape`; layer 'dense0' needs [784, 64]",
    );
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
