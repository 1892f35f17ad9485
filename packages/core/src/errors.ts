/**
 * The one error family of Rectifier. Every error a user can cause carries a stable `code`
 * and a message that says what was wrong and what to do about it.
 */
export type RectifierErrorCode =
  | 'SHAPE_MISMATCH'
  | 'ATTRIBUTE_OUT_OF_RANGE'
  | 'UNKNOWN_OP'
  | 'UNKNOWN_ACTIVATION'
  | 'UNSUPPORTED_OP'
  | 'BACKEND_NOT_INSTALLED'
  | 'UNKNOWN_BACKEND'
  | 'INVALID_GRAPH'
  | 'INVALID_ARGUMENT'
  | 'INVALID_DATA'
  | 'INVALID_MODEL';

/** Base class of every error Rectifier throws on purpose. */
export class RectifierError extends Error {
  readonly code: RectifierErrorCode;

  constructor(code: RectifierErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Two shapes that must agree do not; the message names both. */
export class ShapeError extends RectifierError {
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}

/** An attribute has the wrong type or lies outside its allowed range. */
export class AttributeError extends RectifierError {
  constructor(message: string) {
    super('ATTRIBUTE_OUT_OF_RANGE', message);
  }
}

/** A name that is neither an op nor an activation Rectifier knows. */
export class UnknownNameError extends RectifierError {
  constructor(kind: 'op' | 'activation', name: string, known: readonly string[]) {
    super(
      kind === 'op' ? 'UNKNOWN_OP' : 'UNKNOWN_ACTIVATION',
      `Unknown ${kind} '${name}'. Known ${kind}s: ${known.join(', ')}.`,
    );
  }
}

/** A backend was asked to run an op it has no kernel or lowering for. */
export class UnsupportedOpError extends RectifierError {
  constructor(backend: string, ops: readonly string[]) {
    super(
      'UNSUPPORTED_OP',
      `The ${backend} backend cannot run ${ops.length === 1 ? 'the op' : 'the ops'} ` +
        `${ops.join(', ')}. Choose another backend, for example --backend cpu.`,
    );
  }
}

/** A backend is known by name, but its package is not installed. */
export class BackendNotInstalledError extends RectifierError {
  constructor(backend: string, packageName: string, cause?: unknown) {
    super(
      'BACKEND_NOT_INSTALLED',
      `The '${backend}' backend needs the package ${packageName}, which is not installed. ` +
        `Run: npm install ${packageName}`,
      { cause },
    );
  }
}

/** A graph is malformed: a value used before it is made, a name used twice, and so on. */
export class GraphError extends RectifierError {
  constructor(message: string) {
    super('INVALID_GRAPH', message);
  }
}

/** A function argument a caller passed is not acceptable. */
export class ArgumentError extends RectifierError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}
