import type { ExportContext } from '../export/context.js';
import { finiteBelow } from './edges.js';
import { inputOf, outputOf } from './helpers.js';
import type { Lowering } from './types.js';

/** 0.5 * x * (1 + erf(x / sqrt(2))). */
function exact(context: ExportContext, x: string): string {
  const scaled = context.step('Div', [x, context.scalar(Math.SQRT2, 'sqrt2')]);
  return context.step('Erf', [scaled]);
}

/** tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)). */
function tanhCurve(context: ExportContext, x: string): string {
  const cube = context.step('Mul', [context.step('Mul', [x, x]), x]);
  const cubic = context.step('Mul', [cube, context.scalar(0.044715, 'cubic')]);
  const inner = context.step('Add', [x, cubic]);
  const scaled = context.step('Mul', [inner, context.scalar(Math.sqrt(2 / Math.PI), 'scale')]);
  return context.step('Tanh', [scaled]);
}

/**
 * Before opset 20, GELU is written with Erf (exact) or Tanh (approximate = 'tanh'), with
 * -Infinity made finite so that it gives 0.
 */
export const gelu: Lowering = {
  nativeSince: 20,
  lower(context) {
    const tanhForm = context.node.attributes.approximate === 'tanh';
    if (!tanhForm && context.opset < 9) context.cannot('it needs Erf, which ONNX has from opset 9');
    const x = finiteBelow(context, inputOf(context, 0));
    const curve = tanhForm ? tanhCurve(context, x) : exact(context, x);
    const onePlus = context.step('Add', [curve, context.scalar(1, 'one')]);
    const half = context.step('Mul', [x, context.scalar(0.5, 'half')]);
    context.emit('Mul', [half, onePlus], [outputOf(context)]);
  },
};
