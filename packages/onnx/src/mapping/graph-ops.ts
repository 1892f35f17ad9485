import type { ImportContext } from '../import/context.js';
import type { DecodedTensor } from '../tensor-proto.js';
import type { OpMapping } from './types.js';

/** The tensor of a Constant node, from `value` or, from opset 12, the scalar and list forms. */
function constantTensor(context: ImportContext): DecodedTensor {
  const tensor = context.tensor('value');
  if (tensor) return tensor;
  const name = context.node.outputs[0] ?? '';
  if (context.has('value_float')) {
    return {
      name,
      shape: [],
      dtype: 'float32',
      values: Float32Array.of(context.number('value_float', 0)),
    };
  }
  if (context.has('value_int')) {
    const value = BigInt(context.number('value_int', 0));
    return { name, shape: [], dtype: 'int64', values: BigInt64Array.of(value) };
  }
  const floats = context.node.attributes.get('value_floats');
  if (Array.isArray(floats)) {
    return {
      name,
      shape: [floats.length],
      dtype: 'float32',
      values: Float32Array.from(floats as number[]),
    };
  }
  const ints = context.ints('value_ints');
  if (ints) {
    return {
      name,
      shape: [ints.length],
      dtype: 'int64',
      values: BigInt64Array.from(ints.map(BigInt)),
    };
  }
  const kinds = [...context.node.attributes.keys()].join(', ') || 'none';
  return context.unsupported(
    `Rectifier reads value, value_float(s) and value_int(s); got ${kinds}.`,
  );
}

/**
 * Dropout at inference is the identity, which is what exported models run. A model that asks
 * for training mode or uses the mask output needs a Dropout op that Rectifier lacks.
 */
function importDropout(context: ImportContext): void {
  context.attributes(['ratio', 'seed'], ['is_test', 'consumed_inputs']);
  const trainingMode = context.node.inputs[2];
  const training = trainingMode ? context.constantInput(2, 'training_mode') : undefined;
  if (training && training.values.some((value: number | bigint) => Number(value) !== 0)) {
    context.unsupported('training mode is not supported; only inference (the identity).');
  }
  if (context.node.outputs[1]) context.unsupported("the 'mask' output is not supported.");
  const data = context.input(0);
  const output = context.node.outputs[0] ?? '';
  context.builder.op('Identity', [data], {}, { name: context.node.name, outputNames: [output] });
}

/** Constant and Dropout. */
export function graphOpMappings(): [string, OpMapping][] {
  return [
    ['Constant', { import: (context) => context.defineConstant(constantTensor(context)) }],
    ['Dropout', { import: importDropout }],
  ];
}
