import type { OpDef } from '../op.js';
import { required, requireSameShape } from './helpers.js';

const learningRate = {
  type: 'float',
  min: 0,
  doc: 'step size',
} as const;

const weightDecay = {
  type: 'float',
  default: 0,
  min: 0,
  doc: 'L2 penalty added to the gradient, as PyTorch does',
} as const;

/**
 * One SGD step with momentum, with PyTorch's semantics (dampening 0):
 * g = G + weightDecay * X; V' = momentum * V + g; X' = X - lr * (nesterov ? g + momentum * V' : V').
 */
export const sgdUpdate: OpDef = {
  name: 'SGDUpdate',
  domain: 'rectifier',
  doc: 'SGD with momentum and optional Nesterov, as torch.optim.SGD (dampening 0).',
  inputs: [{ name: 'X' }, { name: 'G' }, { name: 'V' }],
  outputs: ['X_new', 'V_new'],
  attributes: {
    learningRate: { ...learningRate, default: 0.01 },
    momentum: { type: 'float', default: 0, min: 0, doc: 'momentum factor' },
    weightDecay,
    nesterov: { type: 'int', default: 0, min: 0, max: 1, doc: '1 for Nesterov momentum' },
  },
  inferShapes(inputs) {
    const x = required('SGDUpdate', inputs, 0);
    requireSameShape('SGDUpdate', x, required('SGDUpdate', inputs, 1));
    requireSameShape('SGDUpdate', x, required('SGDUpdate', inputs, 2));
    return [
      { shape: x.shape, dtype: 'float32' },
      { shape: x.shape, dtype: 'float32' },
    ];
  },
};

/**
 * One Adam step with PyTorch's semantics and bias correction; `step` is the 1-based step count
 * of this update, a float32 scalar.
 */
export const adamUpdate: OpDef = {
  name: 'AdamUpdate',
  domain: 'rectifier',
  doc: 'Adam, as torch.optim.Adam: bias-corrected moments, epsilon added after the square root.',
  inputs: [{ name: 'X' }, { name: 'G' }, { name: 'M' }, { name: 'V' }, { name: 'step' }],
  outputs: ['X_new', 'M_new', 'V_new'],
  attributes: {
    learningRate: { ...learningRate, default: 0.001 },
    beta1: {
      type: 'float',
      default: 0.9,
      min: 0,
      max: 1,
      exclusive: true,
      doc: 'first moment decay',
    },
    beta2: {
      type: 'float',
      default: 0.999,
      min: 0,
      max: 1,
      exclusive: true,
      doc: 'second moment decay',
    },
    epsilon: { type: 'float', default: 1e-8, min: 0, doc: 'added to the denominator' },
    weightDecay,
  },
  inferShapes(inputs) {
    const x = required('AdamUpdate', inputs, 0);
    for (const index of [1, 2, 3])
      requireSameShape('AdamUpdate', x, required('AdamUpdate', inputs, index));
    const shape = x.shape;
    return [
      { shape, dtype: 'float32' },
      { shape, dtype: 'float32' },
      { shape, dtype: 'float32' },
    ];
  },
};
