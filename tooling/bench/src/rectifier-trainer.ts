import { loadBackend, type Backend } from '@rectifier/core';
import type { Dataset } from '@rectifier/data';
import { Trainer } from '@rectifier/nn';
import type { WebGpuBackend } from '@rectifier/backend-webgpu';
import type { Contender } from './contender.js';
import { initialNetwork, type Workload } from './workload.js';

/** The Rectifier backends the bench trains on. */
export type RectifierBackend = 'cpu' | 'onnx' | 'webgpu';

/** Rectifier's Trainer on one of its backends, used as an application would use it. */
export async function createRectifierTrainer(
  workload: Workload,
  samples: Dataset,
  backendName: RectifierBackend = 'cpu',
): Promise<Contender> {
  const backend = await loadBackend(backendName);
  const trainer = await Trainer.create({
    network: initialNetwork(workload),
    backend,
    loss: 'softmax-cross-entropy',
    optimizer: { name: 'sgd', learningRate: workload.learningRate },
    batchSize: workload.batchSize,
    seed: workload.orderSeed,
    // The peers compute the loss and nothing else, so the norms are not computed here either.
    gradientNorms: false,
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
      if (backendName === 'webgpu') await useTfjsWebGpu(backend);
      const result = await trainer.trainEpoch(samples, onBatch);
      return result.loss;
    },
    dispose() {
      trainer.dispose();
    },
  };
}

// The webgpu backend runs tfjs ops, on the one TensorFlow.js of the process, which has one
// active backend at a time. The tfjs contenders switch it to theirs on their turn, so on its
// turn this one switches it back; otherwise its ops would run on tfjs-cpu or tfjs-wasm and
// copy the GPU variables across.
async function useTfjsWebGpu(backend: Backend): Promise<void> {
  const { tf } = backend as WebGpuBackend;
  if (tf.getBackend() !== 'webgpu' && !(await tf.setBackend('webgpu'))) {
    throw new Error("tfjs could not switch back to its 'webgpu' backend.");
  }
}
