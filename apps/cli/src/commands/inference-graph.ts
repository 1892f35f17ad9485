import type { Graph } from '@rectifier/core';
import { networkInput, type Sequential } from '@rectifier/nn';

/** The names of the exported model's input and outputs. */
export const INFERENCE_NAMES = {
  input: 'x',
  logits: 'logits',
  probabilities: 'probabilities',
} as const;

/**
 * A network's inference graph as `rectifier export` writes it: input `x` [batch, inputSize]
 * float32; output `logits` [batch, classes] first, so that whoever takes the first output gets
 * the scores the network was trained on; then `probabilities`, their Softmax over the classes.
 */
export function inferenceGraph(network: Sequential): Graph {
  const { builder, input } = networkInput(network, INFERENCE_NAMES.input);
  const { output } = network.build(builder, input);
  builder.output(output, INFERENCE_NAMES.logits);
  builder.output(
    builder.op('Softmax', [output], { axis: -1 }, { name: INFERENCE_NAMES.probabilities }),
  );
  return builder.build();
}
