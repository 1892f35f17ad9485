import type { ExportContext, OnnxAttributes } from '../export/context.js';
import type { ImportContext } from '../import/context.js';
import type { OpMapping } from './types.js';

/**
 * The opset from which each reduction takes its axes as an int64 input instead of an
 * attribute: 13 for ReduceSum, 18 for the others.
 */
const AXES_INPUT_FROM: Readonly<Record<string, number>> = {
  ReduceSum: 13,
  ReduceMean: 18,
  ReduceSumSquare: 18,
};

function importReduction(op: string) {
  return (context: ImportContext): void => {
    const axesAsInput = context.opset >= (AXES_INPUT_FROM[op] as number);
    const attributes = context.attributes(
      axesAsInput ? ['keepdims', 'noop_with_empty_axes'] : ['keepdims', 'axes'],
    );
    let axes = attributes.axes as readonly number[] | undefined;
    if (axesAsInput) {
      const tensor = context.constantInput(1, 'axes');
      axes = tensor ? Array.from(tensor.values as ArrayLike<number | bigint>, Number) : undefined;
    }
    const data = context.input(0);

    // noop_with_empty_axes = 1 turns "no axes" from "reduce all" into the identity.
    if (attributes.noop_with_empty_axes === 1 && (axes ?? []).length === 0) {
      context.emit('Identity', [data]);
      return;
    }
    context.emit(op, [data], { axes: axes ?? [], keepdims: attributes.keepdims ?? 1 });
  };
}

function exportReduction(op: string) {
  return (context: ExportContext): void => {
    const { node } = context;
    const axes = node.attributes.axes as readonly number[];
    const keepdims = { int: node.attributes.keepdims as number };
    if (context.opset < (AXES_INPUT_FROM[op] as number)) {
      // An empty list means "all axes" in Rectifier; ONNX says that by leaving axes out.
      const attributes: OnnxAttributes = axes.length
        ? { axes: { ints: axes }, keepdims }
        : { keepdims };
      context.emit(op, node.inputs, node.outputs, attributes);
      return;
    }
    const inputs = [...node.inputs];
    if (axes.length)
      inputs.push(context.constant(BigInt64Array.from(axes.map(BigInt)), [axes.length], 'axes'));
    context.emit(op, inputs, node.outputs, { keepdims });
  };
}

function importArgMax(context: ImportContext): void {
  const attributes = context.attributes(['axis', 'keepdims', 'select_last_index']);
  if (attributes.select_last_index === 1) {
    context.unsupported('select_last_index = 1 is not supported; Rectifier takes the first.');
  }
  delete attributes.select_last_index;
  context.emit('ArgMax', context.inputs(), attributes);
}

/** ReduceSum, ReduceMean, ReduceSumSquare and ArgMax. */
export function reductionMappings(): [string, OpMapping][] {
  const reductions = Object.keys(AXES_INPUT_FROM).map((op): [string, OpMapping] => [
    op,
    { import: importReduction(op), export: exportReduction(op) },
  ]);
  return [...reductions, ['ArgMax', { import: importArgMax }]];
}
