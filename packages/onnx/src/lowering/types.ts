import type { ExportContext } from '../export/context.js';

/** How a Rectifier op is written as standard ONNX ops. */
export interface Lowering {
  /**
   * The opset from which ONNX has the op itself, so that lowering is needed only below it.
   * Absent for composites (domain 'rectifier'), which are always lowered.
   */
  readonly nativeSince?: number;
  /** Writes the node as standard ONNX nodes whose final outputs keep the node's names. */
  lower(context: ExportContext): void;
}
