import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  AttributeError,
  GraphBuilder,
  GraphError,
  ShapeError,
  UnknownNameError,
} from '../src/index.js';

describe('GraphBuilder', () => {
  it('infers shapes with symbolic batch dimensions', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', ['batch', 784]);
    const w = builder.parameter('w', [784, 64], new Float32Array(784 * 64));
    const b = builder.parameter('b', [64], new Float32Array(64));
    const y = builder.op('Relu', [builder.op('Gemm', [x, w, b])]);
    expect(y.shape).toEqual(['batch', 64]);
    expect(builder.op('ArgMax', [y], { axis: 1, keepdims: 0 })).toMatchObject({
      shape: ['batch'],
      dtype: 'int64',
    });
  });

  it('names both shapes when they do not fit', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', ['batch', 784]);
    const w = builder.parameter('w', [100, 64], new Float32Array(6400));
    expect(() => builder.op('Gemm', [x, w])).toThrow(ShapeError);
    expect(() => builder.op('Gemm', [x, w])).toThrow(/\[batch, 784\].*\[100, 64\]/);
    const y = builder.input('y', [3, 5]);
    expect(() => builder.op('Add', [x, y])).toThrow(/\[batch, 784\] and \[3, 5\]/);
  });

  it('rejects unknown ops, unknown attributes and attributes out of range', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [2, 2]);
    expect(() => builder.op('Relu7', [x])).toThrow(UnknownNameError);
    expect(() => builder.op('Celu', [x], { alpha: 0 })).toThrow(AttributeError);
    expect(() => builder.op('Celu', [x], { alpha: 0 })).toThrow(/\(0, Infinity\)/);
    expect(() => builder.op('Gemm', [x, x], { transA: 2 })).toThrow(/\[0, 1\]/);
    expect(() => builder.op('Relu', [x], { alpha: 1 })).toThrow(/takes none/);
    expect(() => builder.op('Gelu', [x], { approximate: 'fast' })).toThrow(/none, tanh/);
  });

  it('rejects a missing input, an initialiser of the wrong size and a duplicate name', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [2, 3]);
    expect(() => builder.op('Gemm', [x])).toThrow(ArgumentError);
    expect(() => builder.parameter('w', [3, 3], new Float32Array(8))).toThrow(/8 values/);
    expect(() => builder.input('x', [1])).toThrow(GraphError);
  });

  it('renames outputs of any dtype', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', ['batch', 10]);
    const index = builder.op('ArgMax', [x], { axis: 1, keepdims: 0 });
    expect(builder.output(index, 'predictions')).toMatchObject({
      name: 'predictions',
      dtype: 'int64',
    });
    expect(builder.build().outputs.map((output) => output.name)).toEqual(['predictions']);
  });
});

describe('GraphBuilder dimensions', () => {
  it('rejects negative, fractional and empty dimensions where they are declared', () => {
    const builder = new GraphBuilder();
    expect(() => builder.input('x', [-2, 3])).toThrow(/'-2' is neither/);
    expect(() => builder.input('y', [1.5])).toThrow(ShapeError);
    expect(() => builder.input('z', [''])).toThrow(ShapeError);
    expect(() =>
      builder.parameter('w', ['n' as unknown as number, 2], new Float32Array(2)),
    ).toThrow(/concrete/);
  });
});
