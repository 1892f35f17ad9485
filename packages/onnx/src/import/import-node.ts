import { RectifierError } from '@rectifier/core';
import { mappingOf } from '../mapping/op-mapping.js';
import { ImportContext, type ModelState, type OnnxNode } from './context.js';

/** Whether the graph under construction has a value of that name. */
function defines(state: ModelState, name: string): boolean {
  try {
    state.builder.value(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Translates one node through its mapping. Errors core raises while it checks the node
 * (a shape that does not fit, an attribute out of range) become INVALID_MODEL errors that
 * name the file and the node, with core's message and the original error as cause.
 */
export function importNode(state: ModelState, node: OnnxNode): void {
  const context: ImportContext = new ImportContext(state, node);
  for (const input of node.inputs) {
    if (input && !defines(state, input)) {
      context.fail(
        `it reads '${input}', which no input, initialiser or earlier node defines ` +
          '(the file may be truncated, or its nodes out of order).',
      );
    }
  }

  const mapping = mappingOf(node.opType);
  if (!mapping) context.unsupported('Rectifier has no import for this op.');
  try {
    mapping.import(context);
  } catch (error) {
    if (!(error instanceof RectifierError)) throw error;
    if (error.code === 'INVALID_MODEL' || error.code === 'UNSUPPORTED_OP') throw error;
    throw new RectifierError(
      'INVALID_MODEL',
      `${state.source}: node '${node.name}' (${node.opType}): ${error.message}`,
      { cause: error },
    );
  }

  for (const output of node.outputs) {
    if (output && !defines(state, output)) {
      context.fail(`its output '${output}' was not produced; this is a bug in the importer.`);
    }
  }
}
