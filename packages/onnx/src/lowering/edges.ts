import type { ExportContext } from '../export/context.js';
import { clipTo } from './helpers.js';

/** The largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Beyond this magnitude every smooth derivative below has reached its limit (0 or 1, times a
 * constant) in float32, and clamping there keeps the cubes and squares of the formulas finite.
 */
export const DERIVATIVE_SATURATION = 1e4;

/**
 * Max(x, -FLOAT32_MAX): -Infinity becomes the most negative finite float and nothing else
 * changes (Max keeps NaN). Formulas of the form x * g(x) with g(-Infinity) = 0 then give 0 at
 * -Infinity, as Rectifier's rules say, instead of -Infinity * 0 = NaN. Max broadcasts from
 * opset 8; below it the input is returned as it is.
 */
export function finiteBelow(context: ExportContext, x: string): string {
  if (context.opset < 8) return x;
  return context.step('Max', [x, context.scalar(-FLOAT32_MAX, 'lowest')]);
}

/** Clip(x, -DERIVATIVE_SATURATION, DERIVATIVE_SATURATION), which keeps NaN. */
export function saturated(context: ExportContext, x: string): string {
  const output = context.fresh(`${context.node.name}/saturated`);
  clipTo(context, x, -DERIVATIVE_SATURATION, DERIVATIVE_SATURATION, output);
  return output;
}

/** Refuses opsets before 9, which lack Where and IsNaN. */
export function requireWhere(context: ExportContext): void {
  if (context.opset < 9) context.cannot('its lowering needs Where, which ONNX has from opset 9');
}

/** Where(IsNaN(x), x, value) into `output`: NaN in gives NaN out, whatever `value` says. */
export function keepNaN(context: ExportContext, x: string, value: string, output: string): void {
  context.emit('Where', [context.step('IsNaN', [x]), x, value], [output]);
}
