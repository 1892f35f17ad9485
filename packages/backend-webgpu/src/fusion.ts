import { GraphError, type Graph, type GraphNode } from '@rectifier/core';
import type { Tensor as TfTensor } from '@tensorflow/tfjs-core';
import { kernelOf, type Kernel } from './kernels.js';

/** One node as a program runs it, with the kernel that runs it. */
export interface Step {
  readonly node: GraphNode;
  readonly kernel: Kernel;
}

/** A Gemm run together with the activation that reads it, as one tf.fused.matMul. */
export interface Fusion {
  /** The Gemm node; the fused step computes its activation's output in its place. */
  readonly gemm: string;
  /** The activation node, which no longer runs on its own. */
  readonly activation: string;
  /** Gradient nodes that read the activation's output instead of the Gemm's. */
  readonly gradients: readonly string[];
}

/** The steps a program runs for a graph, and the fusions that made them. */
export interface StepPlan {
  readonly steps: readonly Step[];
  readonly fusions: readonly Fusion[];
}

/** An activation that tfjs fuses into matMul, giving the bits Rectifier's kernels give. */
interface FusableActivation {
  /** Its name in tf.fused.matMul. */
  readonly fused: 'relu';
  /** Its gradient op, whose input X (index 1) may be replaced by the activation's output. */
  readonly gradient: string;
}

// ReLU only. tfjs's fused relu is select(x, 0, x < 0): x itself for NaN, +-Infinity and x >= 0,
// so it keeps NaN, and it never sees -0, which a product plus bias does not give in IEEE
// arithmetic (the sum starts at +0, and exact cancellation gives +0). ReluGrad can read
// y = relu(x) in place of x: y > 0 exactly where x > 0 (y is x there), and y is NaN exactly
// where x is. The bias is added in the matMul's shader rather than by an Add of its own: the
// same float addition, except on a GPU that flushes subnormal sums in one shader and not in the
// other (SwiftShader does in its matMul), where a pre-activation below 2^-126 in size becomes 0.
// The others change results: tfjs's relu6 is clamp(), which turns NaN into 0; its elu has no
// alpha and computes exp(x) - 1, not expm1; its sigmoid of NaN is not NaN; its leakyrelu and
// prelu flush a subnormal alpha * x that Rectifier's LeakyRelu keeps; PReluGrad needs x itself.
const FUSABLE: Readonly<Record<string, FusableActivation>> = {
  Relu: { fused: 'relu', gradient: 'ReluGrad' },
};

/** Where a value is read: by which node, at which input. */
interface Use {
  readonly node: GraphNode;
  readonly input: number;
}

function usesOf(graph: Graph): Map<string, Use[]> {
  const uses = new Map<string, Use[]>();
  for (const node of graph.nodes) {
    node.inputs.forEach((name, input) => {
      if (name === '') return;
      const list = uses.get(name) ?? [];
      list.push({ node, input });
      uses.set(name, list);
    });
  }
  return uses;
}

/**
 * Whether a Gemm's C, if it has one, is a bias tfjs can fuse: one row of N values, [N] or
 * [1, N], or a whole [M, N]. tfjs's vec4 matMul shaders read the bias four columns at a time,
 * which gives wrong sums for a C broadcast along the columns ([M, 1] or a scalar).
 */
function rowBias(graph: Graph, gemm: GraphNode): boolean {
  const [left, right, bias] = gemm.inputs.map((name) => graph.values.get(name)?.shape);
  if (gemm.inputs[2] === undefined || gemm.inputs[2] === '') return true;
  if (!left || !right || !bias) return false;
  const rows = left[gemm.attributes.transA === 1 ? 1 : 0];
  const columns = right[gemm.attributes.transB === 1 ? 0 : 1];
  if (bias.length === 1) return bias[0] === columns;
  return bias.length === 2 && (bias[0] === 1 || bias[0] === rows) && bias[1] === columns;
}

/**
 * The activation that a Gemm's output can be fused with and the gradient nodes to rewire, or
 * undefined. It must be the Gemm's only forward reader; every other reader must be that
 * activation's gradient reading it as X. A Gemm output that the graph gives back (an output or
 * an update) keeps its own step, since the fused step never computes it.
 */
function fusionOf(
  graph: Graph,
  gemm: GraphNode,
  uses: ReadonlyMap<string, readonly Use[]>,
  keep: ReadonlySet<string>,
): { activation: GraphNode; gradients: GraphNode[] } | undefined {
  const output = gemm.outputs[0];
  if (output === undefined || output === '' || keep.has(output)) return undefined;
  if (gemm.attributes.alpha !== 1 || !rowBias(graph, gemm)) return undefined;
  const readers = uses.get(output) ?? [];
  const forward = readers.filter((use) => FUSABLE[use.node.op] !== undefined);
  const [only] = forward;
  if (forward.length !== 1 || !only || only.input !== 0) return undefined;
  const activation = only.node;
  const rule = FUSABLE[activation.op] as FusableActivation;
  const y = activation.outputs[0];
  if (activation.outputs.length !== 1 || y === undefined || y === '') return undefined;
  const others = readers.filter((use) => use !== only);
  if (!others.every((use) => use.node.op === rule.gradient && use.input === 1)) return undefined;
  return { activation, gradients: others.map((use) => use.node) };
}

function kernel(op: string): Kernel {
  const found = kernelOf(op);
  if (!found) throw new GraphError(`The webgpu backend lacks ${op}.`);
  return found;
}

/**
 * The kernel of a Gemm fused with its activation: one tf.fused.matMul with the bias and the
 * activation, which adds and activates each product in the shader that computes it.
 */
function fusedGemm(gemm: GraphNode, activation: GraphNode): Kernel {
  const rule = FUSABLE[activation.op] as FusableActivation;
  const attributes = gemm.attributes;
  const [unfusedGemm, unfusedActivation] = [kernel('Gemm'), kernel(activation.op)];
  return (inputs, { tf }) => {
    const [left, right, c] = inputs;
    if (!left || !right || left.size === 0 || right.size === 0) {
      // WebGPU cannot multiply empty matrices; the unfused kernels know what these give.
      const [z] = unfusedGemm(inputs, { tf, node: gemm });
      return unfusedActivation([z], { tf, node: activation });
    }

    // As the unfused Gemm scales C: beta * C, then added to the product.
    const beta = attributes.beta as number;
    const bias: TfTensor | undefined = c === undefined || beta === 1 ? c : tf.mul(beta, c);
    const y = tf.fused.matMul({
      a: left,
      b: right,
      transposeA: attributes.transA === 1,
      transposeB: attributes.transB === 1,
      ...(bias ? { bias } : {}),
      activation: rule.fused,
    });
    return [y];
  };
}

/**
 * Plans the steps of a graph, once per program. With `fuse`, each Gemm (alpha 1) whose output
 * only a ReLU reads forward becomes one fused step that computes the ReLU's output, and the
 * ReluGrad nodes of a training graph that read the Gemm's output read the ReLU's instead, which
 * gives them the same bits. Every other node runs as it is.
 */
export function planSteps(graph: Graph, fuse: boolean): StepPlan {
  const steps = graph.nodes.map((node): Step => ({ node, kernel: kernel(node.op) }));
  if (!fuse) return { steps, fusions: [] };

  const uses = usesOf(graph);
  const keep = new Set([
    ...graph.outputs.map((output) => output.name),
    ...graph.updates.map((update) => update.value),
  ]);
  const replaced = new Map<GraphNode, Step | undefined>();
  const fusions: Fusion[] = [];
  for (const node of graph.nodes) {
    if (node.op !== 'Gemm') continue;
    const found = fusionOf(graph, node, uses, keep);
    if (!found) continue;
    const { activation, gradients } = found;
    const y = activation.outputs[0] as string;
    replaced.set(node, {
      node: { ...node, outputs: activation.outputs },
      kernel: fusedGemm(node, activation),
    });
    replaced.set(activation, undefined);
    for (const gradient of gradients) {
      const inputs = gradient.inputs.map((name, index) => (index === 1 ? y : name));
      replaced.set(gradient, { node: { ...gradient, inputs }, kernel: kernel(gradient.op) });
    }
    fusions.push({
      gemm: node.name,
      activation: activation.name,
      gradients: gradients.map((gradient) => gradient.name),
    });
  }

  const planned = steps.flatMap((step) => {
    if (!replaced.has(step.node)) return [step];
    const replacement = replaced.get(step.node);
    return replacement ? [replacement] : [];
  });
  return { steps: planned, fusions };
}
