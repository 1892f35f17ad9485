import { loadBackend } from '@rectifier/core';
import type { Dataset } from '@rectifier/data';
import { Trainer } from '@rectifier/nn';
import type { Contender } from './contender.js';
import { initialNetwork, type Workload } from './workload.js';

/** Rectifier's Trainer on one of its backends, used as an application would use it. */
export async function createRectifierTrainer(
  workload: Workload,
  samples: Dataset,
  backendName: 'cpu' | 'onnx' = 'cpu',
): Promise<Contender> {
  const backend = await loadBackend(backendName);
  const trainer = await Trainer.create({
    network: initialNetwork(workload),
    backend,
    loss: 'softmax-cross-entropy',
    optimizer: { name: 'sgd', learningRate: workload.learningRate },
    batchSize: workload.batchSize,
    seed: workload.orderSeed,
  });

  let epochsDone = 0;
  return {
    name: `rectifier-${backendName}`,
    details: `@rectifier/backend-${backendName} (${backend.name}, ${backend.precision})`,
    async trainEpoch(epoch, onBatch) {
      // The Trainer counts epochs itself and draws each epoch's order from that count.
      if (epoch !== epochsDone) {
        throw new Error(`Epochs must run in order: expected ${epochsDone}, got ${epoch}.`);
      }
      epochsDone++;
      const result = await trainer.trainEpoch(samples, onBatch);
      return result.loss;
    },
    dispose() {
      trainer.dispose();
    },
  };
}
