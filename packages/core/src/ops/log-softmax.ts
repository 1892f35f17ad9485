import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { normalizeAxis } from '../shape.js';
import { likeFirstInput, required } from './helpers.js';

/**
 * LogSoftmax along one axis, with the ONNX opset 13 meaning (that axis alone), as Softmax.
 * It is its own op rather than Log(Softmax(X)) so that large negative scores stay finite.
 */
export const logSoftmax: OpDef = {
  name: 'LogSoftmax',
  domain: '',
  doc: 'Y = X - max(X) - log(sum(exp(X - max(X)))) along one axis (ONNX opset 13 meaning).',
  inputs: [{ name: 'X' }],
  outputs: ['Y'],
  attributes: { axis: { type: 'int', default: -1, doc: 'the axis normalised over' } },
  inferShapes(inputs, attributes) {
    const x = required('LogSoftmax', inputs, 0);
    normalizeAxis(attributes.axis as number, x.shape.length, 'LogSoftmax');
    return likeFirstInput('LogSoftmax')(inputs);
  },
  gradient(context) {
    // dX = dY - softmax(X) * sum(dY) along the axis, from standard ops only.
    const { builder } = context;
    const x = context.inputs[0] as ValueInfo;
    const gradOutput = context.gradOutputs[0] as ValueInfo;
    const axis = normalizeAxis(context.attributes.axis as number, x.shape.length, 'LogSoftmax');

    const probabilities = builder.op('Softmax', [x], { axis });
    const total = builder.op('ReduceSum', [gradOutput], { axes: [axis], keepdims: 1 });
    return [builder.op('Sub', [gradOutput, builder.op('Mul', [probabilities, total])])];
  },
};
