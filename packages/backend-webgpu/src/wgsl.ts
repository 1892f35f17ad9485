import type { Tensor as TfTensor } from '@tensorflow/tfjs-core';
import { tfWebGpu, type Tf } from './gpu.js';

/** The bits of a float32, as a WGSL u32 literal, so that a constant goes in unrounded. */
function f32Literal(value: number): string {
  const bits = new Uint32Array(Float32Array.of(value).buffer)[0] as number;
  return `bitcast<f32>(0x${bits.toString(16)}u)`;
}

// The names tfjs gives a program's inputs, one per argument of `op`.
const VARIABLES = ['A', 'B', 'C', 'D'];

/**
 * Runs `fn op(...) -> f32` (given as WGSL, one f32 argument per input) on every element of the
 * first input, a float32 tensor, through the tfjs WebGPU backend. The other inputs have the
 * first's size, or one element that every element sees. `key` names the shader for tfjs's
 * cache: one per distinct source.
 */
function elementwiseWgsl(
  tf: Tf,
  inputs: readonly [TfTensor, ...TfTensor[]],
  key: string,
  op: string,
): TfTensor {
  const { webgpu_util: util } = tfWebGpu();
  const [x] = inputs;
  const outputShape = [x.size];
  const workgroupSize: [number, number, number] = [64, 1, 1];
  const dispatchLayout = util.flatDispatchLayout(outputShape);
  const variableNames = VARIABLES.slice(0, inputs.length);
  const operands = variableNames.map((name) => `get${name}ByOutputIndex(index)`).join(', ');
  const program = {
    variableNames,
    outputShape,
    shaderKey: `rectifier_${key}`,
    dispatchLayout,
    dispatch: util.computeDispatch(dispatchLayout, outputShape, workgroupSize),
    workgroupSize,
    size: true,
    getUserCode: () => `
      ${op}
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, op(${operands}));
        }
      }`,
  };
  const backend = tf.backend() as unknown as {
    runWebGPUProgram(p: unknown, inputs: TfTensor[], dtype: 'float32'): unknown;
  };
  const flat = inputs.map((input) => tf.reshape(input, [input.size]));
  const info = backend.runWebGPUProgram(program, flat, 'float32');
  const y = tf.engine().makeTensorFromTensorInfo(info as never) as TfTensor;
  return tf.reshape(y, x.shape);
}

function unaryWgsl(tf: Tf, x: TfTensor, key: string, op: string): TfTensor {
  return elementwiseWgsl(tf, [x], key, op);
}

/**
 * Whether each element is greater than zero, decided on its bits in WGSL: a positive float's
 * bits as u32 lie in (0, 0x7f800000] (+Infinity included, NaN and -0 not). Comparing the
 * float itself is not enough where the GPU flushes subnormals to zero, as SwiftShader does and
 * WGSL allows: 1e-45 > 0 is false there, so relu(1e-45) and ReLU's derivative at it would be 0.
 */
export function positive(tf: Tf, x: TfTensor): TfTensor {
  const flags = unaryWgsl(
    tf,
    x,
    'positive_bits',
    `fn op(a : f32) -> f32 {
      let bits = bitcast<u32>(a);
      return select(0.0, 1.0, bits != 0u && bits <= 0x7f800000u);
    }`,
  );
  return tf.greater(flags, 0.5);
}

/**
 * LeakyRelu with subnormals kept: x for x >= 0 and NaN, alpha * x below. Where alpha * x is
 * subnormal, a GPU that flushes subnormals gives 0, so the product is made on the bits: its
 * magnitude in units of 2^-149 (the least subnormal) is computed as a normal float, rounded
 * to an integer (ties to even, as IEEE multiplication rounds) and written as the mantissa.
 */
export function leakyRelu(tf: Tf, x: TfTensor, alpha: number): TfTensor {
  const a = Math.fround(alpha);
  return unaryWgsl(
    tf,
    x,
    `leaky_relu_${new Uint32Array(Float32Array.of(a).buffer)[0]}`,
    `fn op(x : f32) -> f32 {
      let bits = bitcast<u32>(x);
      let magnitude = bits & 0x7fffffffu;
      if (magnitude > 0x7f800000u || (bits >> 31u) == 0u) { return x; }
      let alpha = ${f32Literal(a)};
      let negative = alpha > 0.0;
      var scaled : f32;
      if (magnitude < 0x00800000u) {
        scaled = f32(magnitude);
      } else {
        let product = alpha * x;
        let productMagnitude = bitcast<u32>(product) & 0x7fffffffu;
        if (productMagnitude >= 0x00800000u || magnitude >= 0x3f800000u) { return product; }
        scaled = abs(x) * ${f32Literal(2 ** 75)} * ${f32Literal(2 ** 74)};
      }
      let units = scaled * abs(alpha);
      if (units >= 8388608.0) {
        let value = units * ${f32Literal(2 ** -75)} * ${f32Literal(2 ** -74)};
        return select(value, -value, negative);
      }
      let mantissa = u32(round(units));
      return bitcast<f32>(select(mantissa, mantissa | 0x80000000u, negative));
    }`,
  );
}

/**
 * Sign on the float's bits: -1 or 1 by the sign bit, and the input itself at -0, 0 and NaN.
 * Subnormals count (sign(1e-45) is 1), where a GPU that flushes them would compare 0.
 */
export function sign(tf: Tf, x: TfTensor): TfTensor {
  return unaryWgsl(
    tf,
    x,
    'sign_bits',
    `fn op(a : f32) -> f32 {
      let bits = bitcast<u32>(a);
      let magnitude = bits & 0x7fffffffu;
      if (magnitude == 0u || magnitude > 0x7f800000u) { return a; }
      return select(1.0, -1.0, bits > 0x7fffffffu);
    }`,
  );
}

/**
 * ClipGrad: dY where low < x < high, 0 elsewhere, at a bound and wherever x or a bound is NaN.
 * `low` and `high` are one-element tensors. The comparisons run on keys made from the bits,
 * which order as the floats do (-0 and 0 alike), so subnormals compare as they are.
 */
export function clipGrad(
  tf: Tf,
  gradOutput: TfTensor,
  x: TfTensor,
  low: TfTensor,
  high: TfTensor,
): TfTensor {
  return elementwiseWgsl(
    tf,
    [gradOutput, x, low, high],
    'clip_grad_bits',
    `fn isNanBits(bits : u32) -> bool {
      return (bits & 0x7fffffffu) > 0x7f800000u;
    }
    fn orderKey(bits : u32) -> u32 {
      if ((bits & 0x7fffffffu) == 0u) { return 0x80000000u; }
      if (bits > 0x7fffffffu) { return ~bits; }
      return bits | 0x80000000u;
    }
    fn op(gradOutput : f32, x : f32, low : f32, high : f32) -> f32 {
      let xBits = bitcast<u32>(x);
      let lowBits = bitcast<u32>(low);
      let highBits = bitcast<u32>(high);
      if (isNanBits(xBits) || isNanBits(lowBits) || isNanBits(highBits)) { return 0.0; }
      let key = orderKey(xBits);
      let inside = key > orderKey(lowBits) && key < orderKey(highBits);
      return select(0.0, gradOutput, inside);
    }`,
  );
}
