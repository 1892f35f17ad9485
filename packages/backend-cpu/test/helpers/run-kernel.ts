import { getOp, resolveAttributes, type AttributeValue, type GraphNode } from '@rectifier/core';
import { activationKernels } from '../../src/kernels/activations/index.js';
import type { View } from '../../src/kernel.js';

/** A float32 tensor as a test hands it to a kernel. */
export interface TestTensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** A one-node GraphNode for an op, with its attributes resolved against the op's defaults. */
export function makeNode(
  op: string,
  attributes: Readonly<Record<string, AttributeValue>> = {},
  inputCount = getOp(op).inputs.length,
  outputCount = getOp(op).outputs.length,
): GraphNode {
  return {
    name: `${op}_0`,
    op,
    inputs: Array.from({ length: inputCount }, (_, i) => `input${i}`),
    outputs: Array.from({ length: outputCount }, (_, i) => `output${i}`),
    attributes: resolveAttributes(op, getOp(op).attributes, attributes),
  };
}

/**
 * Runs one activation kernel directly, without a program: prepares it for the inputs' shapes
 * and runs it once into fresh float32 outputs. The outputs default to one tensor shaped like
 * the first input. Outputs are filled with a sentinel first, so an element the kernel fails
 * to write shows up.
 */
export function runKernel(
  op: string,
  inputs: readonly TestTensor[],
  attributes: Readonly<Record<string, AttributeValue>> = {},
  outputShapes: readonly (readonly number[])[] = [inputs[0]?.shape ?? []],
): Float32Array[] {
  const kernel = activationKernels[op];
  if (!kernel) throw new Error(`No CPU kernel for ${op}.`);
  const node = makeNode(op, attributes, inputs.length, outputShapes.length);
  const outputs: View[] = outputShapes.map((shape) => ({
    data: new Float32Array(shape.reduce((size, dim) => size * dim, 1)).fill(-12345),
    shape,
  }));

  const run = kernel.prepare(
    node,
    inputs.map((input) => input.shape),
    outputShapes,
  );
  run(inputs, outputs);

  return outputs.map((output) => output.data as Float32Array);
}

/** Decodes the golden file's numbers: "NaN", "Infinity" and "-Infinity" are strings there. */
export function decode(values: readonly (number | string)[]): Float32Array {
  return Float32Array.from(values, (value) => (typeof value === 'number' ? value : Number(value)));
}
