import { ACTIVATIONS, SELU_ALPHA, SELU_SCALE, type ActivationSpec } from '@rectifier/core';
import type { ImportContext } from '../import/context.js';
import type { OpMapping } from './types.js';

/**
 * The opset that introduced each activation ONNX added after its first release. The others
 * exist from opset 1; their later versions changed types or dropped legacy attributes only.
 */
const INTRODUCED: Readonly<Record<string, number>> = {
  PRelu: 1,
  ThresholdedRelu: 10,
  Celu: 12,
  HardSwish: 14,
  Mish: 18,
  Gelu: 20,
};

/**
 * ONNX defaults that the spec's `onnx.defaults` does not list because they equal Rectifier's
 * up to float32 rounding: ONNX declares SELU's constants as these float32 numbers.
 */
const FLOAT32_DEFAULTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Selu: { alpha: Math.fround(SELU_ALPHA), gamma: Math.fround(SELU_SCALE) },
};

/** Every attribute of an activation, with ONNX's default wherever the node leaves one out. */
function onnxDefaults(spec: ActivationSpec): Record<string, number | string> {
  const defaults: Record<string, number | string> = {};
  for (const [name, attribute] of Object.entries(spec.attributes)) {
    if (attribute.default !== undefined) defaults[name] = attribute.default as number | string;
  }
  return { ...defaults, ...spec.onnx.defaults, ...FLOAT32_DEFAULTS[spec.op] };
}

function importActivation(spec: ActivationSpec) {
  const defaults = onnxDefaults(spec);
  return (context: ImportContext): void => {
    // consumed_inputs is a legacy attribute of opset 1 to 5 that changes nothing.
    const given = context.attributes(Object.keys(spec.attributes), ['consumed_inputs']);
    context.emit(spec.op, context.inputs(), { ...defaults, ...given });
  };
}

/** The elementwise activations that are ONNX ops of the same name, read from the spec. */
export function activationMappings(): [string, OpMapping][] {
  const mappings: [string, OpMapping][] = [];
  for (const spec of ACTIVATIONS) {
    // sinceOpset 0 marks an activation ONNX lacks under any opset (SiLU): never imported as is.
    if (spec.kind !== 'elementwise' || spec.onnx.op !== spec.op || spec.onnx.sinceOpset < 1) {
      continue;
    }
    mappings.push([spec.op, { sinceOpset: INTRODUCED[spec.op], import: importActivation(spec) }]);
  }
  mappings.push([
    'PRelu',
    {
      import: (context) => {
        context.attributes([], ['consumed_inputs']);
        context.emit('PRelu', context.inputs());
      },
    },
  ]);
  return mappings;
}
