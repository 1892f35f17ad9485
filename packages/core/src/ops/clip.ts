import { ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { formatShape, isConcrete, sizeOf } from '../shape.js';
import { likeFirstInput, required, requireSameShape } from './helpers.js';

/** Checks that an optional bound of Clip is a one-element tensor of X's dtype. */
function checkBound(op: string, x: ValueInfo, bound: ValueInfo | undefined): void {
  if (!bound) return;
  // ONNX asks for a scalar; exporters also write shape [1], which means the same.
  const oneElement = isConcrete(bound.shape) && sizeOf(bound.shape) === 1;
  if (!oneElement || bound.shape.length > 1 || bound.dtype !== x.dtype) {
    throw new ShapeError(
      `${op}: bound '${bound.name}' must be a ${x.dtype} scalar like X '${x.name}'; got ` +
        `${bound.dtype} ${formatShape(bound.shape)}.`,
    );
  }
}

/**
 * Clip as ONNX defines it from opset 11: Y = min(max(X, min), max), with the bounds as optional
 * scalar inputs; an absent bound does not limit that side.
 */
export const clip: OpDef = {
  name: 'Clip',
  domain: '',
  doc:
    'Y = min(max(X, min), max) elementwise; min and max are optional scalar inputs (ONNX 11+). ' +
    'NaN in X stays NaN.',
  inputs: [
    { name: 'X' },
    { name: 'min', optional: true, differentiable: false },
    { name: 'max', optional: true, differentiable: false },
  ],
  outputs: ['Y'],
  attributes: {},
  inferShapes(inputs) {
    const x = required('Clip', inputs, 0);
    checkBound('Clip', x, inputs[1]);
    checkBound('Clip', x, inputs[2]);
    return likeFirstInput('Clip')(inputs);
  },
  gradient: (context) => [
    context.builder.op('ClipGrad', [
      context.gradOutputs[0] as ValueInfo,
      context.inputs[0] as ValueInfo,
      context.inputs[1],
      context.inputs[2],
    ]),
    undefined,
    undefined,
  ],
};

/** The composite gradient of Clip: dX = dY where min < X < max, 0 elsewhere. */
export const clipGrad: OpDef = {
  name: 'ClipGrad',
  domain: 'rectifier',
  doc:
    'Gradient of Clip: dX = dY where min < X < max (an absent bound is no limit), else 0; ' +
    'at a bound the flat side is taken, as for ReLU6.',
  inputs: [
    { name: 'dY' },
    { name: 'X', differentiable: false },
    { name: 'min', optional: true, differentiable: false },
    { name: 'max', optional: true, differentiable: false },
  ],
  outputs: ['dX'],
  attributes: {},
  inferShapes(inputs) {
    const gradOutput = required('ClipGrad', inputs, 0);
    const x = required('ClipGrad', inputs, 1);
    requireSameShape('ClipGrad', gradOutput, x);
    checkBound('ClipGrad', x, inputs[2]);
    checkBound('ClipGrad', x, inputs[3]);
    return likeFirstInput('ClipGrad')(inputs);
  },
};
