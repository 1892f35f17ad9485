import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import type { Contender } from '../src/contender.js';
import { createOrtHandwrittenTrainer } from '../src/ort-handwritten.js';
import { createRectifierTrainer } from '../src/rectifier-trainer.js';
import { sgdStepModel } from '../src/sgd-step-model.js';
import { DEFAULT_WORKLOAD, loadSamples } from '../src/workload.js';

const SIZES = [784, 64, 32, 16, 10];

/** The mean losses of the warm-up and the first timed epoch. */
async function losses(contender: Contender): Promise<number[]> {
  try {
    return [await contender.trainEpoch(0, () => {}), await contender.trainEpoch(1, () => {})];
  } finally {
    contender.dispose();
  }
}

describe('the hand-written ONNX step', () => {
  it('is standard ONNX ops only: 40 nodes with a fixed batch, 44 with a symbolic one', () => {
    const fixed = sgdStepModel({ sizes: SIZES, learningRate: 0.05, batchSize: 64 });
    const model = onnxProto.onnx.ModelProto.decode(fixed.bytes);
    expect(model.opsetImport.map(({ domain, version }) => [domain, Number(version)])).toEqual([
      ['', 17],
    ]);
    expect(model.graph?.node?.every((node) => !node.domain)).toBe(true);
    expect(fixed.nodeCount).toBe(40);
    expect(sgdStepModel({ sizes: SIZES, learningRate: 0.05 }).nodeCount).toBe(44);
  });

  // 256 digits are four whole batches (a fixed batch); 200 end with a batch of 8 (symbolic).
  it.each([256, 200])('trains as rectifier-onnx does on %i digits', async (samples) => {
    const workload = { ...DEFAULT_WORKLOAD, samples };
    const data = loadSamples(workload);

    const reference = await losses(await createRectifierTrainer(workload, data, 'onnx'));
    const handwritten = await losses(await createOrtHandwrittenTrainer(workload, data));

    // The bench's warm-up loss check: float32 rounding, far below its 1e-5 alarm.
    expect(Math.abs((handwritten[0] as number) - (reference[0] as number))).toBeLessThan(1e-6);
    expect(Math.abs((handwritten[1] as number) - (reference[1] as number))).toBeLessThan(1e-6);
    expect(handwritten[1]).toBeLessThan(handwritten[0] as number);
  });
});
