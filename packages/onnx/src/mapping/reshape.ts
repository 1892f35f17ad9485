import { normalizeAxis, type ValueInfo } from '@rectifier/core';
import type { ExportContext, OnnxAttributes } from '../export/context.js';
import type { ImportContext } from '../import/context.js';
import type { OpMapping } from './types.js';

/**
 * Reshape's target shape is an attribute before opset 5 and an int64 input from 5, which
 * Rectifier needs to be constant; Rectifier keeps it as the attribute `shape` (see core).
 */
function importReshape(context: ImportContext): void {
  const attributes = context.attributes(context.opset >= 5 ? ['allowzero'] : ['shape'], [
    'consumed_inputs',
  ]);
  let shape = attributes.shape as readonly number[] | undefined;
  if (context.opset >= 5) {
    const tensor = context.constantInput(1, 'shape');
    shape = tensor ? Array.from(tensor.values as ArrayLike<number | bigint>, Number) : undefined;
  }
  if (!shape) context.fail('it has no target shape.');
  context.emit('Reshape', [context.input(0)], { shape, allowzero: attributes.allowzero ?? 0 });
}

/** One side of Flatten's 2-D shape as a Reshape entry: a number, 0 to copy, -1 to infer. */
function side(dims: ValueInfo['shape'], copyable: boolean): number {
  if (dims.every((dim) => typeof dim === 'number')) {
    return (dims as number[]).reduce((product, dim) => product * dim, 1);
  }
  return copyable && dims.length === 1 ? 0 : -1;
}

/**
 * Flatten is Reshape to [product of the dims before axis, product of the rest]. Rectifier
 * writes it as Reshape, copying a symbolic batch dimension with 0 and inferring the other.
 */
function importFlatten(context: ImportContext): void {
  context.attributes(['axis']);
  const x = context.input(0) as ValueInfo;
  const rank = x.shape.length;
  const axis = context.number('axis', 1);
  const split = axis === rank ? rank : normalizeAxis(axis, rank, 'Flatten');
  const shape = [side(x.shape.slice(0, split), true), side(x.shape.slice(split), false)];
  if (shape[0] === -1 && shape[1] === -1) {
    context.unsupported(
      `flattening [${x.shape.join(', ')}] at axis ${split} makes two dimensions that are ` +
        'products of symbols, which Rectifier shapes cannot name.',
    );
  }
  context.emit('Reshape', [x], { shape });
}

function exportReshape(context: ExportContext): void {
  const { node } = context;
  const shape = node.attributes.shape as readonly number[];
  const allowZero = node.attributes.allowzero === 1 && shape.includes(0);
  if (context.opset < 5) context.cannot('Reshape takes its shape as an input from opset 5');
  if (allowZero && context.opset < 14) context.cannot('allowzero = 1 needs opset 14');
  const target = context.constant(BigInt64Array.from(shape.map(BigInt)), [shape.length], 'shape');
  const attributes: OnnxAttributes = allowZero ? { allowzero: { int: 1 } } : {};
  context.emit('Reshape', [node.inputs[0] as string, target], node.outputs, attributes);
}

/** Reshape, and Flatten imported as Reshape. */
export function reshapeMappings(): [string, OpMapping][] {
  return [
    ['Reshape', { import: importReshape, export: exportReshape }],
    ['Flatten', { import: importFlatten }],
  ];
}
