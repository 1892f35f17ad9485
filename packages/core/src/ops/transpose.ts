import { AttributeError } from '../errors.js';
import type { AttributeValue } from '../attributes.js';
import type { ValueInfo } from '../graph.js';
import type { OpDef } from '../op.js';
import { formatShape } from '../shape.js';
import { required } from './helpers.js';

/**
 * The permutation of a Transpose node for an input of `rank`: its `perm` attribute, or the
 * axes reversed when it is absent or empty, as ONNX's default is. Throws unless it is a
 * permutation.
 */
export function transposePermutation(
  attributes: Readonly<Record<string, AttributeValue>>,
  rank: number,
): number[] {
  const given = (attributes.perm as readonly number[] | undefined) ?? [];
  const perm =
    given.length === 0 && rank > 0
      ? Array.from({ length: rank }, (_, axis) => rank - 1 - axis)
      : [...given];
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== rank || sorted.some((axis, index) => axis !== index)) {
    throw new AttributeError(
      `Transpose: perm ${formatShape(perm)} must list each axis of a rank-${rank} input once.`,
    );
  }
  return perm;
}

/** Transpose as ONNX defines it: output axis i is input axis perm[i]. */
export const transpose: OpDef = {
  name: 'Transpose',
  domain: '',
  doc: 'Permutes the axes: output axis i is input axis perm[i]; no perm reverses them.',
  inputs: [{ name: 'data' }],
  outputs: ['transposed'],
  attributes: {
    // No default, so that a node without perm exports without one, as ONNX spells "reverse".
    perm: { type: 'ints', doc: 'the permutation; absent (or empty) reverses the axes' },
  },
  inferShapes(inputs, attributes) {
    const data = required('Transpose', inputs, 0);
    const perm = transposePermutation(attributes, data.shape.length);
    return [{ shape: perm.map((axis) => data.shape[axis]!), dtype: data.dtype }];
  },
  gradient(context) {
    // The inverse permutation takes dY back: input axis perm[i] is output axis i.
    const x = context.inputs[0] as ValueInfo;
    const perm = transposePermutation(context.attributes, x.shape.length);
    const inverse = new Array<number>(perm.length);
    perm.forEach((axis, index) => (inverse[axis] = index));
    return [
      context.builder.op('Transpose', [context.gradOutputs[0] as ValueInfo], { perm: inverse }),
    ];
  },
};
