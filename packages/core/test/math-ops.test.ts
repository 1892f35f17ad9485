import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  AttributeError,
  GraphBuilder,
  ShapeError,
  getOp,
  hasOp,
} from '../src/index.js';

// Shape inference and arity of the standard ONNX math and shape ops core adds for the ONNX
// node cases: the unary functions, Pow, the variadic Sum/Mean/Max/Min, ReduceMax, Transpose
// and Flatten. Their values are the backends' business and are checked there.

describe('unary math ops', () => {
  it.each(['Abs', 'Sign', 'Exp', 'Log', 'Sqrt', 'Erf'])('%s keeps the shape of X', (op) => {
    const builder = new GraphBuilder();
    const y = builder.op(op, [builder.input('x', ['batch', 3])]);
    expect(y.shape).toEqual(['batch', 3]);
    expect(getOp(op).domain).toBe('');
  });

  it('refuses int64 input', () => {
    const builder = new GraphBuilder();
    expect(() => builder.op('Exp', [builder.input('x', [2], 'int64')])).toThrow(ShapeError);
  });

  it('gives a gradient rule to those that have a derivative', () => {
    const withRule = ['Abs', 'Exp', 'Log', 'Sqrt', 'Erf', 'Pow', 'Sum', 'Mean'];
    expect(withRule.filter((op) => !getOp(op).gradient)).toEqual([]);
    expect(['Sign', 'Max', 'Min', 'ReduceMax'].filter((op) => getOp(op).gradient)).toEqual([]);
  });
});

describe('Pow', () => {
  it('broadcasts base and exponent', () => {
    const builder = new GraphBuilder();
    const z = builder.op('Pow', [builder.input('x', [2, 3]), builder.input('y', [3])]);
    expect(z.shape).toEqual([2, 3]);
  });

  it('names both shapes when they do not broadcast', () => {
    const builder = new GraphBuilder();
    expect(() => builder.op('Pow', [builder.input('x', [2, 3]), builder.input('y', [2])])).toThrow(
      /\[2, 3\] and \[2\]/,
    );
  });
});

describe('variadic Sum, Mean, Max and Min', () => {
  it.each(['Sum', 'Mean', 'Max', 'Min'])('%s takes one or more inputs, broadcast', (op) => {
    const builder = new GraphBuilder();
    const a = builder.input('a', [2, 1]);
    const b = builder.input('b', [3]);
    const c = builder.input('c', []);
    expect(builder.op(op, [a]).shape).toEqual([2, 1]);
    expect(builder.op(op, [a, b, c]).shape).toEqual([2, 3]);
    expect(hasOp(op)).toBe(true);
  });

  it('refuses no inputs and a missing one in the middle', () => {
    const builder = new GraphBuilder();
    const a = builder.input('a', [2]);
    expect(() => builder.op('Sum', [])).toThrow(ArgumentError);
    expect(() => builder.op('Sum', [a, undefined, a])).toThrow(/variadic input 1 is missing/);
  });

  it('still refuses extra inputs to an op that is not variadic', () => {
    const builder = new GraphBuilder();
    const a = builder.input('a', [2]);
    expect(() => builder.op('Add', [a, a, a])).toThrow(/at most 2 inputs/);
  });
});

describe('ReduceMax', () => {
  it('reduces like the other reductions', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [2, 3, 4]);
    expect(builder.op('ReduceMax', [x], { axes: [1], keepdims: 0 }).shape).toEqual([2, 4]);
    expect(builder.op('ReduceMax', [x]).shape).toEqual([1, 1, 1]);
  });
});

describe('Transpose', () => {
  it('permutes the axes, and reverses them without perm', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', ['batch', 3, 4]);
    expect(builder.op('Transpose', [x], { perm: [1, 0, 2] }).shape).toEqual([3, 'batch', 4]);
    expect(builder.op('Transpose', [x]).shape).toEqual([4, 3, 'batch']);
  });

  it('refuses a perm that is not a permutation of the axes', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [2, 3]);
    expect(() => builder.op('Transpose', [x], { perm: [0, 0] })).toThrow(AttributeError);
    expect(() => builder.op('Transpose', [x], { perm: [0] })).toThrow(/rank-2/);
  });
});

describe('Flatten', () => {
  it('makes a matrix split at axis, which may be 0, negative or the rank', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', [2, 3, 4, 5]);
    const shapeAt = (axis: number) => builder.op('Flatten', [x], { axis }).shape;
    expect(shapeAt(0)).toEqual([1, 120]);
    expect(shapeAt(1)).toEqual([2, 60]);
    expect(shapeAt(-1)).toEqual([24, 5]);
    expect(shapeAt(4)).toEqual([120, 1]);
    expect(() => shapeAt(5)).toThrow(/\[-4, 4\]/);
  });

  it('keeps a symbolic batch and refuses products of symbols', () => {
    const builder = new GraphBuilder();
    const x = builder.input('x', ['batch', 3, 4]);
    expect(builder.op('Flatten', [x]).shape).toEqual(['batch', 12]);
    expect(() => builder.op('Flatten', [x], { axis: 2 })).toThrow(/cannot name/);
  });
});
