import {
  getOp,
  RectifierError,
  type AttributeValue,
  type GraphNode,
  type TypedArray,
  type ValueInfo,
} from '@rectifier/core';
import { tensorToProto } from '../tensor-proto.js';
import type { proto } from '../proto.js';

/** An ONNX attribute value with its ONNX type. */
export type OnnxAttribute =
  | { readonly float: number }
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly string: string };

/** ONNX attributes by name. */
export type OnnxAttributes = Readonly<Record<string, OnnxAttribute>>;

/** What every node's export shares: the ONNX graph being written. */
export interface ExportState {
  readonly opset: number;
  readonly values: ReadonlyMap<string, ValueInfo>;
  readonly initializerValues: ReadonlyMap<string, TypedArray>;
  readonly nodes: proto.INodeProto[];
  /** Node names used so far; ONNX tools expect them unique. */
  readonly nodeNames: Set<string>;
  readonly initializers: proto.ITensorProto[];
  freshName(hint: string): string;
}

/** Thrown for a node that cannot be written at the target opset; the exporter collects them. */
export class ExportProblem extends RectifierError {
  constructor(
    readonly op: string,
    readonly reason: string,
  ) {
    super('UNSUPPORTED_OP', `${op}: ${reason}`);
  }
}

/** A core attribute as an ONNX attribute, typed by the op's attribute schema. */
function typedAttribute(op: string, name: string, value: AttributeValue): OnnxAttribute {
  const spec = getOp(op).attributes[name];
  switch (spec?.type) {
    case 'float':
      return { float: value as number };
    case 'int':
      return { int: value as number };
    case 'ints':
      return { ints: value as readonly number[] };
    case 'floats':
      return { floats: value as readonly number[] };
    default:
      return { string: String(value) };
  }
}

/**
 * What one export rule or lowering sees: the Rectifier node, and ways to write ONNX nodes
 * and initialisers into the model.
 */
export class ExportContext {
  constructor(
    private readonly state: ExportState,
    readonly node: GraphNode,
  ) {}

  /** The target default-domain opset. */
  get opset(): number {
    return this.state.opset;
  }

  /** A value of the graph, with its inferred shape. */
  value(name: string): ValueInfo {
    const value = this.state.values.get(name);
    if (!value) throw new ExportProblem(this.node.op, `the graph has no value '${name}'`);
    return value;
  }

  /** The values of an initialiser, or undefined when `name` is computed at run time. */
  initializerValues(name: string): TypedArray | undefined {
    return this.state.initializerValues.get(name);
  }

  /** The node's attributes, typed for ONNX by the core op's schema; `omit` leaves some out. */
  attributes(omit: readonly string[] = []): Record<string, OnnxAttribute> {
    const result: Record<string, OnnxAttribute> = {};
    for (const [name, value] of Object.entries(this.node.attributes)) {
      if (!omit.includes(name)) result[name] = typedAttribute(this.node.op, name, value);
    }
    return result;
  }

  /** Writes one ONNX node. */
  emit(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: OnnxAttributes = {},
  ): void {
    const wanted = outputs.length === 1 ? (outputs[0] as string) : this.node.name;
    const name = this.state.nodeNames.has(wanted) ? this.fresh(wanted) : wanted;
    this.state.nodeNames.add(name);
    this.state.nodes.push({
      name,
      opType,
      input: [...inputs],
      output: [...outputs],
      attribute: Object.entries(attributes).map(([key, value]) => toAttributeProto(key, value)),
    });
  }

  /** Writes one ONNX node with a single output under a fresh name, and returns that name. */
  step(opType: string, inputs: readonly string[], attributes: OnnxAttributes = {}): string {
    const output = this.fresh(`${this.node.name}/${opType}`);
    this.emit(opType, inputs, [output], attributes);
    return output;
  }

  /** Adds a constant initialiser under a fresh name, and returns that name. */
  constant(values: TypedArray, shape: readonly number[], hint: string): string {
    const name = this.fresh(`${this.node.name}/${hint}`);
    this.state.initializers.push(tensorToProto(name, shape, values));
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number, hint: string): string {
    return this.constant(Float32Array.of(value), [], hint);
  }

  /** A name no value of the graph or the model has. */
  fresh(hint: string): string {
    return this.state.freshName(hint);
  }

  /** Reports that this node cannot be written at the target opset, and why. */
  cannot(reason: string): never {
    throw new ExportProblem(this.node.op, reason);
  }
}

/** An AttributeProto from a typed attribute. */
export function toAttributeProto(name: string, value: OnnxAttribute): proto.IAttributeProto {
  if ('float' in value) return { name, type: 1, f: value.float };
  if ('int' in value) return { name, type: 2, i: value.int };
  if ('string' in value) return { name, type: 3, s: new TextEncoder().encode(value.string) };
  if ('floats' in value) return { name, type: 6, floats: [...value.floats] };
  return { name, type: 7, ints: [...value.ints] };
}
