import { RectifierError } from '@rectifier/core';
import { EXPORT_OPSETS } from '../export/opsets.js';
import { invalidModel } from '../proto.js';

/**
 * The default-domain opsets `importModel` reads. The op tables, shared with export, give each
 * op's meaning from opset 1 (Reshape's shape attribute, Gemm's and Add's `broadcast`, Clip's
 * bounds as attributes) up to the highest opset export writes; a later opset may change an
 * op's meaning in a way the tables do not know, so it is refused rather than misread.
 */
export const IMPORT_OPSETS = { min: 1, max: EXPORT_OPSETS.max } as const;

/** Throws unless the model's default-domain opset is one whose ops the importer knows. */
export function checkImportOpset(opset: number, source: string): void {
  const range = `Rectifier imports opsets ${IMPORT_OPSETS.min} to ${IMPORT_OPSETS.max}`;
  if (opset < IMPORT_OPSETS.min) {
    throw invalidModel(
      source,
      `the model imports ONNX opset ${opset}, which ONNX does not define; ${range}.`,
    );
  }
  if (opset > IMPORT_OPSETS.max) {
    throw new RectifierError(
      'UNSUPPORTED_OP',
      `${source}: the model imports ONNX opset ${opset}, newer than the highest Rectifier ` +
        `knows (${IMPORT_OPSETS.max}); export it again at opset ${IMPORT_OPSETS.max} or lower ` +
        '(in PyTorch, the opset_version of torch.onnx.export).',
    );
  }
}
