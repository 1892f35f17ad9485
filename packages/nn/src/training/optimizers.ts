import { ArgumentError, sizeOf, type GraphBuilder, type ValueInfo } from '@rectifier/core';
import { checkKnownKeys } from '../options.js';

/** SGD with momentum, as torch.optim.SGD (dampening 0). */
export interface SgdOptions {
  readonly name: 'sgd';
  readonly learningRate?: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/** Adam, as torch.optim.Adam. */
export interface AdamOptions {
  readonly name: 'adam';
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  readonly weightDecay?: number;
}

/** An optimiser and its settings. */
export type OptimizerOptions = SgdOptions | AdamOptions;

const SGD_OPTIONS = ['name', 'learningRate', 'momentum', 'nesterov', 'weightDecay'];
const ADAM_OPTIONS = ['name', 'learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay'];

/** The optimisers, for validation and help texts. */
export const OPTIMIZERS = ['sgd', 'adam'] as const;

function zerosLike(builder: GraphBuilder, parameter: ValueInfo, suffix: string): ValueInfo {
  const shape = parameter.shape as number[];
  return builder.state(
    `${parameter.name}.${suffix}`,
    shape,
    new Float32Array(sizeOf(parameter.shape as number[])),
  );
}

/**
 * Appends one optimiser step to a training graph: for each parameter, its update op, and
 * state updates so that parameters and optimiser state stay on the backend between runs.
 */
export function addOptimizerStep(
  builder: GraphBuilder,
  options: OptimizerOptions,
  parameters: readonly ValueInfo[],
  grads: readonly ValueInfo[],
): void {
  if (options.name === 'sgd') {
    checkKnownKeys("The 'sgd' optimiser", options, SGD_OPTIONS);
    const attributes = {
      learningRate: options.learningRate ?? 0.01,
      momentum: options.momentum ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ? 1 : 0,
    };
    // Without momentum there is no velocity to keep, as in PyTorch: a zero constant stands
    // in for it, and nothing is carried from one step to the next.
    const keepsVelocity = attributes.momentum !== 0;
    parameters.forEach((parameter, index) => {
      const velocity = keepsVelocity
        ? zerosLike(builder, parameter, 'velocity')
        : builder.constant(new Float32Array(sizeOf(parameter.shape as number[])), [
            ...(parameter.shape as number[]),
          ]);
      const [next, nextVelocity] = builder.opOutputs(
        'SGDUpdate',
        [parameter, grads[index], velocity],
        attributes,
      ) as [ValueInfo, ValueInfo];
      builder.update(parameter, next);
      if (keepsVelocity) builder.update(velocity, nextVelocity);
    });
    return;
  }

  if (options.name === 'adam') {
    checkKnownKeys("The 'adam' optimiser", options, ADAM_OPTIONS);
    const attributes = {
      learningRate: options.learningRate ?? 0.001,
      beta1: options.beta1 ?? 0.9,
      beta2: options.beta2 ?? 0.999,
      epsilon: options.epsilon ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
    };
    const step = builder.state('adam.step', [], new Float32Array(1));
    const nextStep = builder.op('Add', [step, builder.constant(1)]);
    builder.update(step, nextStep);
    parameters.forEach((parameter, index) => {
      const first = zerosLike(builder, parameter, 'm');
      const second = zerosLike(builder, parameter, 'v');
      const [next, nextFirst, nextSecond] = builder.opOutputs(
        'AdamUpdate',
        [parameter, grads[index], first, second, nextStep],
        attributes,
      ) as [ValueInfo, ValueInfo, ValueInfo];
      builder.update(parameter, next);
      builder.update(first, nextFirst);
      builder.update(second, nextSecond);
    });
    return;
  }

  throw new ArgumentError(
    `Unknown optimiser '${(options as { name: string }).name}'; use one of ${OPTIMIZERS.join(', ')}.`,
  );
}
