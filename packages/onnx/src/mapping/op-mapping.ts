import { activationOfOp, getOp, hasOp } from '@rectifier/core';
import { activationMappings } from './activations.js';
import { arithmeticMappings } from './arithmetic.js';
import { clipMappings } from './clip.js';
import { gemmMappings } from './gemm.js';
import { graphOpMappings } from './graph-ops.js';
import { lossMappings } from './losses.js';
import { reductionMappings } from './reductions.js';
import { reshapeMappings } from './reshape.js';
import { softmaxMappings } from './softmax.js';
import { nativeSince } from '../export/opsets.js';
import type { OpMapping } from './types.js';

export type { OpMapping } from './types.js';

/**
 * The one table of ONNX ops (default domain) that Rectifier imports, and exports where the
 * Rectifier op of the same name needs translating. An op missing here is unsupported.
 */
export const OP_MAPPINGS: ReadonlyMap<string, OpMapping> = new Map([
  ...activationMappings(),
  ...arithmeticMappings(),
  ...gemmMappings(),
  ...softmaxMappings(),
  ...reductionMappings(),
  ...clipMappings(),
  ...reshapeMappings(),
  ...lossMappings(),
  ...graphOpMappings(),
]);

/**
 * A default-domain core op that the table does not list (one added to core later) maps one to
 * one, attributes as they are, since core aligns its ops' names and attributes with ONNX.
 */
function passThrough(op: string): OpMapping {
  return {
    sinceOpset: nativeSince(op),
    import: (context) => {
      const attributes = context.attributes(Object.keys(getOp(op).attributes));
      context.emit(op, context.inputs(), attributes);
    },
  };
}

/** The mapping of an ONNX op of the default domain, or undefined when Rectifier lacks it. */
export function mappingOf(opType: string): OpMapping | undefined {
  const mapping = OP_MAPPINGS.get(opType);
  if (mapping) return mapping;
  // Activations are all in the table, so one missing from it (SiLU) is not an ONNX op.
  const isOnnxOp = hasOp(opType) && getOp(opType).domain === '' && !activationOfOp(opType);
  return isOnnxOp ? passThrough(opType) : undefined;
}
