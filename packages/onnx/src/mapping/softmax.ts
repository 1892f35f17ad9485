import { normalizeAxis, type ValueInfo } from '@rectifier/core';
import type { ExportContext } from '../export/context.js';
import type { ImportContext } from '../import/context.js';
import type { OpMapping } from './types.js';

/**
 * Before opset 13, Softmax and LogSoftmax flatten X to 2-D at `axis` (default 1) and normalise
 * over the flattened trailing part; from 13 they normalise over `axis` (default -1) alone. The
 * two agree when axis is the last one. Otherwise import rewrites the old meaning as
 * Reshape (keep the leading dims, merge the trailing ones) -> op over the last axis -> Reshape
 * back, which needs the trailing dims to be numbers.
 */
function importSoftmax(op: string) {
  return (context: ImportContext): void => {
    context.attributes(['axis']);
    const x = context.input(0) as ValueInfo;
    if (context.opset >= 13) {
      context.emit(op, [x], { axis: context.number('axis', -1) });
      return;
    }

    const rank = x.shape.length;
    const axis = normalizeAxis(context.number('axis', 1), rank, op);
    if (axis === rank - 1) {
      context.emit(op, [x], { axis });
      return;
    }
    const trailing = x.shape.slice(axis);
    if (trailing.some((dim) => typeof dim !== 'number')) {
      context.unsupported(
        `opset ${context.opset} ${op} flattens [${trailing.join(', ')}] from axis ${axis}; ` +
          'Rectifier can rewrite that only when those dimensions are numbers.',
      );
    }
    const size = (trailing as number[]).reduce((product, dim) => product * dim, 1);
    const leading = Array.from({ length: axis }, () => 0);
    const flat = context.step('Reshape', [x], { shape: [...leading, size] });
    const normalised = context.step(op, [flat], { axis: -1 });
    context.emit('Reshape', [normalised], { shape: [...leading, ...(trailing as number[])] });
  };
}

function exportSoftmax(op: string) {
  return (context: ExportContext): void => {
    const { node } = context;
    if (context.opset >= 13) {
      context.emit(op, node.inputs, node.outputs, context.attributes());
      return;
    }
    const rank = context.value(node.inputs[0] as string).shape.length;
    const axis = normalizeAxis(node.attributes.axis as number, rank, op);
    if (axis !== rank - 1) {
      context.cannot(
        `before opset 13 ONNX ${op} flattens from its axis, so axis ${axis} of rank ${rank} ` +
          'needs opset 13 or later',
      );
    }
    context.emit(op, node.inputs, node.outputs, { axis: { int: axis } });
  };
}

/** Softmax and LogSoftmax, with the change of meaning at opset 13. */
export function softmaxMappings(): [string, OpMapping][] {
  return ['Softmax', 'LogSoftmax'].map((op): [string, OpMapping] => [
    op,
    { import: importSoftmax(op), export: exportSoftmax(op) },
  ]);
}
