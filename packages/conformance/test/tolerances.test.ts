import { describe, expect, it } from 'vitest';
import {
  OP_TOLERANCES,
  PRECISION_SCALING,
  atPrecision,
  loosest,
  toleranceOf,
} from '../src/index.js';

describe('tolerances', () => {
  it('states ReLU exact and the transcendental functions at a few ulps', () => {
    expect(toleranceOf('Relu', [[4]], {}, 'float32')).toEqual({ rtol: 0, atol: 0 });
    for (const op of ['Exp', 'Log', 'Erf', 'Softplus']) {
      expect(toleranceOf(op, [[4]], {}, 'float32')).toEqual({ rtol: 1e-5, atol: 1e-6 });
    }
  });

  it('grows with the depth of a product or a sum, past 64 terms', () => {
    expect(
      toleranceOf(
        'Gemm',
        [
          [3, 5],
          [5, 4],
        ],
        {},
        'float32',
      ),
    ).toEqual({ rtol: 1e-4, atol: 1e-5 });
    const deep = toleranceOf(
      'Gemm',
      [
        [1, 1024],
        [1024, 1],
      ],
      {},
      'float32',
    );
    expect(deep.rtol).toBeCloseTo(4e-4, 12);
    const reduced = toleranceOf('ReduceSum', [[4, 256]], { axes: [1] }, 'float32');
    expect(reduced.rtol).toBeCloseTo(2e-5, 12);
    expect(toleranceOf('Softmax', [[2, 4096]], { axis: -1 }, 'float32').rtol).toBeCloseTo(8e-5);
  });

  it('widens for a float16 backend, exact ops too', () => {
    const half = toleranceOf('Relu', [[4]], {}, 'float16');
    expect(half.rtol).toBe(PRECISION_SCALING.float16.rtol);
    expect(half.atol).toBe(PRECISION_SCALING.float16.atol);
    expect(atPrecision({ rtol: 1e-5, atol: 0 }, 'float16').rtol).toBeGreaterThan(0.08);
  });

  it('refuses an op whose tolerance nobody stated', () => {
    expect(() => toleranceOf('Conv', [], {}, 'float32')).toThrow(/add one to OP_TOLERANCES/);
  });

  it('takes the looser of two tolerances field by field', () => {
    expect(loosest({ rtol: 1, atol: 0 }, { rtol: 0, atol: 2 })).toEqual({ rtol: 1, atol: 2 });
    expect(Object.keys(OP_TOLERANCES).length).toBeGreaterThan(40);
  });
});
