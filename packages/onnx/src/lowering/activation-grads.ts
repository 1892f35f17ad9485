import type { ExportContext } from '../export/context.js';
import { clipTo, FLOAT, inputOf, numberOf, outputOf, reduceSumTo } from './helpers.js';
import type { Lowering } from './types.js';

/** 1.0 where `condition` holds and 0.0 elsewhere. */
function mask(context: ExportContext, condition: string): string {
  return context.step('Cast', [condition], { to: { int: FLOAT } });
}

/**
 * Writes dX = dY * derivative, except that where X is NaN dX is NaN, as Rectifier's rules say
 * (a comparison with NaN is false, so the masks alone would give 0 there). IsNaN and Where
 * exist from opset 9; below it NaN gives 0.
 */
function finish(context: ExportContext, derivative: string, nanPropagates = false): void {
  const [gradOutput, x] = [inputOf(context, 0), inputOf(context, 1)];
  const output = outputOf(context);
  if (nanPropagates || context.opset < 9) {
    context.emit('Mul', [gradOutput, derivative], [output]);
    return;
  }
  const product = context.step('Mul', [gradOutput, derivative]);
  context.emit('Where', [context.step('IsNaN', [x]), x, product], [output]);
}

function positive(context: ExportContext): string {
  return context.step('Greater', [inputOf(context, 1), context.scalar(0, 'zero')]);
}

/**
 * ReluGrad: dY * f'(X), with f'(X) = Ceil(Clip(X, 0, 1)): 1 for X > 0 (subnormals and Infinity
 * included), 0 for X <= 0, and NaN for NaN, since Clip and Ceil keep NaN. Three nodes rather
 * than the five of a mask and a NaN check; a training step runs one per rectified layer. Unlike
 * the CPU kernel, X = -0 gives dY * -0, a zero of the other sign.
 */
const reluGrad: Lowering = {
  lower(context) {
    const [gradOutput, x] = [inputOf(context, 0), inputOf(context, 1)];
    const clipped = context.fresh(`${context.node.name}/clipped`);
    clipTo(context, x, 0, 1, clipped);
    context.emit('Mul', [gradOutput, context.step('Ceil', [clipped])], [outputOf(context)]);
  },
};

/** LeakyReluGrad: dY * (X > 0 ? 1 : alpha), the slope written as alpha + (1 - alpha) * mask. */
const leakyReluGrad: Lowering = {
  lower(context) {
    const alpha = numberOf(context, 'alpha');
    const rise = context.step('Mul', [
      mask(context, positive(context)),
      context.scalar(1 - alpha, 'rise'),
    ]);
    finish(context, context.step('Add', [rise, context.scalar(alpha, 'alpha')]));
  },
};

/** Relu6Grad: dY * (0 < X < 6). */
const relu6Grad: Lowering = {
  lower(context) {
    const below = context.step('Less', [inputOf(context, 1), context.scalar(6, 'six')]);
    finish(context, mask(context, context.step('And', [positive(context), below])));
  },
};

/** SigmoidGrad: dY * s * (1 - s), s = Sigmoid(X). */
const sigmoidGrad: Lowering = {
  lower(context) {
    const s = context.step('Sigmoid', [inputOf(context, 1)]);
    const complement = context.step('Sub', [context.scalar(1, 'one'), s]);
    finish(context, context.step('Mul', [s, complement]), true);
  },
};

/**
 * TanhGrad: dY * (1 - t^2), t = Tanh(X), written from opset 9 as dY / cosh(X)^2: near
 * saturation 1 - t^2 cancels, and the few ulps that a runtime's tanh is off by become large
 * relative errors. cosh(X)^2 overflows to Infinity where the derivative is below float32's
 * range, giving 0.
 */
const tanhGrad: Lowering = {
  lower(context) {
    if (context.opset < 9) {
      // Cosh exists from opset 9; before it, the cancelling form.
      const t = context.step('Tanh', [inputOf(context, 1)]);
      const square = context.step('Mul', [t, t]);
      finish(context, context.step('Sub', [context.scalar(1, 'one'), square]), true);
      return;
    }
    const cosh = context.step('Cosh', [inputOf(context, 1)]);
    const square = context.step('Mul', [cosh, cosh]);
    context.emit('Div', [inputOf(context, 0), square], [outputOf(context)]);
  },
};

/** SoftmaxGrad from the output: dX = Y * (dY - sum(dY * Y) along the axis). */
const softmaxGrad: Lowering = {
  lower(context) {
    const [gradOutput, y] = [inputOf(context, 0), inputOf(context, 1)];
    const rank = context.value(y).shape.length;
    const axis = numberOf(context, 'axis');
    const product = context.step('Mul', [gradOutput, y]);
    const total = reduceSumTo(context, product, [axis < 0 ? axis + rank : axis], 1);
    const centred = context.step('Sub', [gradOutput, total]);
    context.emit('Mul', [y, centred], [outputOf(context)]);
  },
};

/** ClipGrad: dY where min < X < max (an absent bound is no limit), 0 elsewhere. */
const clipGrad: Lowering = {
  lower(context) {
    const [gradOutput, x, min, max] = context.node.inputs;
    const conditions: string[] = [];
    if (min) conditions.push(context.step('Greater', [x as string, min]));
    if (max) conditions.push(context.step('Less', [x as string, max]));
    if (conditions.length === 0) {
      context.emit('Identity', [gradOutput as string], [outputOf(context)]);
      return;
    }
    const inside =
      conditions.length === 2 ? context.step('And', conditions) : (conditions[0] as string);
    context.emit('Mul', [gradOutput as string, mask(context, inside)], [outputOf(context)]);
  },
};

/** The gradient composites of activations (and Clip) that have a lowering. */
export const ACTIVATION_GRAD_LOWERINGS: Readonly<Record<string, Lowering>> = {
  ReluGrad: reluGrad,
  LeakyReluGrad: leakyReluGrad,
  Relu6Grad: relu6Grad,
  SigmoidGrad: sigmoidGrad,
  TanhGrad: tanhGrad,
  SoftmaxGrad: softmaxGrad,
  ClipGrad: clipGrad,
};
