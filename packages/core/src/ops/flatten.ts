import { ShapeError } from '../errors.js';
import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { formatShape, type Dim, type Shape } from '../shape.js';
import { required } from './helpers.js';

/** Flatten's axis resolved against a rank; ONNX allows [-rank, rank]. */
function flattenAxis(axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis > rank) {
    throw new ShapeError(
      `Flatten: axis ${axis} is out of range for rank ${rank}; use an integer in ` +
        `[${-rank}, ${rank}].`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** The product of some dimensions: a number, or one symbol times ones. */
function product(input: ValueInfo, dims: Shape): Dim {
  const symbols = dims.filter((dim) => typeof dim === 'string');
  const size = dims.reduce<number>((total, dim) => total * (typeof dim === 'number' ? dim : 1), 1);
  if (symbols.length === 0) return size;
  if (symbols.length === 1 && size === 1) return symbols[0] as Dim;
  throw new ShapeError(
    `Flatten: '${input.name}' ${formatShape(input.shape)} would make a dimension ` +
      `${formatShape(dims)} multiplied out, which Rectifier shapes cannot name.`,
  );
}

/** Flatten as ONNX defines it: a 2-D tensor [product of axes before axis, product of the rest]. */
export const flatten: OpDef = {
  name: 'Flatten',
  domain: '',
  doc: 'Y has the data of X as a matrix [d_0 ... d_(axis-1), d_axis ... d_n], row-major.',
  inputs: [{ name: 'input' }],
  outputs: ['output'],
  attributes: {
    axis: { type: 'int', default: 1, doc: 'the first axis of the second dimension; may be rank' },
  },
  inferShapes(inputs, attributes) {
    const x = required('Flatten', inputs, 0);
    const axis = flattenAxis(attributes.axis as number, x.shape.length);
    const shape = [product(x, x.shape.slice(0, axis)), product(x, x.shape.slice(axis))];
    return [{ shape, dtype: x.dtype }];
  },
  gradient(context) {
    // Back to X's shape by Reshape: numbers stay and one symbol is inferred with -1.
    const x = context.inputs[0] as ValueInfo;
    if (x.shape.filter((dim) => typeof dim === 'string').length > 1) {
      throw new ShapeError(
        `Flatten: no gradient back to ${formatShape(x.shape)}; it has more than one symbol.`,
      );
    }
    const shape = x.shape.map((dim) => (typeof dim === 'number' ? dim : -1));
    return [
      context.builder.op('Reshape', [context.gradOutputs[0] as ValueInfo], {
        shape,
        allowzero: shape.includes(0) ? 1 : 0,
      }),
    ];
  },
};
