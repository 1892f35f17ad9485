import type { Graph, GraphNode } from '@rectifier/core';

/** Whether a value is read by nothing: no node, no graph output, no update. */
function unread(
  graph: Graph,
  name: string | undefined,
  reads: ReadonlyMap<string, number>,
): boolean {
  if (name === undefined || name === '') return true;
  return (
    !reads.has(name) &&
    !graph.outputs.some((output) => output.name === name) &&
    !graph.updates.some((update) => update.value === name)
  );
}

function readCounts(graph: Graph): Map<string, number> {
  const reads = new Map<string, number>();
  for (const node of graph.nodes) {
    for (const name of node.inputs) if (name !== '') reads.set(name, (reads.get(name) ?? 0) + 1);
  }
  return reads;
}

/**
 * A plain SGD step of a weight whose gradient is a Gemm, X' = X - lr * Gemm(A, B), written as
 * the one Gemm(A, B, C = X) with alpha -lr times the Gemm's and beta 1, which ONNX Runtime runs
 * in one pass over the weight instead of three (the product, the scaling and the subtraction).
 * It applies to SGDUpdate without momentum or weight decay whose new velocity nothing reads,
 * when the gradient is a Gemm without C that nothing else reads (a graph that also takes the
 * gradient's norm keeps both nodes). The result differs from the unfused step by the rounding
 * of lr * G, which the fused Gemm does not round on its own.
 */
export function fuseUpdates(graph: Graph): Graph {
  const reads = readCounts(graph);
  const producers = new Map<string, GraphNode>();
  for (const node of graph.nodes) for (const name of node.outputs) producers.set(name, node);

  const fused = new Map<GraphNode, GraphNode>();
  const absorbed = new Set<GraphNode>();
  for (const node of graph.nodes) {
    if (node.op !== 'SGDUpdate') continue;
    const { learningRate, momentum, weightDecay } = node.attributes;
    if (momentum !== 0 || weightDecay !== 0 || typeof learningRate !== 'number') continue;
    if (!unread(graph, node.outputs[1], reads)) continue;
    const [x, g] = node.inputs as [string, string];
    const gemm = producers.get(g);
    if (gemm?.op !== 'Gemm' || (gemm.inputs[2] ?? '') !== '' || reads.get(g) !== 1) continue;
    if (graph.outputs.some((output) => output.name === g)) continue;
    const alpha = typeof gemm.attributes.alpha === 'number' ? gemm.attributes.alpha : 1;
    absorbed.add(gemm);
    fused.set(node, {
      name: `${node.name}/fused`,
      op: 'Gemm',
      inputs: [gemm.inputs[0] as string, gemm.inputs[1] as string, x],
      outputs: [node.outputs[0] as string],
      attributes: { ...gemm.attributes, alpha: -learningRate * alpha, beta: 1 },
    });
  }
  if (fused.size === 0) return graph;

  // The fused Gemm sits where the update was: its inputs are all computed by then.
  const nodes = graph.nodes
    .filter((node) => !absorbed.has(node))
    .map((node) => fused.get(node) ?? node);
  const used = new Set(nodes.flatMap((node) => node.inputs));
  const updated = new Set(graph.updates.map((update) => update.parameter));
  const values = new Map(graph.values);
  for (const gemm of absorbed) for (const name of gemm.outputs) values.delete(name);
  return {
    ...graph,
    nodes,
    values,
    // The velocities that plain SGD passes in unread are constants the model no longer needs.
    initializers: graph.initializers.filter(
      (init) => used.has(init.name) || init.trainable || updated.has(init.name),
    ),
  };
}
