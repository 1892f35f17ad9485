import { GraphBuilder, type Graph, type ValueInfo } from '@rectifier/core';

/**
 * A builder holding the same graph, so that more can be added to it (a backward pass). Each
 * initialiser named in `asInputs` becomes a graph input instead, fed at run time.
 */
export function replayGraph(graph: Graph, asInputs: ReadonlySet<string> = new Set()): GraphBuilder {
  const builder = new GraphBuilder(graph.name);
  for (const input of graph.inputs) builder.input(input.name, input.shape, input.dtype);
  for (const init of graph.initializers) {
    if (asInputs.has(init.name)) builder.input(init.name, init.shape, init.dtype);
    else if (init.trainable) builder.parameter(init.name, init.shape, init.values);
    else builder.state(init.name, init.shape, init.values);
  }
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((name) => (name === '' ? undefined : builder.value(name)));
    builder.opOutputs(node.op, inputs, node.attributes, {
      name: node.name,
      outputNames: node.outputs,
      outputs: node.outputs.length,
    });
  }
  for (const output of graph.outputs) builder.output(builder.value(output.name));
  return builder;
}

/** The concrete shape of a value, symbolic dimensions counted as 1 (for tolerance depths). */
export function concreteShape(value: ValueInfo | undefined): number[] | undefined {
  return value?.shape.map((dim) => (typeof dim === 'number' ? dim : 1));
}
