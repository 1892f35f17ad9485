import { describe, expect, it } from 'vitest';
import { ArgumentError, GraphBuilder, ProgramInitializers, ShapeError } from '../src/index.js';

function graph() {
  const builder = new GraphBuilder('tiny');
  const x = builder.input('x', [2]);
  const w = builder.parameter('w', [2], Float32Array.of(1, 2));
  builder.output(builder.op('Mul', [x, w]), 'y');
  return builder.build();
}

describe('ProgramInitializers', () => {
  it('finds initialisers by name and lists them when a name is unknown', () => {
    const initializers = new ProgramInitializers(graph());
    expect(initializers.get('w').shape).toEqual([2]);
    expect(() => initializers.get('v')).toThrow(ArgumentError);
    expect(() => initializers.get('v')).toThrow("Graph 'tiny' has no initialiser 'v'; it has 'w'.");
  });

  it('checks that written values have the dtype and the length of the initialiser', () => {
    const initializers = new ProgramInitializers(graph());
    expect(initializers.checkWrite('w', Float32Array.of(3, 4)).name).toBe('w');
    expect(() => initializers.checkWrite('w', Int32Array.of(3, 4))).toThrow(
      "writeParameter('w'): got int32 values, but it is float32.",
    );
    expect(() => initializers.checkWrite('w', Float32Array.of(3))).toThrow(ShapeError);
    expect(() => initializers.checkWrite('w', Float32Array.of(3))).toThrow(
      "writeParameter('w'): got 1 values, but its shape [2] holds 2.",
    );
  });

  it('fails every check once disposed', () => {
    const initializers = new ProgramInitializers(graph());
    expect(initializers.isDisposed).toBe(false);
    initializers.dispose();
    expect(initializers.isDisposed).toBe(true);
    const disposed = "The program of graph 'tiny' has been disposed.";
    expect(() => initializers.checkLive()).toThrow(disposed);
    expect(() => initializers.get('w')).toThrow(disposed);
    expect(() => initializers.checkWrite('w', Float32Array.of(3, 4))).toThrow(disposed);
  });
});
