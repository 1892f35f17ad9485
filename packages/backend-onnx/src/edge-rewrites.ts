import type { AttributeValue, Graph, GraphNode, Initializer, ValueInfo } from '@rectifier/core';

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Adds nodes, intermediate values and constants to a copy of a graph. */
class GraphEditor {
  readonly nodes: GraphNode[] = [];
  readonly initializers: Initializer[];
  readonly values: Map<string, ValueInfo>;

  constructor(private readonly graph: Graph) {
    this.initializers = [...graph.initializers];
    this.values = new Map(graph.values);
  }

  /** Writes one node. */
  node(
    op: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
  ): void {
    this.nodes.push({ name: this.fresh(`${outputs[0]}/${op}`), op, inputs, outputs, attributes });
  }

  /** A new value shaped `shape`, made by the node that `op` writes from `inputs`. */
  step(
    op: string,
    inputs: readonly string[],
    like: ValueInfo,
    attributes: Readonly<Record<string, AttributeValue>> = {},
    shape: ValueInfo['shape'] = like.shape,
  ): string {
    const name = this.fresh(`${like.name}/${op}`);
    this.values.set(name, { name, shape, dtype: like.dtype });
    this.node(op, inputs, [name], attributes);
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number, hint: string): string {
    const name = this.fresh(hint);
    this.initializers.push({
      name,
      shape: [],
      dtype: 'float32',
      values: Float32Array.of(value),
      trainable: false,
    });
    this.values.set(name, { name, shape: [], dtype: 'float32' });
    return name;
  }

  value(name: string): ValueInfo {
    return this.values.get(name) as ValueInfo;
  }

  build(): Graph {
    return {
      ...this.graph,
      nodes: this.nodes,
      initializers: this.initializers,
      values: this.values,
    };
  }

  private fresh(hint: string): string {
    let name = hint;
    for (let index = 1; this.values.has(name) || this.nodeNamed(name); index++) {
      name = `${hint}_${index}`;
    }
    return name;
  }

  private nodeNamed(name: string): boolean {
    return this.nodes.some((node) => node.name === name);
  }
}

/** Writes a node differently, or returns false to keep it as it is. */
type Rewrite = (node: GraphNode, editor: GraphEditor) => boolean;

/** The node with its first input replaced. */
function withInput(node: GraphNode, input: string): GraphNode {
  return { ...node, inputs: [input, ...node.inputs.slice(1)] };
}

/**
 * ONNX defines Softsign as x / (1 + |x|), which is Infinity / Infinity = NaN at +-Infinity;
 * Rectifier's rule is +-1. Clipping X to the finite floats first gives +-1 there.
 */
const softsign: Rewrite = (node, editor) => {
  const x = editor.value(node.inputs[0] as string);
  const bounds = [editor.scalar(-FLOAT32_MAX, 'lowest'), editor.scalar(FLOAT32_MAX, 'highest')];
  editor.nodes.push(withInput(node, editor.step('Clip', [x.name, ...bounds], x)));
  return true;
};

/**
 * ONNX defines HardSwish as x * HardSigmoid(x), which is -Infinity * 0 = NaN at -Infinity;
 * Rectifier's rule is 0. Raising -Infinity to the lowest finite float first gives 0 there.
 */
const hardSwish: Rewrite = (node, editor) => {
  const x = editor.value(node.inputs[0] as string);
  const lowest = editor.scalar(-FLOAT32_MAX, 'lowest');
  editor.nodes.push(withInput(node, editor.step('Max', [x.name, lowest], x)));
  return true;
};

/**
 * ONNX defines ThresholdedRelu as x where x > alpha and 0 elsewhere, so NaN gives 0; Rectifier's
 * rule is NaN. Adding f - f, f = X clipped to the finite floats, adds 0 or, at NaN, NaN.
 */
const thresholdedRelu: Rewrite = (node, editor) => {
  const x = editor.value(node.inputs[0] as string);
  const output = editor.value(node.outputs[0] as string);
  const bounds = [editor.scalar(-FLOAT32_MAX, 'lowest'), editor.scalar(FLOAT32_MAX, 'highest')];
  const finite = editor.step('Clip', [x.name, ...bounds], x);
  const nanOrZero = editor.step('Sub', [finite, finite], x);
  const thresholded = editor.step(node.op, node.inputs, output, node.attributes);
  editor.node('Add', [thresholded, nanOrZero], node.outputs);
  return true;
};

/**
 * ONNX's Softmax and LogSoftmax need rank 1 or more. A scalar is normalised along an axis of
 * its own: reshaped to [1], normalised, and reshaped back (SoftmaxGrad likewise).
 */
const scalarNormalisation: Rewrite = (node, editor) => {
  const inputs = node.inputs.map((name) => editor.value(name));
  if (inputs.some((input) => input.shape.length > 0)) return false;
  const lifted = inputs.map((input) =>
    editor.step('Reshape', [input.name], input, { shape: [1], allowzero: 0 }, [1]),
  );
  const output = editor.value(node.outputs[0] as string);
  const result = editor.step(node.op, lifted, output, { ...node.attributes, axis: -1 }, [1]);
  editor.node('Reshape', [result], node.outputs, { shape: [], allowzero: 0 });
  return true;
};

const REWRITES: Readonly<Record<string, Rewrite>> = {
  Softsign: softsign,
  HardSwish: hardSwish,
  ThresholdedRelu: thresholdedRelu,
  Softmax: scalarNormalisation,
  LogSoftmax: scalarNormalisation,
  SoftmaxGrad: scalarNormalisation,
};

/**
 * The graph with the ops whose ONNX definition parts from Rectifier's rules at the edges
 * (Infinity, NaN, scalars) written so that ONNX Runtime follows Rectifier's rules. Graphs
 * without such ops come back as they are.
 */
export function followRectifierEdges(graph: Graph): Graph {
  if (!graph.nodes.some((node) => Object.hasOwn(REWRITES, node.op))) return graph;
  const editor = new GraphEditor(graph);
  for (const node of graph.nodes) {
    const rewrite = REWRITES[node.op];
    if (!rewrite?.(node, editor)) editor.nodes.push(node);
  }
  return editor.build();
}
