import type { AttributeSchema } from '../attributes.js';
import type { OpDef } from '../op.js';
import { normalizeAxis, type Dim } from '../shape.js';
import { required, requireFloat } from './helpers.js';

const reduceAttributes: AttributeSchema = {
  axes: { type: 'ints', default: [], doc: 'axes to reduce; all of them when empty' },
  keepdims: { type: 'int', default: 1, min: 0, max: 1, doc: '1 to keep reduced axes as size 1' },
};

/** The reduced axes of a rank, sorted and without negatives. */
export function reducedAxes(axes: readonly number[], rank: number, op: string): number[] {
  if (axes.length === 0) return Array.from({ length: rank }, (_, axis) => axis);
  return [...new Set(axes.map((axis) => normalizeAxis(axis, rank, op)))].sort((a, b) => a - b);
}

function reduction(name: string, doc: string): OpDef {
  return {
    name,
    domain: '',
    doc: `${doc} No gradient flows through it yet; the losses have their own rules.`,
    inputs: [{ name: 'data' }],
    outputs: ['reduced'],
    attributes: reduceAttributes,
    inferShapes(inputs, attributes) {
      const data = required(name, inputs, 0);
      requireFloat(name, data);
      const axes = new Set(reducedAxes(attributes.axes as number[], data.shape.length, name));
      const shape: Dim[] = [];
      data.shape.forEach((dim, axis) => {
        if (!axes.has(axis)) shape.push(dim);
        else if (attributes.keepdims) shape.push(1);
      });
      return [{ shape, dtype: 'float32' }];
    },
  };
}

/** Sum over axes. */
export const reduceSum = reduction('ReduceSum', 'Sum over the given axes.');
/** Mean over axes. */
export const reduceMean = reduction('ReduceMean', 'Mean over the given axes.');
/** Sum of squares over axes; the squared L2 norm when all axes are reduced. */
export const reduceSumSquare = reduction('ReduceSumSquare', 'Sum of squares over the given axes.');

/** Maximum over axes; NaN where any element is NaN, -Infinity over no elements. */
export const reduceMax = reduction('ReduceMax', 'Maximum over the given axes.');

/** The index of the largest element along an axis, as int64. */
export const argMax: OpDef = {
  name: 'ArgMax',
  domain: '',
  doc: 'Index of the largest element along an axis; the first one on ties.',
  inputs: [{ name: 'data' }],
  outputs: ['reduced'],
  attributes: {
    axis: { type: 'int', default: 0, doc: 'axis to search' },
    keepdims: { type: 'int', default: 1, min: 0, max: 1, doc: '1 to keep the axis as size 1' },
  },
  inferShapes(inputs, attributes) {
    const data = required('ArgMax', inputs, 0);
    const axis = normalizeAxis(attributes.axis as number, data.shape.length, 'ArgMax');
    const shape = data.shape.flatMap((dim, index) =>
      index !== axis ? [dim] : attributes.keepdims ? [1] : [],
    );
    return [{ shape, dtype: 'int64' }];
  },
};
