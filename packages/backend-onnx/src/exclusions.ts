/**
 * The conformance cases that the ONNX Runtime backend cannot pass, each with one line of why:
 * `rectifier conformance --backend onnx` applies them, as the package's own test does. It is
 * empty: where ONNX defines an op differently from Rectifier at the edges (Softsign and
 * HardSwish at Infinity, ThresholdedRelu at NaN, Softmax of a scalar), the backend rewrites the
 * graph so that ONNX Runtime follows Rectifier's rules, rather than excluding the case.
 */
export const conformanceExclusions: Readonly<Record<string, string>> = {};
