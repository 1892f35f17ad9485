import { ACTIVATIONS, type ActivationSpec } from '../activations/index.js';
import { ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { broadcastShapes, formatShape, normalizeAxis, sameShape } from '../shape.js';
import { likeFirstInput, required, requireSameShape } from './helpers.js';

/** The name of the composite op that computes an activation's input gradient. */
export function gradOpName(op: string): string {
  return `${op}Grad`;
}

function domainOf(spec: ActivationSpec): '' | 'rectifier' {
  return spec.onnx.op === spec.op ? '' : 'rectifier';
}

function elementwiseOp(spec: ActivationSpec): OpDef {
  return {
    name: spec.op,
    domain: domainOf(spec),
    doc: `${spec.title}: ${spec.formula}.`,
    inputs: [{ name: 'X' }],
    outputs: ['Y'],
    attributes: spec.attributes,
    // Identity is also ONNX's pass-through and the op that renames outputs, so any dtype.
    inferShapes:
      spec.op === 'Identity'
        ? (inputs) => {
            const input = required(spec.op, inputs, 0);
            return [{ shape: input.shape, dtype: input.dtype }];
          }
        : likeFirstInput(spec.op),
    gradient: (context) => {
      const gradOutput = context.gradOutputs[0] as ValueInfo;
      if (spec.op === 'Identity') return [gradOutput];
      const x = context.inputs[0] as ValueInfo;
      return [context.builder.op(gradOpName(spec.op), [gradOutput, x], context.attributes)];
    },
  };
}

function elementwiseGradOp(spec: ActivationSpec): OpDef {
  const name = gradOpName(spec.op);
  return {
    name,
    domain: 'rectifier',
    doc: `Gradient of ${spec.title}: dX = dY * f'(X), ${spec.derivativeFormula}.`,
    inputs: [{ name: 'dY' }, { name: 'X', differentiable: false }],
    outputs: ['dX'],
    attributes: spec.attributes,
    inferShapes(inputs) {
      requireSameShape(name, required(name, inputs, 0), required(name, inputs, 1));
      return likeFirstInput(name)(inputs);
    },
  };
}

/** Checks that PRelu's slope broadcasts onto X without changing X's shape. */
function inferPRelu(op: string, inputs: readonly (ValueInfo | undefined)[]): ValueInfo[] {
  const x = required(op, inputs, op === 'PRelu' ? 0 : 1);
  const slope = required(op, inputs, op === 'PRelu' ? 1 : 2);
  const broadcast = broadcastShapes(x.shape, slope.shape, op);
  if (!sameShape(broadcast, x.shape)) {
    throw new ShapeError(
      `${op}: slope '${slope.name}' ${formatShape(slope.shape)} must broadcast onto ` +
        `X '${x.name}' ${formatShape(x.shape)} without growing it (one slope, or one per ` +
        'channel shaped [C, 1, 1] for NCHW input).',
    );
  }
  return [x, slope];
}

const prelu: OpDef = {
  name: 'PRelu',
  domain: '',
  doc: 'PReLU: Y = X where X > 0, slope * X elsewhere; slope broadcasts onto X.',
  inputs: [{ name: 'X' }, { name: 'slope' }],
  outputs: ['Y'],
  attributes: {},
  inferShapes(inputs) {
    const [x] = inferPRelu('PRelu', inputs);
    return [{ shape: (x as ValueInfo).shape, dtype: 'float32' }];
  },
  gradient: (context) =>
    context.builder.opOutputs('PReluGrad', [
      context.gradOutputs[0] as ValueInfo,
      context.inputs[0] as ValueInfo,
      context.inputs[1] as ValueInfo,
    ]),
};

const preluGrad: OpDef = {
  name: 'PReluGrad',
  domain: 'rectifier',
  doc: 'Gradient of PReLU: dX = dY * (X > 0 ? 1 : slope), dSlope = sum of dY * (X > 0 ? 0 : X).',
  inputs: [{ name: 'dY' }, { name: 'X', differentiable: false }, { name: 'slope' }],
  outputs: ['dX', 'dSlope'],
  attributes: {},
  inferShapes(inputs) {
    const [x, slope] = inferPRelu('PReluGrad', inputs) as [ValueInfo, ValueInfo];
    requireSameShape('PReluGrad', required('PReluGrad', inputs, 0), x);
    return [
      { shape: x.shape, dtype: 'float32' },
      { shape: slope.shape, dtype: 'float32' },
    ];
  },
};

const softmax: OpDef = {
  name: 'Softmax',
  domain: '',
  doc: 'Softmax along one axis (ONNX opset 13 meaning: that axis alone).',
  inputs: [{ name: 'X' }],
  outputs: ['Y'],
  attributes: ACTIVATIONS.find((spec) => spec.op === 'Softmax')?.attributes ?? {},
  inferShapes(inputs, attributes) {
    const x = required('Softmax', inputs, 0);
    normalizeAxis(attributes.axis as number, x.shape.length, 'Softmax');
    return likeFirstInput('Softmax')(inputs);
  },
  gradient: (context) => [
    context.builder.op(
      'SoftmaxGrad',
      [context.gradOutputs[0] as ValueInfo, context.outputs[0] as ValueInfo],
      context.attributes,
    ),
  ],
};

const softmaxGrad: OpDef = {
  name: 'SoftmaxGrad',
  domain: 'rectifier',
  doc: 'Gradient of Softmax from its output: dX = Y * (dY - sum(dY * Y, axis)).',
  inputs: [{ name: 'dY' }, { name: 'Y', differentiable: false }],
  outputs: ['dX'],
  attributes: softmax.attributes,
  inferShapes(inputs, attributes) {
    const gradOutput = required('SoftmaxGrad', inputs, 0);
    requireSameShape('SoftmaxGrad', gradOutput, required('SoftmaxGrad', inputs, 1));
    normalizeAxis(attributes.axis as number, gradOutput.shape.length, 'SoftmaxGrad');
    return likeFirstInput('SoftmaxGrad')(inputs);
  },
};

/** The ops of every activation in the spec, with the composite ops of their gradients. */
export function activationOps(): OpDef[] {
  const ops: OpDef[] = [];
  for (const spec of ACTIVATIONS) {
    if (spec.kind !== 'elementwise') continue;
    ops.push(elementwiseOp(spec));
    if (spec.op !== 'Identity') ops.push(elementwiseGradOp(spec));
  }
  ops.push(prelu, preluGrad, softmax, softmaxGrad);
  return ops;
}
