import { listOps } from '@rectifier/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTER_HELP, SUPPORTED_OPS } from '../src/index.js';
import { gpuOrReason, skippedName } from './helpers/gpu.js';

const { backend, reason } = await gpuOrReason();

describe('the WebGPU backend', () => {
  afterAll(() => backend?.dispose());

  it('says what to install when there is no adapter', () => {
    expect(ADAPTER_HELP).toContain('apt-get install libvulkan1 chromium');
    expect(ADAPTER_HELP).toContain('VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json');
  });

  if (!backend) {
    it(skippedName(reason ?? ''), () => {
      console.warn(`webgpu backend tests skipped: ${reason ?? ''}`);
    });
    return;
  }

  it('lists exactly the ops it implements, which are all of the op set', () => {
    expect(backend.supports('Relu')).toBe(true);
    expect(backend.supports('SoftmaxCrossEntropyLossGrad')).toBe(true);
    expect(backend.supports('NoSuchOp')).toBe(false);
    expect([...SUPPORTED_OPS].every((op) => backend.supports(op))).toBe(true);
    expect(listOps().filter((op) => !backend.supports(op.name))).toEqual([]);
  });

  it('round-trips float32, int32 and int64 tensors', async () => {
    expect([...(await backend.tensor([-1, 0, 2.5]).data())]).toEqual([-1, 0, 2.5]);
    expect([...(await backend.tensor(new Int32Array([3, -4])).data())]).toEqual([3, -4]);
    const labels = backend.tensor(new BigInt64Array([1n, 7n]));
    expect(labels.dtype).toBe('int64');
    expect([...(await labels.data())]).toEqual([1n, 7n]);
  });

  it('copies the values given to asTensor, since the GPU cannot share them', async () => {
    const values = Float32Array.of(1, 2, 3, 4);
    const x = backend.asTensor(values, [2, 2]);
    values[0] = 9;
    expect(x.shape).toEqual([2, 2]);
    expect([...(await x.data())]).toEqual([1, 2, 3, 4]);
    expect(backend.asTensor(BigInt64Array.of(5n)).dtype).toBe('int64');
  });
});
