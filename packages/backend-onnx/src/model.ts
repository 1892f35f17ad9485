import type { Graph, Initializer, TypedArray } from '@rectifier/core';
import { exportModel } from '@rectifier/onnx';

/**
 * Whether an initialiser is fed to the session on every run rather than written into the
 * model: parameters that training changes and state that an update writes. Feeding them keeps
 * their values out of the model bytes, so that graphs which differ only in their weights share
 * one session, and lets a run's updated values go straight into the next run.
 */
export function isFed(init: Initializer, updated: ReadonlySet<string>): boolean {
  return init.trainable || updated.has(init.name);
}

/** The initialisers of a graph, split into those fed on each run and the constants. */
export function splitInitializers(graph: Graph): {
  fed: Initializer[];
  constants: Initializer[];
} {
  const updated = new Set(graph.updates.map((update) => update.parameter));
  return {
    fed: graph.initializers.filter((init) => isFed(init, updated)),
    constants: graph.initializers.filter((init) => !isFed(init, updated)),
  };
}

/**
 * The ONNX model this backend runs for a graph: the fed initialisers become graph inputs (so
 * their values are not in the bytes), the constants keep `values` (their current values, where
 * a program has written some), and each update's value is an extra output, as exportModel does.
 */
export function serialise(
  graph: Graph,
  fed: readonly Initializer[],
  constants: readonly Initializer[],
  values: ReadonlyMap<string, TypedArray>,
  opset: number,
): Uint8Array {
  const model: Graph = {
    ...graph,
    inputs: [...graph.inputs, ...fed.map(({ name, shape, dtype }) => ({ name, shape, dtype }))],
    initializers: constants.map((init) => ({
      ...init,
      values: values.get(init.name) ?? init.values,
    })),
  };
  return exportModel(model, { opset, producer: '@rectifier/backend-onnx' });
}
