import { resolveAttributes, type Attributes } from './attributes.js';
import { dtypeOf, type DType, type TypedArray } from './dtype.js';
import { ArgumentError, GraphError, ShapeError } from './errors.js';
import type { Graph, GraphNode, Initializer, StateUpdate, ValueInfo } from './graph.js';
import { getOp } from './ops/registry.js';
import { formatShape, sameShape, sizeOf, type Shape } from './shape.js';

/** Options of one op application. */
export interface OpOptions {
  /** The node's name; one is made up when absent. */
  readonly name?: string;
  /** Names for the outputs; made up from the node's name when absent. */
  readonly outputNames?: readonly string[];
  /** How many outputs to make, when the op has optional trailing ones. */
  readonly outputs?: number;
}

/**
 * Builds a graph op by op, inferring every shape as it goes, so that a wrong shape fails
 * where it is made and names both shapes.
 *
 * @example
 * const builder = new GraphBuilder('mlp');
 * const x = builder.input('x', ['batch', 784]);
 * const y = builder.op('Relu', [x]);
 * builder.output(y);
 * const graph = builder.build();
 */
export class GraphBuilder {
  private readonly values = new Map<string, ValueInfo>();
  private readonly inputs: ValueInfo[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly nodes: GraphNode[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly updates: StateUpdate[] = [];
  private nextId = 0;

  constructor(readonly name = 'graph') {}

  /** A name not used yet, starting with `prefix`. */
  freshName(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.nextId++}`;
    while (this.values.has(name));
    return name;
  }

  /** The value of a name, or a GraphError. */
  value(name: string): ValueInfo {
    const value = this.values.get(name);
    if (!value) throw new GraphError(`Graph '${this.name}' has no value named '${name}'.`);
    return value;
  }

  /** Declares a graph input. Dimensions may be symbols such as `'batch'`. */
  input(name: string, shape: Shape, dtype: DType = 'float32'): ValueInfo {
    const bad = shape.find((dim) =>
      typeof dim === 'number' ? !Number.isInteger(dim) || dim < 0 : dim.length === 0,
    );
    if (bad !== undefined) {
      throw new ShapeError(
        `Input '${name}' has shape ${formatShape(shape)}: a dimension is a size of 0 or more, ` +
          `or a symbol such as 'batch'; '${String(bad)}' is neither.`,
      );
    }
    const value = this.define({ name, shape, dtype });
    this.inputs.push(value);
    return value;
  }

  /** Declares a trainable parameter with its initial values. */
  parameter(name: string, shape: readonly number[], values: TypedArray): ValueInfo {
    return this.initializer(name, shape, values, true);
  }

  /**
   * Declares state that is not trained but that updates may write, such as optimiser
   * moments or a step counter.
   */
  state(name: string, shape: readonly number[], values: TypedArray): ValueInfo {
    return this.initializer(name, shape, values, false);
  }

  /** Declares a constant: a scalar number, or values with a shape. */
  constant(values: TypedArray | number, shape: readonly number[] = [], name?: string): ValueInfo {
    const array = typeof values === 'number' ? Float32Array.of(values) : values;
    return this.initializer(name ?? this.freshName('const'), shape, array, false);
  }

  /** Applies an op and returns its first output. */
  op(
    op: string,
    inputs: readonly (ValueInfo | undefined)[],
    attributes?: Attributes,
    options?: OpOptions,
  ): ValueInfo {
    return this.opOutputs(op, inputs, attributes, options)[0] as ValueInfo;
  }

  /** Applies an op and returns all its outputs. */
  opOutputs(
    op: string,
    inputs: readonly (ValueInfo | undefined)[],
    attributes: Attributes = {},
    options: OpOptions = {},
  ): ValueInfo[] {
    const def = getOp(op);
    const resolved = resolveAttributes(op, def.attributes, attributes);
    for (const input of inputs) if (input) this.requireKnown(input);
    this.checkArity(op, inputs, def.inputs);

    const inferred = def.inferShapes(inputs, resolved);
    const count = options.outputs ?? def.outputs.length;
    if (count > def.outputs.length || count < def.outputs.length - (def.optionalOutputs ?? 0)) {
      throw new ArgumentError(`${op} makes ${def.outputs.length} outputs, not ${count}.`);
    }

    const nodeName = options.name ?? this.freshName(op);
    const outputs = inferred.slice(0, count).map((info, index) =>
      this.define({
        name: options.outputNames?.[index] ?? (count === 1 ? nodeName : `${nodeName}.${index}`),
        shape: info.shape,
        dtype: info.dtype,
      }),
    );
    this.nodes.push({
      name: nodeName,
      op,
      inputs: inputs.map((input) => input?.name ?? ''),
      outputs: outputs.map((output) => output.name),
      attributes: resolved,
    });
    return outputs;
  }

  /** Marks a value as a graph output, under another name if one is given. */
  output(value: ValueInfo, name?: string): ValueInfo {
    this.requireKnown(value);
    const named = name && name !== value.name ? this.op('Identity', [value], {}, { name }) : value;
    this.outputs.push(named);
    return named;
  }

  /** After each run, writes `value` into the parameter or state initialiser `parameter`. */
  update(parameter: ValueInfo, value: ValueInfo): void {
    const target = this.initializers.find((init) => init.name === parameter.name);
    if (!target) throw new GraphError(`'${parameter.name}' is not an initialiser to update.`);
    if (!sameShape(parameter.shape, value.shape) || parameter.dtype !== value.dtype) {
      throw new ShapeError(
        `Update of '${parameter.name}' ${formatShape(parameter.shape)} from '${value.name}' ` +
          `${formatShape(value.shape)}: shapes and dtypes must match.`,
      );
    }
    this.updates.push({ parameter: parameter.name, value: value.name });
  }

  /** The nodes applied so far, in order; unlike build(), it needs no outputs declared yet. */
  appliedNodes(): readonly GraphNode[] {
    return [...this.nodes];
  }

  /** The finished graph. The builder may go on and build a larger one. */
  build(): Graph {
    if (this.outputs.length === 0 && this.updates.length === 0) {
      throw new GraphError(`Graph '${this.name}' has no outputs.`);
    }
    return {
      name: this.name,
      inputs: [...this.inputs],
      initializers: [...this.initializers],
      nodes: [...this.nodes],
      outputs: [...this.outputs],
      updates: [...this.updates],
      values: new Map(this.values),
    };
  }

  private initializer(
    name: string,
    shape: readonly number[],
    values: TypedArray,
    trainable: boolean,
  ): ValueInfo {
    if (!shape.every((dim) => Number.isInteger(dim) && dim >= 0)) {
      throw new ShapeError(
        `Initialiser '${name}' has shape ${formatShape(shape)}; an initialiser's shape is ` +
          'concrete: whole sizes of 0 or more, no symbols.',
      );
    }
    if (values.length !== sizeOf(shape)) {
      throw new ShapeError(
        `Initialiser '${name}' has ${values.length} values, but shape ${formatShape(shape)} ` +
          `holds ${sizeOf(shape)}.`,
      );
    }
    const dtype = dtypeOf(values);
    const value = this.define({ name, shape, dtype });
    this.initializers.push({ name, shape, dtype, values, trainable });
    return value;
  }

  private define(value: ValueInfo): ValueInfo {
    if (this.values.has(value.name)) {
      throw new GraphError(`Graph '${this.name}' already has a value named '${value.name}'.`);
    }
    this.values.set(value.name, value);
    return value;
  }

  private requireKnown(value: ValueInfo): void {
    if (this.values.get(value.name) !== value && !this.values.has(value.name)) {
      throw new GraphError(`'${value.name}' does not belong to graph '${this.name}'.`);
    }
  }

  private checkArity(
    op: string,
    inputs: readonly (ValueInfo | undefined)[],
    declared: readonly { name: string; optional?: boolean; variadic?: boolean }[],
  ): void {
    const variadic = declared[declared.length - 1]?.variadic === true;
    if (variadic) {
      const missing = inputs.findIndex((input, index) => index >= declared.length && !input);
      if (missing >= 0) {
        throw new ArgumentError(`${op}: variadic input ${missing} is missing.`);
      }
    } else if (inputs.length > declared.length) {
      throw new ArgumentError(
        `${op} takes at most ${declared.length} input${declared.length === 1 ? '' : 's'}, got ${inputs.length}.`,
      );
    }
    declared.forEach((input, index) => {
      if (!input.optional && !inputs[index]) {
        throw new ArgumentError(
          `${op}: required input '${input.name}' (index ${index}) is missing.`,
        );
      }
    });
  }
}
