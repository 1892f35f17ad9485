import {
  dtypeOf,
  GraphBuilder,
  RectifierError,
  type Graph,
  type TypedArray,
  type ValueInfo,
} from '@rectifier/core';
import { decodeOrThrow, invalidModel, onnx, toNumber, type proto } from '../proto.js';
import { tensorFromProto } from '../tensor-proto.js';
import { decodeAttributes } from './attributes.js';
import { readMetadata, type ModelMetadata } from '../metadata.js';
import { importNode } from './import-node.js';
import { checkImportOpset } from './opsets.js';
import { checkSupported, isDefaultDomain } from './unsupported.js';
import { declaredValue } from './value-info.js';
import type { ModelState } from './context.js';

/** Options of `importModel`. */
export interface ImportOptions {
  /** The file the bytes came from, named in every error. */
  readonly source?: string;
  /** The symbol for a batch dimension the model leaves unnamed (no dim_param); 'batch'. */
  readonly batchDimension?: string;
  /**
   * Graph inputs to bind to values at import, for inputs that Rectifier needs constant
   * (ReduceSum's axes, Reshape's shape) but a model such as an ONNX backend test feeds.
   */
  readonly constants?: Readonly<Record<string, { shape: readonly number[]; values: TypedArray }>>;
}

/** A model read from ONNX: a core graph and what the file says about itself. */
export interface ImportedModel {
  readonly graph: Graph;
  /** The default-domain opset the model imports. */
  readonly opset: number;
  readonly irVersion: number;
  /** The producer's name, such as 'pytorch'; '' when the file names none. */
  readonly producer: string;
  readonly producerVersion: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

function defaultOpset(model: proto.IModelProto, source: string): number {
  const entry = (model.opsetImport ?? []).find((item) => isDefaultDomain(item.domain));
  if (!entry) {
    throw invalidModel(
      source,
      'the model imports no opset of the default domain (the file may be truncated).',
    );
  }
  return toNumber(entry.version);
}

/** Names the importer makes up avoid every name the model uses. */
function nameMaker(graph: proto.IGraphProto): (hint: string) => string {
  const taken = new Set<string>();
  const declared = [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.initializer ?? [])];
  for (const value of declared) taken.add(value.name ?? '');
  for (const node of graph.node ?? []) {
    for (const name of [...(node.input ?? []), ...(node.output ?? [])]) taken.add(name);
  }
  return (hint) => {
    let name = hint;
    for (let index = 1; taken.has(name); index++) name = `${hint}_${index}`;
    taken.add(name);
    return name;
  };
}

function addInitializers(
  state: ModelState,
  graph: proto.IGraphProto,
  metadata: ModelMetadata,
): void {
  for (const tensor of graph.initializer ?? []) {
    const decoded = tensorFromProto(tensor, state.source);
    const trainable = metadata.trainable
      ? metadata.trainable.has(decoded.name)
      : decoded.dtype === 'float32';
    if (trainable) state.builder.parameter(decoded.name, decoded.shape, decoded.values);
    else state.builder.state(decoded.name, decoded.shape, decoded.values);
    state.constants.set(decoded.name, decoded);
  }
}

function addInputs(state: ModelState, graph: proto.IGraphProto, options: ImportOptions): void {
  const batch = options.batchDimension ?? 'batch';
  for (const info of graph.input ?? []) {
    const name = info.name ?? '';
    // Before IR 4 initialisers were also listed as inputs; they are initialisers here.
    if (state.constants.has(name)) continue;
    const declared = declaredValue(info, state.source, batch);
    const bound = options.constants?.[name];
    if (bound) {
      state.builder.constant(bound.values, bound.shape, name);
      state.constants.set(name, {
        name,
        shape: [...bound.shape],
        dtype: dtypeOf(bound.values),
        values: bound.values,
      });
    } else {
      state.builder.input(name, declared.shape, declared.dtype);
    }
  }
}

/**
 * Reads an ONNX model into a Rectifier graph. Every node maps to core ops through one table
 * (with each opset's meaning), shapes are inferred by core's GraphBuilder, ONNX value names
 * are kept, and a dim_param stays a symbolic dimension.
 *
 * A truncated or corrupt file, or one that is not ONNX, gets a RectifierError INVALID_MODEL
 * naming `source`; ops Rectifier lacks get one UNSUPPORTED_OP error that lists them all. A
 * default-domain opset outside IMPORT_OPSETS is refused before any node is read.
 *
 * @example
 * const { graph } = importModel(readFileSync('mlp.onnx'), { source: 'mlp.onnx' });
 */
export function importModel(bytes: Uint8Array, options: ImportOptions = {}): ImportedModel {
  const source = options.source ?? 'ONNX model';
  const model = decodeOrThrow(source, 'model', () => onnx.ModelProto.decode(bytes));
  const graph = model.graph;
  if (!graph || (graph.output ?? []).length === 0) {
    throw invalidModel(
      source,
      'the file is truncated or not an ONNX model (it decodes, but holds no graph with outputs).',
    );
  }
  const opset = defaultOpset(model, source);
  checkImportOpset(opset, source);
  checkSupported(graph.node ?? [], opset, source);

  const metadata = readMetadata(model, source);
  const state: ModelState = {
    builder: new GraphBuilder(graph.name || 'model'),
    opset,
    source,
    constants: new Map(),
    readAsAttributes: new Set(),
    freshName: nameMaker(graph),
  };
  addInitializers(state, graph, metadata);
  addInputs(state, graph, options);
  (graph.node ?? []).forEach((node, index) => {
    const name = node.name || state.freshName(`${node.opType}_${index}`);
    const attributes = decodeAttributes(node.attribute ?? [], `${source}: node '${name}'`);
    importNode(state, {
      name,
      opType: node.opType ?? '',
      domain: node.domain ?? '',
      inputs: node.input ?? [],
      outputs: node.output ?? [],
      attributes,
    });
  });

  const updateValues = new Set(metadata.updates.map((update) => update.value));
  const outputs: ValueInfo[] = [];
  for (const info of graph.output ?? []) {
    const name = info.name ?? '';
    const value = known(state, name);
    if (!value) throw invalidModel(source, `output '${name}' is computed by no node.`);
    if (!updateValues.has(name)) outputs.push(state.builder.output(value));
  }
  for (const update of metadata.updates) {
    const parameter = known(state, update.parameter);
    const value = known(state, update.value);
    if (!parameter || !value) {
      throw invalidModel(source, `update of '${update.parameter}' names a value it lacks.`);
    }
    state.builder.update(parameter, value);
  }

  return {
    graph: withoutAttributeConstants(state.builder.build(), state.readAsAttributes),
    opset,
    irVersion: toNumber(model.irVersion),
    producer: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    inputs: (graph.input ?? [])
      .map((info) => info.name ?? '')
      .filter((name) => !state.constants.has(name)),
    outputs: outputs.map((value) => value.name),
  };
}

/**
 * The graph less the initialisers that ONNX passes as inputs but Rectifier reads into
 * attributes (ReduceSum's axes, Reshape's shape), where no node still reads them.
 */
function withoutAttributeConstants(graph: Graph, names: ReadonlySet<string>): Graph {
  const used = new Set(graph.nodes.flatMap((node) => node.inputs));
  for (const output of graph.outputs) used.add(output.name);
  const unused = new Set([...names].filter((name) => !used.has(name)));
  if (unused.size === 0) return graph;
  return {
    ...graph,
    initializers: graph.initializers.filter((init) => !unused.has(init.name)),
    values: new Map([...graph.values].filter(([name]) => !unused.has(name))),
  };
}

function known(state: ModelState, name: string): ValueInfo | undefined {
  try {
    return state.builder.value(name);
  } catch (error) {
    if (error instanceof RectifierError) return undefined;
    throw error;
  }
}
