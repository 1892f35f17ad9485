export type { Dataset } from './dataset.js';
export { DataError } from './errors.js';
export {
  selectSamples,
  shuffledIndices,
  splitDataset,
  takeFirst,
  type Split,
  type SplitOptions,
} from './split.js';
export {
  DEFAULT_TEST_COUNT,
  MNIST_SIDE,
  loadBundledMnist,
  loadDefaultSplit,
} from './mnist-bundled.js';
export { IDX_UBYTE, parseIdx, type IdxArray } from './idx.js';
export { IDX_FILE_NAMES, loadIdxDirectory, loadIdxPair, type IdxPart } from './idx-directory.js';
