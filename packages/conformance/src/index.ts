export {
  hasBackward,
  isOnnxCase,
  isUnreadableCase,
  type BackwardSpec,
  type Case,
  type CaseDType,
  type CaseFile,
  type CaseInput,
  type Deviation,
  type EncodedNumber,
  type EncodedValues,
  type JsonCase,
  type OnnxCase,
  type OnnxDataSet,
  type TensorSpec,
  type ToleranceOverride,
  type UnreadableCase,
} from './case.js';
export { parseCase, parseCaseFile } from './case-file.js';
export { firstDifference, matches, type Difference } from './compare.js';
export {
  checkByFiniteDifferences,
  type FiniteDifferenceFailure,
  type FiniteDifferenceOptions,
  type FiniteDifferenceReport,
} from './finite-differences.js';
export { BUNDLED_CASES, loadCases } from './load-cases.js';
export { isOnnxCaseFolder, readOnnxCase } from './onnx-layout.js';
export {
  countResults,
  describeProblems,
  type CaseError,
  type CaseResult,
  type ConformanceCounts,
  type ConformanceReport,
  type Exclusions,
  type Mismatch,
} from './report.js';
export { runConformance, type ConformanceOptions } from './run-conformance.js';
export {
  OP_TOLERANCES,
  PRECISION_SCALING,
  atPrecision,
  loosest,
  toleranceOf,
  type OpTolerance,
  type Tolerance,
} from './tolerances.js';
export { decodeNumber, decodeValues, encodeNumber, encodeValues } from './values.js';
