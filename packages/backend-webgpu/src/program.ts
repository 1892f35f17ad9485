import {
  ArgumentError,
  GraphError,
  ProgramInitializers,
  Tensor,
  type Graph,
  type Program,
  type TypedArray,
} from '@rectifier/core';
import type { Tensor as TfTensor, Variable } from '@tensorflow/tfjs-core';
import { planSteps, type Fusion, type Step } from './fusion.js';
import type { KernelContext } from './kernels.js';
import { fromTf, toTf, type WebGpuBackend } from './webgpu-backend.js';

/**
 * A graph compiled for the WebGPU backend. Every initialiser is a tfjs variable on the GPU;
 * a run interprets the nodes in order as tfjs ops inside one tf.tidy, then assigns each
 * update's value to its parameter's variable, so parameters never leave the GPU. The steps are
 * planned once, here: with fusion on, a Gemm and the ReLU that reads it run as one
 * tf.fused.matMul.
 */
export class WebGpuProgram implements Program {
  /** The Gemm nodes that run fused with their activation, in graph order. */
  readonly fusions: readonly Fusion[];
  private readonly steps: readonly Step[];
  private readonly variables = new Map<string, Variable>();
  private readonly initializers: ProgramInitializers;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly backend: WebGpuBackend,
    readonly graph: Graph,
    private readonly onDispose: (program: WebGpuProgram) => void,
    fuse = true,
  ) {
    const { tf } = backend;
    const plan = planSteps(graph, fuse);
    this.steps = plan.steps;
    this.fusions = plan.fusions;
    this.initializers = new ProgramInitializers(graph);
    for (const init of graph.initializers) {
      const value = toTf(tf, init.values, init.shape, init.dtype);
      this.variables.set(init.name, tf.variable(value, false, undefined, value.dtype));
      value.dispose();
    }
  }

  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    const result = this.queue.then(() => this.runNow(feeds));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async readParameter(name: string): Promise<TypedArray> {
    await this.queue;
    const init = this.initializers.get(name);
    return fromTf(await (this.variables.get(name) as Variable).data(), init.dtype);
  }

  async writeParameter(name: string, values: TypedArray): Promise<void> {
    await this.queue;
    const init = this.initializers.checkWrite(name, values);
    const { tf } = this.backend;
    tf.tidy(() =>
      (this.variables.get(name) as Variable).assign(toTf(tf, values, init.shape, init.dtype)),
    );
  }

  dispose(): void {
    if (this.initializers.isDisposed) return;
    this.initializers.dispose();
    for (const variable of this.variables.values()) variable.dispose();
    this.variables.clear();
    this.onDispose(this);
  }

  private async runNow(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    this.initializers.checkLive();
    const { tf } = this.backend;
    const { graph } = this;
    for (const name of Object.keys(feeds)) {
      if (!graph.inputs.some((input) => input.name === name)) {
        throw new ArgumentError(`Graph '${graph.name}' has no input '${name}' to feed.`);
      }
    }
    const fed = new Map<string, TfTensor>();
    const made: TfTensor[] = [];
    for (const input of graph.inputs) {
      const feed = feeds[input.name];
      if (!feed) {
        throw new ArgumentError(`Missing feed for input '${input.name}' of graph '${graph.name}'.`);
      }
      if (feed.dtype !== input.dtype) {
        throw new ArgumentError(
          `Feed '${input.name}' is ${feed.dtype}, but the graph declares ${input.dtype}.`,
        );
      }
      if (feed.backend === this.backend) {
        fed.set(input.name, this.backend.handleOf(feed));
      } else {
        const tensor = toTf(tf, await feed.data(), feed.shape, feed.dtype);
        made.push(tensor);
        fed.set(input.name, tensor);
      }
    }
    const { outputs, updates } = tf.tidy(() => {
      const values = new Map<string, TfTensor>([...this.variables, ...fed]);
      for (const { node, kernel } of this.steps) {
        const context: KernelContext = { tf, node };
        const inputs = node.inputs.map((name) => (name === '' ? undefined : values.get(name)));
        const results = kernel(inputs, context);
        node.outputs.forEach((name, index) => {
          const result = results[index];
          if (name !== '' && result) values.set(name, result);
        });
      }
      const pick = (name: string): TfTensor => {
        const value = values.get(name);
        if (!value) throw new GraphError(`Graph '${graph.name}' never computes '${name}'.`);
        return tf.clone(value);
      };
      return {
        outputs: graph.outputs.map((output) => pick(output.name)),
        updates: graph.updates.map((update) => pick(update.value)),
      };
    });
    for (const tensor of made) tensor.dispose();

    graph.updates.forEach((update, index) => {
      const value = updates[index] as TfTensor;
      (this.variables.get(update.parameter) as Variable).assign(value);
      value.dispose();
    });
    const result: Record<string, Tensor> = {};
    graph.outputs.forEach((output, index) => {
      const value = outputs[index] as TfTensor;
      result[output.name] = new Tensor(this.backend, [...value.shape], output.dtype, value);
    });
    return result;
  }
}
