import type { ExportContext } from '../export/context.js';
import type { ImportContext } from '../import/context.js';
import type { OpMapping } from './types.js';

/**
 * Clip's bounds are the attributes min and max before opset 11 and optional scalar inputs
 * from 11. Rectifier's Clip has the opset 11 form; old bounds become scalar constants.
 */
function importClip(context: ImportContext): void {
  const x = context.input(0);
  if (context.opset >= 11) {
    context.attributes([]);
    context.emit('Clip', [x, context.input(1), context.input(2)]);
    return;
  }
  context.attributes(['min', 'max'], ['consumed_inputs']);
  const bound = (name: string) =>
    context.has(name)
      ? context.constant(Float32Array.of(context.number(name, 0)), [], name)
      : undefined;
  context.emit('Clip', [x, bound('min'), bound('max')]);
}

/** The value of a bound before opset 11, which must be known when the model is written. */
function constantBound(context: ExportContext, index: number): number | undefined {
  const name = context.node.inputs[index];
  if (!name) return undefined;
  const values = context.initializerValues(name);
  if (!values || values.length !== 1) {
    context.cannot(`before opset 11 Clip's bounds are attributes, so '${name}' must be a constant`);
  }
  return Number(values[0]);
}

function exportClip(context: ExportContext): void {
  const { node } = context;
  if (context.opset >= 11) {
    context.emit('Clip', node.inputs, node.outputs);
    return;
  }
  const min = constantBound(context, 1);
  const max = constantBound(context, 2);
  context.emit('Clip', [node.inputs[0] as string], node.outputs, {
    ...(min === undefined ? {} : { min: { float: min } }),
    ...(max === undefined ? {} : { max: { float: max } }),
  });
}

/** Clip, with bounds as attributes before opset 11 and as inputs from 11. */
export function clipMappings(): [string, OpMapping][] {
  return [['Clip', { import: importClip, export: exportClip }]];
}
