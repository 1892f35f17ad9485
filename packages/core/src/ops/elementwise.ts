import { ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { GradientRule, OpDef } from '../op.js';
import { broadcastShapes } from '../shape.js';
import { likeFirstInput, required, unbroadcast } from './helpers.js';

function broadcasting(name: string, doc: string, gradient: GradientRule): OpDef {
  return {
    name,
    domain: '',
    doc,
    inputs: [{ name: 'A' }, { name: 'B' }],
    outputs: ['C'],
    attributes: {},
    inferShapes(inputs) {
      const a = required(name, inputs, 0);
      const b = required(name, inputs, 1);
      if (a.dtype !== b.dtype) {
        throw new ShapeError(`${name}: '${a.name}' is ${a.dtype} but '${b.name}' is ${b.dtype}.`);
      }
      return [{ shape: broadcastShapes(a.shape, b.shape, name), dtype: a.dtype }];
    },
    gradient,
  };
}

function operands(inputs: readonly (ValueInfo | undefined)[]): [ValueInfo, ValueInfo] {
  return [inputs[0] as ValueInfo, inputs[1] as ValueInfo];
}

/** A + B with broadcasting. */
export const add = broadcasting('Add', 'Elementwise sum with broadcasting.', (context) => {
  const [a, b] = operands(context.inputs);
  const grad = context.gradOutputs[0] as ValueInfo;
  return [unbroadcast(context.builder, grad, a), unbroadcast(context.builder, grad, b)];
});

/** A - B with broadcasting. */
export const sub = broadcasting('Sub', 'Elementwise difference with broadcasting.', (context) => {
  const [a, b] = operands(context.inputs);
  const grad = context.gradOutputs[0] as ValueInfo;
  const negated = context.builder.op('Neg', [grad]);
  return [unbroadcast(context.builder, grad, a), unbroadcast(context.builder, negated, b)];
});

/** A * B with broadcasting. */
export const mul = broadcasting('Mul', 'Elementwise product with broadcasting.', (context) => {
  const [a, b] = operands(context.inputs);
  const grad = context.gradOutputs[0] as ValueInfo;
  const { builder } = context;
  return [
    unbroadcast(builder, builder.op('Mul', [grad, b]), a),
    unbroadcast(builder, builder.op('Mul', [grad, a]), b),
  ];
});

/** A / B with broadcasting. */
export const div = broadcasting('Div', 'Elementwise quotient with broadcasting.', (context) => {
  const [a, b] = operands(context.inputs);
  const grad = context.gradOutputs[0] as ValueInfo;
  const { builder } = context;
  const quotient = context.outputs[0] as ValueInfo;
  // d(a/b)/db = -(a/b)/b
  const gradB = builder.op('Neg', [builder.op('Div', [builder.op('Mul', [grad, quotient]), b])]);
  return [unbroadcast(builder, builder.op('Div', [grad, b]), a), unbroadcast(builder, gradB, b)];
});

/** -X. */
export const neg: OpDef = {
  name: 'Neg',
  domain: '',
  doc: 'Elementwise negation.',
  inputs: [{ name: 'X' }],
  outputs: ['Y'],
  attributes: {},
  inferShapes: likeFirstInput('Neg'),
  gradient: (context) => [context.builder.op('Neg', [context.gradOutputs[0] as ValueInfo])],
};
