import { RectifierError } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { expectClose, randomValues, run } from './helpers/harness.js';

const SAMPLES = 5;
const CLASSES = 7;
const scores = randomValues([SAMPLES, CLASSES], 21, -4, 4);
const labels = [3, 0, 6, 6, 1];
const scoresOperand = { values: scores, shape: [SAMPLES, CLASSES] };
const labelsOperand = { values: labels, shape: [SAMPLES], dtype: 'int64' as const };

/** log-softmax of each row in float64, by the textbook formula. */
function logSoftmax(values: Float32Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < columns; c++) sum += Math.exp(values[r * columns + c] as number);
    for (let c = 0; c < columns; c++) {
      out[r * columns + c] = (values[r * columns + c] as number) - Math.log(sum);
    }
  }
  return out;
}

describe('SoftmaxCrossEntropyLoss', () => {
  const logProb = logSoftmax(scores, SAMPLES, CLASSES);
  const perSample = labels.map((label, n) => -(logProb[n * CLASSES + label] as number));

  for (const reduction of ['mean', 'sum', 'none'] as const) {
    it(`computes the loss and log_prob with reduction '${reduction}'`, async () => {
      const [loss, logProbResult] = await run(
        'SoftmaxCrossEntropyLoss',
        [scoresOperand, labelsOperand],
        {
          reduction,
        },
      );
      const total = perSample.reduce((sum, value) => sum + value, 0);
      const expected =
        reduction === 'none' ? perSample : [reduction === 'mean' ? total / SAMPLES : total];

      expect(loss?.shape).toEqual(reduction === 'none' ? [SAMPLES] : []);
      expectClose(loss?.values as Float32Array, expected, 1e-6, 1e-6);
      expect(logProbResult?.shape).toEqual([SAMPLES, CLASSES]);
      expectClose(logProbResult?.values as Float32Array, logProb, 1e-6, 1e-6);
    });
  }

  it('works a small example by hand', async () => {
    // -log(e^3 / (e^1 + e^2 + e^3)) = log(1 + e^-1 + e^-2) = 0.40760596...
    const [loss] = await run('SoftmaxCrossEntropyLoss', [
      { values: [1, 2, 3], shape: [1, 3] },
      { values: [2], shape: [1], dtype: 'int64' },
    ]);
    expectClose(loss?.values as Float32Array, [0.40760596444438], 1e-7, 0);
  });

  it('stays finite for large scores, subtracting the row maximum first', async () => {
    const [loss, logProb] = await run(
      'SoftmaxCrossEntropyLoss',
      [
        { values: [1000, 0, -1000, 1000], shape: [2, 2] },
        { values: [1, 0], shape: [2], dtype: 'int64' },
      ],
      { reduction: 'none' },
    );
    expectClose(loss?.values as Float32Array, [1000, 2000], 1e-7, 0);
    expectClose(logProb?.values as Float32Array, [0, -1000, -2000, 0], 1e-7, 0);
  });

  it('makes a row with a NaN score NaN', async () => {
    const [loss] = await run(
      'SoftmaxCrossEntropyLoss',
      [
        { values: [1, NaN, 0, 2], shape: [2, 2] },
        { values: [0, 1], shape: [2], dtype: 'int64' },
      ],
      { reduction: 'none' },
    );
    expect(Number.isNaN(loss?.values[0])).toBe(true);
    expectClose([loss?.values[1] as number], [Math.log1p(Math.exp(-2))], 1e-6, 0);
  });

  for (const label of [7, -1]) {
    it(`rejects label ${label} outside [0, C), naming it and C`, async () => {
      const outOfRange = run('SoftmaxCrossEntropyLoss', [
        { values: [0, 1, 2, 3, 4, 5, 6], shape: [1, 7] },
        { values: [label], shape: [1], dtype: 'int64' },
      ]);
      await expect(outOfRange).rejects.toBeInstanceOf(RectifierError);
      await expect(outOfRange).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(outOfRange).rejects.toThrow(new RegExp(`label ${label} .*\\[0, 7\\)`));
    });
  }
});

describe('SoftmaxCrossEntropyLossGrad', () => {
  const logProb = Float32Array.from(logSoftmax(scores, SAMPLES, CLASSES));
  const logProbOperand = { values: logProb, shape: [SAMPLES, CLASSES] };

  /** (softmax - onehot) * dLoss, divided by N for the mean. */
  function expected(gradLoss: (n: number) => number, divisor: number): Float64Array {
    const out = new Float64Array(SAMPLES * CLASSES);
    for (let n = 0; n < SAMPLES; n++) {
      for (let c = 0; c < CLASSES; c++) {
        const onehot = c === labels[n] ? 1 : 0;
        const probability = Math.exp(logProb[n * CLASSES + c] as number);
        out[n * CLASSES + c] = ((probability - onehot) * gradLoss(n)) / divisor;
      }
    }
    return out;
  }

  it("scales by dLoss / N for 'mean'", async () => {
    const [grad] = await run(
      'SoftmaxCrossEntropyLossGrad',
      [{ values: [2], shape: [] }, logProbOperand, labelsOperand],
      { reduction: 'mean' },
    );
    expectClose(
      grad?.values as Float32Array,
      expected(() => 2, SAMPLES),
      1e-6,
      1e-7,
    );
  });

  it("scales by dLoss for 'sum'", async () => {
    const [grad] = await run(
      'SoftmaxCrossEntropyLossGrad',
      [{ values: [0.5], shape: [] }, logProbOperand, labelsOperand],
      { reduction: 'sum' },
    );
    expectClose(
      grad?.values as Float32Array,
      expected(() => 0.5, 1),
      1e-6,
      1e-7,
    );
  });

  it("scales each row by its own dLoss for 'none'", async () => {
    const gradLoss = [1, -2, 0.5, 3, 0];
    const [grad] = await run(
      'SoftmaxCrossEntropyLossGrad',
      [{ values: gradLoss, shape: [SAMPLES] }, logProbOperand, labelsOperand],
      { reduction: 'none' },
    );
    expectClose(
      grad?.values as Float32Array,
      expected((n) => gradLoss[n] as number, 1),
      1e-6,
      1e-7,
    );
  });
});

describe('MeanSquaredError', () => {
  const shape = [3, 5];
  const predictions = randomValues(shape, 31);
  const targets = randomValues(shape, 32);

  it('averages the squared differences over every element', async () => {
    const [loss] = await run('MeanSquaredError', [
      { values: predictions, shape },
      { values: targets, shape },
    ]);
    let sum = 0;
    predictions.forEach((p, i) => (sum += (p - (targets[i] as number)) ** 2));
    expect(loss?.shape).toEqual([]);
    expectClose(loss?.values as Float32Array, [sum / 15], 1e-6, 0);
  });

  it('works a small example by hand', async () => {
    const [loss] = await run('MeanSquaredError', [
      { values: [1, 2, 3, 4], shape: [4] },
      { values: [0, 2, 5, 4], shape: [4] },
    ]);
    expect([...(loss?.values ?? [])]).toEqual([1.25]);
  });

  it('has the gradient 2 (p - t) / count * dLoss', async () => {
    const [grad] = await run('MeanSquaredErrorGrad', [
      { values: [3], shape: [] },
      { values: predictions, shape },
      { values: targets, shape },
    ]);
    const expected = Array.from(
      predictions,
      (p, i) => ((2 * (p - (targets[i] as number))) / 15) * 3,
    );
    expectClose(grad?.values as Float32Array, expected, 1e-6, 1e-7);
  });
});
