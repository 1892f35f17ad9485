import {
  ArgumentError,
  dtypeOf,
  Tensor,
  UnsupportedOpError,
  sizeOf,
  type Backend,
  type DType,
  type Graph,
  type Program,
  type TypedArray,
} from '@rectifier/core';

type Kernel = (inputs: Float32Array[]) => Float32Array;

const KERNELS: Readonly<Record<string, Kernel>> = {
  Relu: ([x]) => x!.map((v) => (v > 0 ? v : v === v ? 0 : v)),
  ReluGrad: ([dy, x]) => dy!.map((g, i) => (x![i]! > 0 ? g : x![i] === x![i] ? 0 : NaN)),
  Neg: ([x]) => x!.map((v) => -v),
  Identity: ([x]) => x!.slice(),
  Add: ([a, b]) => a!.map((v, i) => v + b![i]!),
  Mul: ([a, b]) => a!.map((v, i) => v * b![i]!),
};

/**
 * A backend for the runner's own tests, with no dependency on a real one: a few elementwise
 * ops on same-shaped float32 tensors, evaluated node by node. `distort` changes Relu's output,
 * to see failures reported.
 */
export class TinyBackend implements Backend {
  readonly name = 'tiny';

  constructor(
    readonly precision: 'float32' | 'float16' = 'float32',
    private readonly distort: (value: number, index: number) => number = (value) => value,
  ) {}

  supports(op: string): boolean {
    return op in KERNELS;
  }

  tensor(values: TypedArray | ArrayLike<number>, shape?: readonly number[], dtype?: DType) {
    const data =
      values instanceof BigInt64Array || values instanceof Int32Array
        ? values.slice()
        : Float32Array.from(values as ArrayLike<number>);
    return new Tensor(this, shape ?? [data.length], dtype ?? 'float32', data);
  }

  asTensor(values: TypedArray, shape?: readonly number[]) {
    return new Tensor(this, shape ?? [values.length], dtypeOf(values), values);
  }

  async download(tensor: Tensor): Promise<TypedArray> {
    return (tensor.handle as TypedArray).slice();
  }

  release(): void {}

  async compile(graph: Graph): Promise<Program> {
    const missing = [...new Set(graph.nodes.map((node) => node.op))].filter(
      (op) => !(op in KERNELS),
    );
    if (missing.length > 0) throw new UnsupportedOpError(this.name, missing);
    const run = async (feeds: Readonly<Record<string, Tensor>>) => {
      const values = new Map<string, Float32Array>();
      for (const init of graph.initializers) values.set(init.name, init.values as Float32Array);
      for (const input of graph.inputs) {
        const feed = feeds[input.name];
        if (!feed) throw new ArgumentError(`no feed for '${input.name}'`);
        values.set(input.name, feed.handle as Float32Array);
      }
      for (const node of graph.nodes) {
        const inputs = node.inputs.map((name) => values.get(name) as Float32Array);
        let output = KERNELS[node.op]!(inputs);
        if (node.op === 'Relu') output = output.map(this.distort);
        values.set(node.outputs[0]!, output);
      }
      return Object.fromEntries(
        graph.outputs.map((output) => {
          const shape = output.shape as number[];
          const data = values.get(output.name) as Float32Array;
          if (data.length !== sizeOf(shape)) throw new ArgumentError('shape mismatch');
          return [output.name, this.tensor(data, shape)];
        }),
      );
    };
    return {
      graph,
      run,
      readParameter: async () => new Float32Array(0),
      writeParameter: async () => {},
      dispose: () => {},
    };
  }

  async dispose(): Promise<void> {}
}
