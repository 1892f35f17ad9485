import { ArgumentError, loadBackend } from '@rectifier/core';
import { describe, expect, it } from 'vitest';
import { mlp, Trainer, type OptimizerOptions, type TrainerOptions } from '../src/index.js';

const network = () => mlp({ inputSize: 4, hidden: [3], outputs: 2, seed: 0 });

describe('option checking', () => {
  it('rejects batch sizes that are not whole numbers of at least 1', async () => {
    const backend = await loadBackend('cpu');
    for (const batchSize of [0, -1, 2.5, Number.NaN]) {
      await expect(Trainer.create({ network: network(), backend, batchSize })).rejects.toThrow(
        /batchSize must be a whole number of at least 1/,
      );
    }
  });

  it('names a misspelt option instead of ignoring it', async () => {
    const backend = await loadBackend('cpu');
    const optimizer = { name: 'adam', lr: 0.001 } as unknown as OptimizerOptions;
    await expect(Trainer.create({ network: network(), backend, optimizer })).rejects.toThrow(
      /no option lr; its options are name, learningRate/,
    );
    const options = { network: network(), backend, batch: 3 } as unknown as TrainerOptions;
    await expect(Trainer.create(options)).rejects.toThrow(/Trainer has no option batch/);
    expect(() =>
      mlp({ inputSize: 4, hidden: [3], outputs: 2, initializer: 'he' } as unknown as Parameters<
        typeof mlp
      >[0]),
    ).toThrow(/mlp\(\) has no option initializer/);
  });

  it('takes gradientNorms as a boolean only', async () => {
    const backend = await loadBackend('cpu');
    const options = {
      network: network(),
      backend,
      gradientNorms: 'no',
    } as unknown as TrainerOptions;
    await expect(Trainer.create(options)).rejects.toThrow(
      /gradientNorms must be true or false, got no/,
    );
  });

  it('asks for a backend and a network by name', async () => {
    const missing = { network: network() } as unknown as TrainerOptions;
    await expect(Trainer.create(missing)).rejects.toThrow(ArgumentError);
    await expect(Trainer.create(missing)).rejects.toThrow(/loadBackend\('cpu'\)/);
    const backend = await loadBackend('cpu');
    const noNetwork = { backend } as unknown as TrainerOptions;
    await expect(Trainer.create(noNetwork)).rejects.toThrow(/Sequential/);
  });

  it('rejects an unknown initialiser', () => {
    expect(() =>
      mlp({ inputSize: 4, hidden: [3], outputs: 2, init: 'nope' as unknown as 'he' }),
    ).toThrow(/Unknown initialiser 'nope'/);
  });
});
