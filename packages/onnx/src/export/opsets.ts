import { activationOfOp } from '@rectifier/core';

/** The opset `exportModel` writes unless asked for another. */
export const DEFAULT_EXPORT_OPSET = 17;

/** The opsets `exportModel` can write: from Gemm's NumPy broadcasting (7) to ONNX 1.17's 22. */
export const EXPORT_OPSETS = { min: 7, max: 22 } as const;

/**
 * The IR version ONNX released with each opset: 8 up to opset 18, 9 for 19 and 20, 10 for
 * 21 and 22. Runtimes refuse an IR version older than the operators a model uses.
 */
export function irVersionFor(opset: number): number {
  if (opset <= 18) return 8;
  return opset <= 20 ? 9 : 10;
}

/** First opsets of default-domain ops that are not activations (whose spec says it). */
const SINCE: Readonly<Record<string, number>> = {
  SoftmaxCrossEntropyLoss: 12,
  Reshape: 5,
  Erf: 9,
  Sign: 9,
};

/** The first opset in which ONNX has a default-domain op with Rectifier's meaning. */
export function nativeSince(op: string): number {
  return activationOfOp(op)?.onnx.sinceOpset ?? SINCE[op] ?? 1;
}
