import { isConcrete, type Dim } from '@rectifier/core';
import type { ExportContext } from '../export/context.js';
import { keepNaN, requireWhere } from './edges.js';
import { inputOf, outputOf, reduceSumTo } from './helpers.js';
import type { Lowering } from './types.js';

/**
 * The axes of X over which a slope of shape `slope` is broadcast (ONNX aligns trailing axes):
 * the leading axes it lacks, and those where it has 1 and X has more (or a symbol).
 */
function broadcastAxes(x: readonly Dim[], slope: readonly Dim[]): number[] {
  const lead = x.length - slope.length;
  return x.flatMap((dim, axis) => {
    if (axis < lead) return [axis];
    return slope[axis - lead] === 1 && dim !== 1 ? [axis] : [];
  });
}

/** Sums `value`, shaped like X, down to the slope's shape. */
function sumToSlope(context: ExportContext, value: string, x: string, slope: string): string {
  const slopeShape = context.value(slope).shape;
  if (!isConcrete(slopeShape)) {
    context.cannot(`its slope '${slope}' must have a fixed shape, not [${slopeShape.join(', ')}]`);
  }
  const axes = broadcastAxes(context.value(x).shape, slopeShape);
  if (axes.length === 0) return value;
  const summed = reduceSumTo(context, value, axes, 1);
  const shape = context.constant(
    BigInt64Array.from(slopeShape.map(BigInt)),
    [slopeShape.length],
    'slope_shape',
  );
  return context.step('Reshape', [summed, shape]);
}

/**
 * PReluGrad: dX = dY where X > 0 and dY * slope elsewhere (NaN where X is NaN); dSlope = the
 * sum, over the axes the slope is broadcast along, of dY * X where X <= 0 (NaN flows into it).
 */
const preluGrad: Lowering = {
  lower(context) {
    requireWhere(context);
    const [gradOutput, x, slope] = [0, 1, 2].map((index) => inputOf(context, index)) as [
      string,
      string,
      string,
    ];
    const positive = context.step('Greater', [x, context.scalar(0, 'zero')]);
    const [gradX, gradSlope] = [outputOf(context, 0), outputOf(context, 1)];

    if (gradX) {
      const leaky = context.step('Mul', [gradOutput, slope]);
      keepNaN(context, x, context.step('Where', [positive, gradOutput, leaky]), gradX);
    }
    if (gradSlope) {
      const negativePart = context.step('Where', [positive, context.scalar(0, 'zero'), x]);
      const product = context.step('Mul', [gradOutput, negativePart]);
      context.emit('Identity', [sumToSlope(context, product, x, slope)], [gradSlope]);
    }
  },
};

/** The gradient composite of PReLU. */
export const PRELU_GRAD_LOWERINGS: Readonly<Record<string, Lowering>> = {
  PReluGrad: preluGrad,
};
