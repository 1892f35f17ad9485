import type { ExportContext } from '../export/context.js';

/** ONNX's TensorProto.DataType code for float32, the `to` of a Cast. */
export const FLOAT = 1;

/** The node's input at `index`, which its op requires. */
export function inputOf(context: ExportContext, index: number): string {
  return context.node.inputs[index] as string;
}

/** The node's output at `index`. */
export function outputOf(context: ExportContext, index = 0): string {
  return context.node.outputs[index] as string;
}

/** A number attribute of the node. */
export function numberOf(context: ExportContext, name: string): number {
  return context.node.attributes[name] as number;
}

/** Clip(x, min, max) in the form of the target opset: attributes before 11, inputs from 11. */
export function clipTo(
  context: ExportContext,
  x: string,
  min: number,
  max: number,
  output: string,
): void {
  if (context.opset < 11) {
    context.emit('Clip', [x], [output], { min: { float: min }, max: { float: max } });
    return;
  }
  const bounds = [context.scalar(min, 'min'), context.scalar(max, 'max')];
  context.emit('Clip', [x, ...bounds], [output]);
}

/** ReduceSum over `axes` in the form of the target opset: attribute before 13, input from 13. */
export function reduceSumTo(
  context: ExportContext,
  x: string,
  axes: readonly number[],
  keepdims: number,
): string {
  if (context.opset < 13) {
    return context.step('ReduceSum', [x], { axes: { ints: axes }, keepdims: { int: keepdims } });
  }
  const axesInput = context.constant(BigInt64Array.from(axes.map(BigInt)), [axes.length], 'axes');
  return context.step('ReduceSum', [x, axesInput], { keepdims: { int: keepdims } });
}

/** Unsqueeze at `axes` in the form of the target opset: attribute before 13, input from 13. */
export function unsqueezeTo(context: ExportContext, x: string, axes: readonly number[]): string {
  if (context.opset < 13) return context.step('Unsqueeze', [x], { axes: { ints: axes } });
  const axesInput = context.constant(BigInt64Array.from(axes.map(BigInt)), [axes.length], 'axes');
  return context.step('Unsqueeze', [x, axesInput]);
}
