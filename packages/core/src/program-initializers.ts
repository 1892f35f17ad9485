import { dtypeOf, type TypedArray } from './dtype.js';
import { ArgumentError, ShapeError } from './errors.js';
import type { Graph, Initializer } from './graph.js';
import { formatShape } from './shape.js';

/**
 * The checks every backend's program makes of its graph's initialisers, for backends to share:
 * that the program is not disposed, that a name is one of the initialisers, and that values
 * written into one have its dtype and length. The errors name the graph and what it has.
 */
export class ProgramInitializers {
  private readonly byName: ReadonlyMap<string, Initializer>;
  private disposed = false;

  constructor(private readonly graph: Graph) {
    this.byName = new Map(graph.initializers.map((init) => [init.name, init]));
  }

  /** Whether the program has been disposed. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Marks the program disposed: every later check fails. */
  dispose(): void {
    this.disposed = true;
  }

  /** An ArgumentError once the program has been disposed. */
  checkLive(): void {
    if (this.disposed) {
      throw new ArgumentError(`The program of graph '${this.graph.name}' has been disposed.`);
    }
  }

  /** The initialiser `name` of a live program, or an ArgumentError listing the graph's. */
  get(name: string): Initializer {
    this.checkLive();
    const init = this.byName.get(name);
    if (!init) {
      const known = [...this.byName.keys()].map((other) => `'${other}'`).join(', ');
      throw new ArgumentError(
        `Graph '${this.graph.name}' has no initialiser '${name}'; it has ${known || 'none'}.`,
      );
    }
    return init;
  }

  /**
   * The initialiser that writeParameter(name, values) replaces, once `values` are checked to
   * fit it: an ArgumentError for another dtype, a ShapeError for another length.
   */
  checkWrite(name: string, values: TypedArray): Initializer {
    const init = this.get(name);
    if (dtypeOf(values) !== init.dtype) {
      throw new ArgumentError(
        `writeParameter('${name}'): got ${dtypeOf(values)} values, but it is ${init.dtype}.`,
      );
    }
    if (values.length !== init.values.length) {
      throw new ShapeError(
        `writeParameter('${name}'): got ${values.length} values, but its shape ` +
          `${formatShape(init.shape)} holds ${init.values.length}.`,
      );
    }
    return init;
  }
}
