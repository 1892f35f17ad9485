import type { ExportContext } from '../export/context.js';
import { inputOf, numberOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/** a * scalar, for a constant scalar. */
function scaled(context: ExportContext, value: string, factor: number, hint: string): string {
  return context.step('Mul', [value, context.scalar(factor, hint)]);
}

/** The gradient with the L2 penalty: G + weightDecay * X, or G itself without decay. */
function decayed(context: ExportContext): string {
  const decay = numberOf(context, 'weightDecay');
  const [x, grad] = [inputOf(context, 0), inputOf(context, 1)];
  return decay === 0 ? grad : context.step('Add', [grad, scaled(context, x, decay, 'decay')]);
}

/**
 * SGDUpdate as the CPU kernel computes it (torch.optim.SGD, dampening 0):
 * V' = momentum * V + g; X' = X - lr * (nesterov ? g + momentum * V' : V'). With momentum 0,
 * V' is g and V is not read, as in the kernel. Each result is written straight into its output,
 * since a training step runs it for every parameter and an extra copy would cost a pass.
 */
const sgdUpdate: Lowering = {
  lower(context) {
    const momentum = numberOf(context, 'momentum');
    const g = decayed(context);
    const velocity = outputOf(context, 1);
    if (momentum === 0) {
      context.emit('Identity', [g], [velocity]);
    } else {
      const kept = scaled(context, inputOf(context, 2), momentum, 'momentum');
      context.emit('Add', [kept, g], [velocity]);
    }

    let direction = momentum === 0 ? g : velocity;
    if (momentum !== 0 && numberOf(context, 'nesterov') === 1) {
      direction = context.step('Add', [g, scaled(context, velocity, momentum, 'momentum')]);
    }
    const step = scaled(context, direction, numberOf(context, 'learningRate'), 'lr');
    context.emit('Sub', [inputOf(context, 0), step], [outputOf(context, 0)]);
  },
};

/**
 * AdamUpdate as the CPU kernel computes it (torch.optim.Adam):
 * X' = X - lr / (1 - beta1^t) * M' / (sqrt(V') / sqrt(1 - beta2^t) + epsilon).
 */
const adamUpdate: Lowering = {
  lower(context) {
    const [beta1, beta2] = [numberOf(context, 'beta1'), numberOf(context, 'beta2')];
    const g = decayed(context);
    const step = inputOf(context, 4);
    const [mean, variance] = [outputOf(context, 1), outputOf(context, 2)];
    context.emit(
      'Add',
      [
        scaled(context, inputOf(context, 2), beta1, 'beta1'),
        scaled(context, g, 1 - beta1, 'one_minus_beta1'),
      ],
      [mean],
    );
    context.emit(
      'Add',
      [
        scaled(context, inputOf(context, 3), beta2, 'beta2'),
        scaled(context, context.step('Mul', [g, g]), 1 - beta2, 'one_minus_beta2'),
      ],
      [variance],
    );

    const one = context.scalar(1, 'one');
    const correction = (beta: number) =>
      context.step('Sub', [one, context.step('Pow', [context.scalar(beta, 'beta'), step])]);
    const stepSize = context.step('Div', [
      context.scalar(numberOf(context, 'learningRate'), 'lr'),
      correction(beta1),
    ]);
    const root = context.step('Div', [
      context.step('Sqrt', [variance]),
      context.step('Sqrt', [correction(beta2)]),
    ]);
    const denominator = context.step('Add', [
      root,
      context.scalar(numberOf(context, 'epsilon'), 'epsilon'),
    ]);
    const update = context.step('Div', [context.step('Mul', [stepSize, mean]), denominator]);
    context.emit('Sub', [inputOf(context, 0), update], [outputOf(context, 0)]);
  },
};

/** The optimiser composites. */
export const OPTIMIZER_LOWERINGS: Readonly<Record<string, Lowering>> = {
  SGDUpdate: sgdUpdate,
  AdamUpdate: adamUpdate,
};
