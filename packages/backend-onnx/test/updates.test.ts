import { GraphBuilder, type Graph, type Tensor } from '@rectifier/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../src/index.js';

const backend = createBackend();
afterAll(() => backend.dispose());

/**
 * A running sum: w starts at [0, 0] and each run adds x to it. The new sum is the graph
 * output `sum` when `exposeUpdate` is set (so a caller holds the update's value), and only its
 * total otherwise.
 */
function runningSum(exposeUpdate: boolean): Graph {
  const builder = new GraphBuilder(exposeUpdate ? 'exposed_sum' : 'hidden_sum');
  const x = builder.input('x', [2]);
  const w = builder.parameter('w', [2], Float32Array.of(0, 0));
  const next = builder.op('Add', [w, x], {}, { name: 'sum' });
  if (exposeUpdate) builder.output(next);
  else builder.output(builder.op('ReduceSum', [next], { keepdims: 0 }), 'total');
  builder.update(w, next);
  return builder.build();
}

const x = () => ({ x: backend.tensor(Float32Array.of(1, 2), [2]) });

async function values(tensor: Tensor | undefined): Promise<number[]> {
  return Array.from((await tensor!.data()) as Float32Array);
}

describe('updated parameters', () => {
  it('keep their values across runs, reads and writes', async () => {
    const program = await backend.compile(runningSum(false));
    const totals: number[] = [];
    for (let step = 0; step < 4; step++) {
      totals.push(...(await values((await program.run(x())).total)));
    }
    expect(totals).toEqual([3, 6, 9, 12]);
    expect(Array.from((await program.readParameter('w')) as Float32Array)).toEqual([4, 8]);

    await program.writeParameter('w', Float32Array.of(10, 10));
    expect(await values((await program.run(x())).total)).toEqual([23]);
    expect(await values((await program.run(x())).total)).toEqual([26]);
    expect(Array.from((await program.readParameter('w')) as Float32Array)).toEqual([12, 14]);
    program.dispose();
  });

  it('that are also outputs are never written over once returned', async () => {
    const program = await backend.compile(runningSum(true));
    const outputs: (Tensor | undefined)[] = [];
    for (let step = 0; step < 4; step++) outputs.push((await program.run(x())).sum);
    const seen = await Promise.all(outputs.map(values));
    expect(seen).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
      [4, 8],
    ]);
    program.dispose();
  });
});
