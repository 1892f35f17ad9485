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
 * V' = momentum * V + g; X' = X - lr * (nesterov ? g + momentum * V' : V').
 */
const sgdUpdate: Lowering = {
  lower(context) {
    const momentum = numberOf(context, 'momentum');
    const g = decayed(context);
    const velocity = context.step('Add', [
      scaled(context, inputOf(context, 2), momentum, 'momentum'),
      g,
    ]);
    context.emit('Identity', [velocity], [outputOf(context, 1)]);

    const direction =
      numberOf(context, 'nesterov') === 1
        ? context.step('Add', [g, scaled(context, velocity, momentum, 'momentum')])
        : velocity;
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
    const mean = context.step('Add', [
      scaled(context, inputOf(context, 2), beta1, 'beta1'),
      scaled(context, g, 1 - beta1, 'one_minus_beta1'),
    ]);
    const variance = context.step('Add', [
      scaled(context, inputOf(context, 3), beta2, 'beta2'),
      scaled(context, context.step('Mul', [g, g]), 1 - beta2, 'one_minus_beta2'),
    ]);
    context.emit('Identity', [mean], [outputOf(context, 1)]);
    context.emit('Identity', [variance], [outputOf(context, 2)]);

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
