import {
  ArgumentError,
  getOp,
  RectifierError,
  type Graph,
  type TypedArray,
  type ValueInfo,
} from '@rectifier/core';
import { LOWERINGS } from '../lowering/index.js';
import { OP_MAPPINGS } from '../mapping/op-mapping.js';
import { writeMetadata } from '../metadata.js';
import { DATA_TYPE_OF, onnx, type proto } from '../proto.js';
import { tensorToProto } from '../tensor-proto.js';
import { ExportContext, ExportProblem, type ExportState } from './context.js';
import { DEFAULT_EXPORT_OPSET, EXPORT_OPSETS, irVersionFor, nativeSince } from './opsets.js';

/** Options of `exportModel`. */
export interface ExportOptions {
  /** The default-domain opset to write; 17 unless asked. */
  readonly opset?: number;
  /** The model's producer_name; '@rectifier/onnx' unless given. */
  readonly producer?: string;
  /**
   * Also list the initialisers that updates write as graph inputs (IR 4 lets an input default
   * to its initialiser), so that a runtime can feed them the values an update produced.
   */
  readonly updatableAsInputs?: boolean;
}

/** A graph value as an ONNX ValueInfoProto: dim_value for sizes, dim_param for symbols. */
function valueInfo(value: ValueInfo): proto.IValueInfoProto {
  const dim = value.shape.map((size) =>
    typeof size === 'number' ? { dimValue: size } : { dimParam: size },
  );
  return {
    name: value.name,
    type: { tensorType: { elemType: DATA_TYPE_OF[value.dtype], shape: { dim } } },
  };
}

/** Writes one node: lowered, translated by its mapping, or as the ONNX op of its name. */
function exportNode(context: ExportContext): void {
  const { node, opset } = context;
  const lowering = LOWERINGS.get(node.op);
  if (lowering && (lowering.nativeSince === undefined || opset < lowering.nativeSince)) {
    lowering.lower(context);
    return;
  }
  if (getOp(node.op).domain !== '') context.cannot('it has no lowering to standard ONNX ops yet');

  // A translation knows the op's forms at every opset; otherwise the op must exist as it is.
  const translate = OP_MAPPINGS.get(node.op)?.export;
  if (translate) {
    translate(context);
    return;
  }
  const since = nativeSince(node.op);
  if (opset < since) context.cannot(`ONNX defines it from opset ${since}`);
  context.emit(node.op, node.inputs, node.outputs, context.attributes());
}

function exportNodes(state: ExportState, graph: Graph): void {
  const problems = new Map<string, number>();
  for (const node of graph.nodes) {
    try {
      exportNode(new ExportContext(state, node));
    } catch (error) {
      if (!(error instanceof ExportProblem)) throw error;
      const key = `${error.op}: ${error.reason}`;
      problems.set(key, (problems.get(key) ?? 0) + 1);
    }
  }
  if (problems.size === 0) return;
  const list = [...problems].map(
    ([problem, count]) => `${problem} (${count} node${count > 1 ? 's' : ''})`,
  );
  throw new RectifierError(
    'UNSUPPORTED_OP',
    `Graph '${graph.name}' cannot be exported at ONNX opset ${state.opset}: ${list.join('; ')}.`,
  );
}

function nameMaker(graph: Graph): (hint: string) => string {
  const taken = new Set(graph.values.keys());
  return (hint) => {
    let name = hint;
    for (let index = 1; taken.has(name); index++) name = `${hint}_${index}`;
    taken.add(name);
    return name;
  };
}

/** The graph's outputs, then the value of each update (once), which a runner writes back. */
function outputsOf(graph: Graph): ValueInfo[] {
  const outputs = [...graph.outputs];
  const seen = new Set(outputs.map((value) => value.name));
  for (const update of graph.updates) {
    if (seen.has(update.value)) continue;
    seen.add(update.value);
    outputs.push(graph.values.get(update.value) as ValueInfo);
  }
  return outputs;
}

/**
 * Writes a Rectifier graph as a standard ONNX ModelProto: IR version 8 (newer for opsets from
 * 19), default-domain opset 17 unless asked, inputs with dim_param for symbolic dimensions,
 * initialisers as raw_data, and outputs with types and shapes. Composite ops are lowered to
 * standard ops; those without a lowering at the opset get one error that lists them all.
 *
 * Each `graph.updates` entry becomes an extra graph output named after the update's value,
 * and the model's metadata records the updates (see METADATA_KEYS), so that a runner can write
 * each such output into its parameter after a run, and import restores the updates.
 *
 * @example
 * writeFileSync('mlp.onnx', exportModel(graph, { opset: 17 }));
 */
export function exportModel(graph: Graph, options: ExportOptions = {}): Uint8Array {
  const opset = options.opset ?? DEFAULT_EXPORT_OPSET;
  if (!Number.isInteger(opset) || opset < EXPORT_OPSETS.min || opset > EXPORT_OPSETS.max) {
    throw new ArgumentError(
      `exportModel: opset ${opset} is not supported; use an integer in ` +
        `[${EXPORT_OPSETS.min}, ${EXPORT_OPSETS.max}].`,
    );
  }
  const state: ExportState = {
    opset,
    values: graph.values,
    initializerValues: new Map<string, TypedArray>(
      graph.initializers.map((init) => [init.name, init.values]),
    ),
    nodes: [],
    nodeNames: new Set(),
    initializers: graph.initializers.map((init) =>
      tensorToProto(init.name, init.shape, init.values),
    ),
    freshName: nameMaker(graph),
  };
  exportNodes(state, graph);

  const updated = new Set(graph.updates.map((update) => update.parameter));
  const overridable = options.updatableAsInputs
    ? graph.initializers.filter((init) => updated.has(init.name))
    : [];
  const model: proto.IModelProto = {
    irVersion: irVersionFor(opset),
    opsetImport: [{ domain: '', version: opset }],
    producerName: options.producer ?? '@rectifier/onnx',
    graph: {
      name: graph.name,
      node: state.nodes,
      initializer: state.initializers,
      input: [
        ...graph.inputs,
        ...overridable.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
      ].map(valueInfo),
      output: outputsOf(graph).map(valueInfo),
    },
    metadataProps: writeMetadata(
      graph.updates,
      graph.initializers.filter((init) => init.trainable).map((init) => init.name),
    ),
  };
  return onnx.ModelProto.encode(model).finish();
}
