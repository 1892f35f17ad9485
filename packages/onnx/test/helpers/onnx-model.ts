import { onnx, type proto } from '../../src/proto.js';

type Attribute = number | string | readonly number[] | { floats: readonly number[] };

/** One node of a hand-made test model. */
export interface TestNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Integers are written as INT attributes; use `floatAttributes` for floats. */
  readonly attributes?: Readonly<Record<string, Attribute>>;
  readonly floatAttributes?: Readonly<Record<string, number>>;
  readonly domain?: string;
}

/** A dimension: a size, a dim_param, or null for a dimension the model leaves unknown. */
type Dim = number | string | null;

/** A hand-made test model: float32 inputs and outputs with their shapes. */
export interface TestModel {
  readonly opset: number;
  readonly nodes: readonly TestNode[];
  readonly inputs: Readonly<Record<string, readonly Dim[]>>;
  readonly outputs: Readonly<Record<string, readonly Dim[]>>;
  readonly initializers?: Readonly<
    Record<string, { dims: number[]; values: number[]; int64?: boolean }>
  >;
}

function attribute(name: string, value: Attribute, float: boolean): proto.IAttributeProto {
  if (float) return { name, type: 1, f: value as number };
  if (typeof value === 'number') return { name, type: 2, i: value };
  if (typeof value === 'string') return { name, type: 3, s: new TextEncoder().encode(value) };
  if ('floats' in value) return { name, type: 6, floats: [...value.floats] };
  return { name, type: 7, ints: [...(value as readonly number[])] };
}

function valueInfo(name: string, shape: readonly Dim[]): proto.IValueInfoProto {
  const dim = shape.map((size) =>
    size === null ? {} : typeof size === 'number' ? { dimValue: size } : { dimParam: size },
  );
  return { name, type: { tensorType: { elemType: 1, shape: { dim } } } };
}

/** Encodes a test model as ModelProto bytes, with float_data / int64_data initialisers. */
export function makeModel(model: TestModel): Uint8Array {
  const nodes = model.nodes.map((node, index) => ({
    name: `${node.op}_${index}`,
    opType: node.op,
    domain: node.domain ?? '',
    input: [...node.inputs],
    output: [...node.outputs],
    attribute: [
      ...Object.entries(node.attributes ?? {}).map(([name, value]) =>
        attribute(name, value, false),
      ),
      ...Object.entries(node.floatAttributes ?? {}).map(([name, value]) =>
        attribute(name, value, true),
      ),
    ],
  }));
  const initializer = Object.entries(model.initializers ?? {}).map(([name, tensor]) =>
    tensor.int64
      ? { name, dims: tensor.dims, dataType: 7, int64Data: tensor.values }
      : { name, dims: tensor.dims, dataType: 1, floatData: tensor.values },
  );
  const message: proto.IModelProto = {
    irVersion: 7,
    producerName: 'rectifier-test',
    opsetImport: [{ domain: '', version: model.opset }],
    graph: {
      name: 'test',
      node: nodes,
      initializer,
      input: Object.entries(model.inputs).map(([name, shape]) => valueInfo(name, shape)),
      output: Object.entries(model.outputs).map(([name, shape]) => valueInfo(name, shape)),
    },
  };
  return onnx.ModelProto.encode(message).finish();
}
