export { importModel, type ImportedModel, type ImportOptions } from './import/import-model.js';
export {
  decodeTensor,
  encodeTensor,
  type DecodedTensor,
  type TensorToEncode,
} from './tensor-proto.js';
export { exportModel, type ExportOptions } from './export/export-model.js';
export { DEFAULT_EXPORT_OPSET, EXPORT_OPSETS } from './export/opsets.js';
export { LOWERINGS, type Lowering } from './lowering/index.js';
export { OP_MAPPINGS, type OpMapping } from './mapping/op-mapping.js';
export { METADATA_KEYS } from './metadata.js';
