import { ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { broadcastShapes } from '../shape.js';
import { required, requireFloat, unbroadcast } from './helpers.js';

/** X to the power Y with broadcasting, as ONNX's Pow (opset 15) on float32 operands. */
export const pow: OpDef = {
  name: 'Pow',
  domain: '',
  doc:
    'Z = X^Y elementwise with broadcasting, as C pow(): X^0 = 1 even for NaN, 1^Y = 1, and a ' +
    'negative X to a non-integer Y is NaN.',
  inputs: [{ name: 'X' }, { name: 'Y' }],
  outputs: ['Z'],
  attributes: {},
  inferShapes(inputs) {
    const x = required('Pow', inputs, 0);
    const y = required('Pow', inputs, 1);
    requireFloat('Pow', x);
    if (y.dtype !== x.dtype) {
      throw new ShapeError(`Pow: exponent '${y.name}' is ${y.dtype}; it must be ${x.dtype}.`);
    }
    return [{ shape: broadcastShapes(x.shape, y.shape, 'Pow'), dtype: x.dtype }];
  },
  gradient(context) {
    // dX = dZ * Y * X^(Y - 1); dY = dZ * Z * ln(X), which is NaN for X < 0 as in the real
    // analysis it comes from.
    const { builder } = context;
    const [x, y] = context.inputs as [ValueInfo, ValueInfo];
    const gradOutput = context.gradOutputs[0] as ValueInfo;
    const z = context.outputs[0] as ValueInfo;
    const [wantX, wantY] = context.wanted;

    let gradX: ValueInfo | undefined;
    if (wantX) {
      const lowered = builder.op('Pow', [x, builder.op('Sub', [y, builder.constant(1)])]);
      const slope = builder.op('Mul', [y, lowered]);
      gradX = unbroadcast(builder, builder.op('Mul', [gradOutput, slope]), x);
    }
    let gradY: ValueInfo | undefined;
    if (wantY) {
      const slope = builder.op('Mul', [z, builder.op('Log', [x])]);
      gradY = unbroadcast(builder, builder.op('Mul', [gradOutput, slope]), y);
    }
    return [gradX, gradY];
  },
};
