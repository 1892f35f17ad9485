import { ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { GradientRule, OpDef } from '../op.js';
import { broadcastShapes, type Dim } from '../shape.js';
import { requireFloat, unbroadcast } from './helpers.js';

// ONNX's variadic elementwise ops: one or more float32 inputs broadcast together.

function variadic(name: string, output: string, doc: string, gradient?: GradientRule): OpDef {
  return {
    name,
    domain: '',
    doc,
    inputs: [{ name: 'data_0', variadic: true }],
    outputs: [output],
    attributes: {},
    inferShapes(inputs) {
      if (inputs.length === 0) throw new ShapeError(`${name}: it needs at least one input.`);
      let shape: Dim[] = [];
      for (const input of inputs as readonly ValueInfo[]) {
        requireFloat(name, input);
        shape = broadcastShapes(shape, input.shape, name);
      }
      return [{ shape, dtype: 'float32' }];
    },
    ...(gradient ? { gradient } : {}),
  };
}

/** The sum of every input, broadcast. */
export const sum = variadic('Sum', 'sum', 'Elementwise sum of one or more inputs.', (context) => {
  const gradOutput = context.gradOutputs[0] as ValueInfo;
  return context.inputs.map((input) => unbroadcast(context.builder, gradOutput, input!));
});

/** The mean of every input, broadcast. */
export const mean = variadic(
  'Mean',
  'mean',
  'Elementwise mean of one or more inputs.',
  (context) => {
    const { builder } = context;
    const share = builder.constant(1 / context.inputs.length);
    const gradOutput = builder.op('Mul', [context.gradOutputs[0] as ValueInfo, share]);
    return context.inputs.map((input) => unbroadcast(builder, gradOutput, input!));
  },
);

/** The largest input, broadcast. No gradient: the arg-max mask needs comparison ops. */
export const max = variadic(
  'Max',
  'max',
  'Elementwise maximum of one or more inputs; NaN wins, as in numpy.maximum.',
);

/** The smallest input, broadcast. No gradient, like Max. */
export const min = variadic(
  'Min',
  'min',
  'Elementwise minimum of one or more inputs; NaN wins, as in numpy.minimum.',
);
