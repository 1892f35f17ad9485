import type { Attributes } from '@rectifier/core';

/**
 * A number as a case file writes it. JSON has no NaN, infinities or negative zero, so those
 * are the strings "NaN", "Infinity", "-Infinity" and "-0"; int64 values may also be decimal
 * strings, for magnitudes beyond 2^53.
 */
export type EncodedNumber = number | string;

/**
 * Values in row-major order: every value, or `{ repeat }`, a list repeated (and cut off) to
 * fill the shape, which keeps the long cases (4097 elements) small.
 */
export type EncodedValues =
  readonly EncodedNumber[] | { readonly repeat: readonly EncodedNumber[] };

/** The dtypes a case may hold. */
export type CaseDType = 'float32' | 'int32' | 'int64';

/** A named tensor of a case: an input, an expected output or an expected gradient. */
export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** float32 when absent. */
  readonly dtype?: CaseDType;
  readonly values: EncodedValues;
}

/** An input of a case's op: fed at run time, or a parameter (an initialiser) of the graph. */
export interface CaseInput extends TensorSpec {
  /** `input` when absent. A parameter is stored with the graph, as a layer's weights are. */
  readonly role?: 'input' | 'parameter';
}

/** Tolerances that replace the op's own for one case, with the reason they must. */
export interface ToleranceOverride {
  readonly rtol: number;
  readonly atol: number;
  readonly reason: string;
}

/**
 * One element where the expected value is Rectifier's documented convention rather than the
 * reference's (PyTorch's) result, so the difference is data a reader can see.
 */
export interface Deviation {
  /** Which expected tensor: an output, or the gradient of an input or parameter. */
  readonly of: 'output' | 'inputGradient' | 'parameterGradient';
  /** The name of that output, input or parameter. */
  readonly tensor: string;
  /** The row-major index of the element. */
  readonly index: number;
  /** What the reference computed there. */
  readonly reference: EncodedNumber;
  /** What Rectifier's convention gives, the expected value. */
  readonly rectifier: EncodedNumber;
  readonly reason: string;
}

/** Expected gradients of a case, for upstream gradients given per output. */
export interface BackwardSpec {
  /** One per output, in order: the upstream gradient dL/dY, or null where none flows. */
  readonly outputGradients: readonly (TensorSpec | null)[];
  /** Expected dL/dX, named by the input they belong to. */
  readonly inputGradients?: readonly TensorSpec[];
  /** Expected dL/dW, named by the parameter they belong to. */
  readonly parameterGradients?: readonly TensorSpec[];
}

/**
 * A golden case in the JSON format (schema/case.schema.json): one op applied to inputs, with
 * its expected outputs and, optionally, the gradients of L = sum_k sum(Y_k * dY_k).
 *
 * @example
 * const relu: JsonCase = {
 *   name: 'relu/basic', op: 'Relu',
 *   inputs: [{ name: 'X', shape: [3], values: [-1, '-0', 'NaN'] }],
 *   outputs: [{ name: 'Y', shape: [3], values: [0, 0, 'NaN'] }],
 * };
 */
export interface JsonCase {
  readonly format?: 'json';
  /** Unique within its file; the suite names it `<folder>/<name>`. */
  readonly name: string;
  readonly op: string;
  readonly attributes?: Attributes;
  /** The op's inputs in order; null for an optional input left out. */
  readonly inputs: readonly (CaseInput | null)[];
  /** The op's outputs in order (trailing optional ones may be left off). */
  readonly outputs: readonly TensorSpec[];
  readonly backward?: BackwardSpec;
  readonly tolerance?: ToleranceOverride;
  readonly deviations?: readonly Deviation[];
  /** Where the expected values come from, such as `torch.nn.functional.relu(x)`. */
  readonly source?: string;
}

/** A case file: metadata and its cases. */
export interface CaseFile {
  readonly $schema?: string;
  readonly generator?: string;
  readonly reference?: string;
  readonly cases: readonly JsonCase[];
}

/** One `test_data_set_N` folder, its `.pb` files read but not decoded. */
export interface OnnxDataSet {
  readonly name: string;
  /** input_K.pb, K = 0, 1, ... */
  readonly inputs: readonly Uint8Array[];
  /** output_K.pb. */
  readonly outputs: readonly Uint8Array[];
  /** output_grad_K.pb by K: the upstream gradient of output K. */
  readonly outputGradients: ReadonlyMap<number, Uint8Array>;
  /** input_grad_K.pb by K: the expected gradient of input K. */
  readonly inputGradients: ReadonlyMap<number, Uint8Array>;
  /** param_grad_J.pb: expected gradients of initialisers, named by each TensorProto. */
  readonly parameterGradients: readonly Uint8Array[];
}

/** A case in the ONNX backend-test layout: model.onnx and its data sets. */
export interface OnnxCase {
  readonly format: 'onnx';
  readonly name: string;
  /** The folder, named in errors. */
  readonly source: string;
  readonly model: Uint8Array;
  readonly dataSets: readonly OnnxDataSet[];
}

/**
 * A case folder or case file that `loadCases` found but could not read, such as a
 * test_data_set_N without output_0.pb. The runner reports it as errored, with `error`, and
 * goes on with the other cases.
 */
export interface UnreadableCase {
  readonly format: 'unreadable';
  /** The name the case would have had: its folder's path, or its file's without .json. */
  readonly name: string;
  /** The folder or file, named in errors. */
  readonly source: string;
  /** Why it could not be read. */
  readonly error: Error;
}

/** Any case the runner takes. */
export type Case = JsonCase | OnnxCase | UnreadableCase;

/** Whether a case is in the ONNX layout. */
export function isOnnxCase(testCase: Case): testCase is OnnxCase {
  return testCase.format === 'onnx';
}

/** Whether a case is one that could not be read. */
export function isUnreadableCase(testCase: Case): testCase is UnreadableCase {
  return testCase.format === 'unreadable';
}

/** Whether a case checks gradients as well as outputs; unknown, so false, for an unreadable one. */
export function hasBackward(testCase: Case): boolean {
  if (isUnreadableCase(testCase)) return false;
  if (!isOnnxCase(testCase)) return testCase.backward !== undefined;
  return testCase.dataSets.some((set) => set.outputGradients.size > 0);
}
