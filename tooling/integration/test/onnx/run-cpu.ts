import { createBackend } from '@rectifier/backend-cpu';
import type { Graph, TypedArray } from '@rectifier/core';

const backend = createBackend();

/** Runs a graph on the CPU backend and returns every output's values by name. */
export async function runOnCpu(
  graph: Graph,
  feeds: Readonly<Record<string, { shape: readonly number[]; values: TypedArray }>>,
): Promise<Record<string, TypedArray>> {
  const program = await backend.compile(graph);
  const tensors = Object.fromEntries(
    Object.entries(feeds).map(([name, feed]) => [name, backend.tensor(feed.values, feed.shape)]),
  );
  const outputs = await program.run(tensors);
  const values: Record<string, TypedArray> = {};
  for (const [name, tensor] of Object.entries(outputs)) values[name] = await tensor.data();
  program.dispose();
  return values;
}
