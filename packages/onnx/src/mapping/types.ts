import type { ExportContext } from '../export/context.js';
import type { ImportContext } from '../import/context.js';

/**
 * How one ONNX op maps onto Rectifier, both ways, with the attribute translation of each
 * opset where the op's meaning changed.
 */
export interface OpMapping {
  /** The first opset that defines the op; a node in an older model is unsupported. */
  readonly sinceOpset?: number;
  /** Adds the node's Rectifier ops to the graph under construction. */
  import(context: ImportContext): void;
  /**
   * Writes the Rectifier node of the same name as ONNX nodes at the target opset. Absent:
   * one ONNX node of the same name with the node's inputs, outputs and attributes.
   */
  export?(context: ExportContext): void;
}
