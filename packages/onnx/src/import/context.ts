import {
  getOp,
  RectifierError,
  type AttributeValue,
  type Attributes,
  type GraphBuilder,
  type TypedArray,
  type ValueInfo,
} from '@rectifier/core';
import type { DecodedTensor } from '../tensor-proto.js';
import type { OnnxAttributeValue } from './attributes.js';

/** One ONNX node, decoded. An absent optional input or output is `''`, as in ONNX. */
export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, OnnxAttributeValue>;
}

/** What the importer knows while it translates a model, shared by every node. */
export interface ModelState {
  readonly builder: GraphBuilder;
  readonly opset: number;
  readonly source: string;
  /** Values known at import: initialisers, Constant outputs and bound inputs. */
  readonly constants: Map<string, DecodedTensor>;
  /** Constants read into attributes (axes, shapes); dropped where nothing else reads them. */
  readonly readAsAttributes: Set<string>;
  /** A name used by neither the model nor the graph so far. */
  freshName(hint: string): string;
}

function isTensor(value: OnnxAttributeValue | undefined): value is DecodedTensor {
  return typeof value === 'object' && value !== null && 'values' in value;
}

/**
 * What one op mapping sees of the node it translates: its inputs and attributes, the
 * constants it may read, and ways to add ops whose outputs carry the node's ONNX names.
 */
export class ImportContext {
  constructor(
    private readonly model: ModelState,
    readonly node: OnnxNode,
  ) {}

  /** The model's default-domain opset. */
  get opset(): number {
    return this.model.opset;
  }

  /** The graph under construction. */
  get builder(): GraphBuilder {
    return this.model.builder;
  }

  /** Input `index`, or undefined where the optional input is absent. */
  input(index: number): ValueInfo | undefined {
    const name = this.node.inputs[index];
    return name ? this.model.builder.value(name) : undefined;
  }

  /** Every input, with undefined for absent optional ones. */
  inputs(): (ValueInfo | undefined)[] {
    return this.node.inputs.map((_, index) => this.input(index));
  }

  /**
   * The values of input `index`, which ONNX lets be any tensor but Rectifier needs to know at
   * import (axes, shapes): an initialiser, a Constant node's output, or an input bound with
   * the `constants` option. Undefined where the optional input is absent.
   */
  constantInput(index: number, what: string): DecodedTensor | undefined {
    const name = this.node.inputs[index];
    if (!name) return undefined;
    const constant = this.model.constants.get(name);
    if (!constant) {
      this.fail(
        `its ${what} input '${name}' is computed at run time; Rectifier needs it to be a ` +
          "constant (an initialiser or a Constant node), or bound with importModel's " +
          '`constants` option.',
      );
    }
    this.model.readAsAttributes.add(name);
    return constant;
  }

  /** Whether the node sets an attribute. */
  has(name: string): boolean {
    return this.node.attributes.has(name);
  }

  /** A number attribute, or `fallback` where the node leaves it out. */
  number(name: string, fallback: number): number {
    const value = this.node.attributes.get(name) ?? fallback;
    if (typeof value !== 'number') this.fail(`attribute '${name}' must be a number.`);
    return value;
  }

  /** An ints attribute, or undefined where the node leaves it out. */
  ints(name: string): readonly number[] | undefined {
    const value = this.node.attributes.get(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'number')) {
      this.fail(`attribute '${name}' must be a list of integers.`);
    }
    return value as readonly number[];
  }

  /** A tensor attribute, or undefined where the node leaves it out. */
  tensor(name: string): DecodedTensor | undefined {
    const value = this.node.attributes.get(name);
    if (value !== undefined && !isTensor(value)) this.fail(`attribute '${name}' is no tensor.`);
    return value;
  }

  /**
   * The node's attributes as core attribute values, after refusing any not in `known`, so an
   * attribute whose meaning Rectifier would drop is an error rather than silently ignored.
   */
  attributes(
    known: readonly string[],
    ignored: readonly string[] = [],
  ): Record<string, AttributeValue> {
    const result: Record<string, AttributeValue> = {};
    for (const [name, value] of this.node.attributes) {
      if (ignored.includes(name)) continue;
      if (!known.includes(name)) {
        this.unsupported(
          `attribute '${name}' is not supported` +
            (known.length ? `; Rectifier reads ${known.join(', ')}.` : '.'),
        );
      }
      if (typeof value === 'object' && !Array.isArray(value)) {
        this.fail(`attribute '${name}' has a kind Rectifier does not read.`);
      }
      result[name] = value as AttributeValue;
    }
    return result;
  }

  /** Applies a core op whose outputs take the node's output names; returns them. */
  emit(op: string, inputs: readonly (ValueInfo | undefined)[], attributes: Attributes = {}) {
    // Name unused optional outputs, and the outputs a core op needs that ONNX leaves off.
    const def = getOp(op);
    const count = Math.max(
      this.node.outputs.length,
      def.outputs.length - (def.optionalOutputs ?? 0),
    );
    const outputNames = Array.from(
      { length: count },
      (_, index) => this.node.outputs[index] || this.model.freshName(`${this.node.name}/unused`),
    );
    return this.model.builder.opOutputs(op, inputs, attributes, {
      name: this.node.name,
      outputNames,
      outputs: outputNames.length,
    });
  }

  /** Applies a core op for an intermediate value, under a fresh name. */
  step(op: string, inputs: readonly (ValueInfo | undefined)[], attributes: Attributes = {}) {
    const name = this.model.freshName(`${this.node.name}/${op}`);
    return this.model.builder.op(op, inputs, attributes, { name, outputNames: [name] });
  }

  /** Adds a constant initialiser under a fresh name. */
  constant(values: TypedArray, shape: readonly number[], hint: string): ValueInfo {
    const name = this.model.freshName(`${this.node.name}/${hint}`);
    return this.model.builder.constant(values, shape, name);
  }

  /** Makes the node's single output a constant, as a Constant node does. */
  defineConstant(tensor: DecodedTensor): void {
    const name = this.node.outputs[0] ?? '';
    this.model.builder.constant(tensor.values, tensor.shape, name);
    this.model.constants.set(name, { ...tensor, name });
  }

  /** Throws INVALID_MODEL naming the file and the node. */
  fail(what: string): never {
    throw new RectifierError('INVALID_MODEL', `${this.where()}: ${what}`);
  }

  /** Throws UNSUPPORTED_OP naming the file and the node: valid ONNX that Rectifier lacks. */
  unsupported(what: string): never {
    throw new RectifierError('UNSUPPORTED_OP', `${this.where()}: ${what}`);
  }

  private where(): string {
    return `${this.model.source}: node '${this.node.name}' (${this.node.opType})`;
  }
}
