import { ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { broadcastShapes, formatShape, sameShape, type Dim } from '../shape.js';
import { required, requireFloat, requireRank, unbroadcast } from './helpers.js';

/** Y = alpha * op(A) op(B) + beta * C, where op transposes when transA or transB is 1. */
export const gemm: OpDef = {
  name: 'Gemm',
  domain: '',
  doc: 'General matrix multiply: Y = alpha * op(A) * op(B) + beta * C, C broadcast onto Y.',
  inputs: [{ name: 'A' }, { name: 'B' }, { name: 'C', optional: true }],
  outputs: ['Y'],
  attributes: {
    alpha: { type: 'float', default: 1, doc: 'scale of the product' },
    beta: { type: 'float', default: 1, doc: 'scale of C' },
    transA: { type: 'int', default: 0, min: 0, max: 1, doc: '1 to transpose A' },
    transB: { type: 'int', default: 0, min: 0, max: 1, doc: '1 to transpose B' },
  },
  inferShapes(inputs, attributes) {
    const a = required('Gemm', inputs, 0);
    const b = required('Gemm', inputs, 1);
    requireRank('Gemm', a, 2);
    requireRank('Gemm', b, 2);
    requireFloat('Gemm', a);
    const [m, innerA] = (attributes.transA ? [a.shape[1], a.shape[0]] : a.shape) as Dim[];
    const [innerB, n] = (attributes.transB ? [b.shape[1], b.shape[0]] : b.shape) as Dim[];
    if (innerA !== innerB) {
      throw new ShapeError(
        `Gemm: inner dimensions differ: A '${a.name}' ${formatShape(a.shape)} ` +
          `(transA=${attributes.transA}) against B '${b.name}' ${formatShape(b.shape)} ` +
          `(transB=${attributes.transB}).`,
      );
    }
    const shape = [m as Dim, n as Dim];
    const c = inputs[2];
    if (c && !sameShape(broadcastShapes(shape, c.shape, 'Gemm'), shape)) {
      throw new ShapeError(
        `Gemm: C '${c.name}' ${formatShape(c.shape)} does not broadcast onto ` +
          `${formatShape(shape)}.`,
      );
    }
    return [{ shape, dtype: 'float32' }];
  },
  gradient(context) {
    const { builder, attributes } = context;
    const [a, b, c] = context.inputs as [ValueInfo, ValueInfo, ValueInfo | undefined];
    const grad = context.gradOutputs[0] as ValueInfo;
    const alpha = attributes.alpha as number;
    const beta = attributes.beta as number;
    const [wantA, wantB, wantC] = context.wanted;
    const gemm = (left: ValueInfo, right: ValueInfo, transA: number, transB: number) =>
      builder.op('Gemm', [left, right], { alpha, beta: 0, transA, transB });

    // One case per transposition pattern of Y = op(A) op(B); each product only if wanted.
    const [transA, transB] = [Boolean(attributes.transA), Boolean(attributes.transB)];
    let gradA: ValueInfo | undefined;
    let gradB: ValueInfo | undefined;
    if (wantA) {
      if (!transA) gradA = transB ? gemm(grad, b, 0, 0) : gemm(grad, b, 0, 1);
      else gradA = transB ? gemm(b, grad, 1, 1) : gemm(b, grad, 0, 1);
    }
    if (wantB) {
      if (!transB) gradB = transA ? gemm(a, grad, 0, 0) : gemm(a, grad, 1, 0);
      else gradB = transA ? gemm(grad, a, 1, 1) : gemm(grad, a, 1, 0);
    }

    let gradC: ValueInfo | undefined;
    if (c && wantC) {
      const scaled = beta === 1 ? grad : builder.op('Mul', [grad, builder.constant(beta)]);
      gradC = unbroadcast(builder, scaled, c);
    }
    return [gradA, gradB, gradC];
  },
};

/** Matrix product with NumPy semantics for rank 2 and above (batched, broadcast). */
export const matMul: OpDef = {
  name: 'MatMul',
  domain: '',
  doc: 'Matrix product as numpy.matmul; gradients for rank-2 operands.',
  inputs: [{ name: 'A' }, { name: 'B' }],
  outputs: ['Y'],
  attributes: {},
  inferShapes(inputs) {
    const a = required('MatMul', inputs, 0);
    const b = required('MatMul', inputs, 1);
    requireFloat('MatMul', a);
    if (a.shape.length < 2 || b.shape.length < 2) {
      throw new ShapeError(
        `MatMul: both operands need rank 2 or more; got ${formatShape(a.shape)} and ` +
          `${formatShape(b.shape)}.`,
      );
    }
    const [m, k] = a.shape.slice(-2) as [Dim, Dim];
    const [kB, n] = b.shape.slice(-2) as [Dim, Dim];
    if (k !== kB) {
      throw new ShapeError(
        `MatMul: inner dimensions differ: '${a.name}' ${formatShape(a.shape)} against ` +
          `'${b.name}' ${formatShape(b.shape)}.`,
      );
    }
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'MatMul');
    return [{ shape: [...batch, m, n], dtype: 'float32' }];
  },
  gradient(context) {
    const [a, b] = context.inputs as [ValueInfo, ValueInfo];
    if (a.shape.length !== 2 || b.shape.length !== 2) {
      throw new ShapeError(
        `MatMul: gradients are implemented for rank-2 operands; got ${formatShape(a.shape)} ` +
          `and ${formatShape(b.shape)}. Use Gemm, or reshape to rank 2.`,
      );
    }
    const grad = context.gradOutputs[0] as ValueInfo;
    const [wantA, wantB] = context.wanted;
    return [
      wantA ? context.builder.op('Gemm', [grad, b], { transB: 1 }) : undefined,
      wantB ? context.builder.op('Gemm', [a, grad], { transA: 1 }) : undefined,
    ];
  },
};
