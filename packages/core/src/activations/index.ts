import { UnknownNameError } from '../errors.js';
import { celu } from './celu.js';
import { elu } from './elu.js';
import { gelu } from './gelu.js';
import { hardSigmoid } from './hard-sigmoid.js';
import { hardSwish } from './hard-swish.js';
import { leakyRelu } from './leaky-relu.js';
import { linear } from './linear.js';
import { mish } from './mish.js';
import { prelu } from './prelu.js';
import { relu } from './relu.js';
import { relu6 } from './relu6.js';
import { selu } from './selu.js';
import { sigmoid } from './sigmoid.js';
import { silu } from './silu.js';
import { softmax } from './softmax.js';
import { softplus } from './softplus.js';
import { softsign } from './softsign.js';
import { tanh } from './tanh.js';
import { thresholdedRelu } from './thresholded-relu.js';
import type { ActivationSpec } from './types.js';

export type { ActivationAttributes, ActivationSpec, OnnxMapping } from './types.js';
export { SELU_ALPHA, SELU_SCALE } from './selu.js';
export {
  erf,
  erfc,
  normalCdf,
  normalPdf,
  sigmoid as sigmoidScalar,
  softplus as softplusScalar,
} from './math.js';

/** Every activation Rectifier knows: the rectifiers first, then the ones kept for comparison. */
export const ACTIVATIONS: readonly ActivationSpec[] = [
  relu,
  leakyRelu,
  prelu,
  elu,
  selu,
  celu,
  gelu,
  silu,
  mish,
  softplus,
  softsign,
  relu6,
  hardSigmoid,
  hardSwish,
  thresholdedRelu,
  sigmoid,
  tanh,
  linear,
  softmax,
];

const byName = new Map<string, ActivationSpec>(ACTIVATIONS.map((spec) => [spec.name, spec]));
const byOp = new Map<string, ActivationSpec>(ACTIVATIONS.map((spec) => [spec.op, spec]));

/** Alternative spellings users type, mapped to a name and attributes. */
const ALIASES: Readonly<Record<string, { name: string; attributes?: Record<string, string> }>> = {
  leakyrelu: { name: 'leaky-relu' },
  leaky_relu: { name: 'leaky-relu' },
  swish: { name: 'silu' },
  'gelu-tanh': { name: 'gelu', attributes: { approximate: 'tanh' } },
  hardsigmoid: { name: 'hard-sigmoid' },
  hardswish: { name: 'hard-swish' },
  identity: { name: 'linear' },
};

/**
 * Looks an activation up by the name users type (`'leaky-relu'`) or by its op (`'LeakyRelu'`),
 * with the attributes an alias implies (`'gelu-tanh'` is GELU with approximate = 'tanh').
 */
export function findActivation(name: string): {
  spec: ActivationSpec;
  attributes: Record<string, string>;
} {
  const alias = ALIASES[name.toLowerCase()];
  const spec = byName.get(alias?.name ?? name.toLowerCase()) ?? byOp.get(name);
  if (!spec) {
    throw new UnknownNameError('activation', name, [...byName.keys(), ...Object.keys(ALIASES)]);
  }
  return { spec, attributes: { ...alias?.attributes } };
}

/** The activation spec of a name or op, or an UnknownNameError listing the known ones. */
export function getActivation(name: string): ActivationSpec {
  return findActivation(name).spec;
}

/** The activation an op computes, if it is one. */
export function activationOfOp(op: string): ActivationSpec | undefined {
  return byOp.get(op);
}
