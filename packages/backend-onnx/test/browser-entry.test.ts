import { activate, activationGrad } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../src/browser.js';

// The browser entry runs onnxruntime-web; in Node that package loads its WebAssembly build, so
// the same backend code can be checked here on a few values.
describe('the browser entry, on onnxruntime-web', () => {
  it('runs eager activations and their gradients', async () => {
    const backend = createBackend();
    const x = backend.tensor([-2, -0.5, 0, 1.5, NaN], [5]);
    expect(await (await activate('relu', x)).data()).toEqual(Float32Array.of(0, 0, 0, 1.5, NaN));
    const slope = await (await activationGrad('leaky-relu', x)).data();
    expect(slope).toEqual(Float32Array.of(0.01, 0.01, 0.01, 1, NaN).map(Math.fround));
    await backend.dispose();
  });
});
