import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '@rectifier/data';
import type { Contender } from './contender.js';
import { epochOrder, initialNetwork, type Workload } from './workload.js';

/** How a tfjs contender trains: its own loop of `optimizer.minimize`, or `model.fit`. */
export type TfjsApi = 'loop' | 'fit';

/** The tfjs backends the bench compares with. */
export type TfjsBackend = 'cpu' | 'wasm' | 'webgpu';

let setUp = false;

// Node has no fetch of file URLs for the .wasm files, so the backend is pointed at the
// directory npm installed them in. Production mode drops tfjs's debug checks, as a user
// who cares about speed would.
function setUpTfjs(): void {
  if (setUp) return;
  const require = createRequire(import.meta.url);
  const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  setWasmPaths(`${dirname(wasmFile)}/`);
  tf.enableProdMode();
  setUp = true;
}

/** The version of tfjs-core, for the report. */
export const TFJS_VERSION = tf.version_core;

/**
 * A tfjs-layers sequential model equal to Rectifier's mlp, on tfjs's `cpu` or `wasm`
 * backend. It starts from Rectifier's initial weights and sees the same batches in the
 * same order, so the losses of the two should agree to float32 rounding.
 */
export async function createTfjsTrainer(
  backendName: TfjsBackend,
  api: TfjsApi,
  workload: Workload,
  samples: Dataset,
): Promise<Contender> {
  setUpTfjs();
  // tfjs-backend-webgpu is loaded only when asked for: it needs navigator.gpu in place first.
  const adapter =
    backendName === 'webgpu' ? await (await import('./tfjs-webgpu.js')).setUpTfjsWebGpu() : '';
  await useBackend(backendName);

  const model = buildModel(workload);
  const optimizer = tf.train.sgd(workload.learningRate);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  if (api === 'fit') {
    model.compile({
      optimizer,
      loss: (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits),
    });
  }
  const moves = countMoves();
  const name = `tfjs-${backendName}` as const;

  return {
    name,
    details: `tfjs-core ${TFJS_VERSION} ${backendDetails(backendName, adapter)}, ${api === 'loop' ? 'minimize loop' : 'model.fit'}`,
    async trainEpoch(epoch, onBatch) {
      await useBackend(backendName);
      const movesBefore = moves.count;
      const order = epochOrder(workload, epoch);
      const loss =
        api === 'loop'
          ? await minimizeLoop(model, optimizer, variables, workload, samples, order, onBatch)
          : await fitEpoch(model, workload, samples, order, onBatch);
      // The contenders take turns; a tensor read on the other backend would be copied across
      // inside the timed epoch and make the timing meaningless.
      if (moves.count !== movesBefore) {
        throw new Error(
          `${name}: tfjs moved ${moves.count - movesBefore} tensors between backends.`,
        );
      }
      return loss;
    },
    dispose() {
      model.dispose();
      optimizer.dispose();
    },
  };
}

async function useBackend(name: TfjsBackend): Promise<void> {
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) {
    throw new Error(`tfjs could not start its '${name}' backend.`);
  }
  await tf.ready();
}

function backendDetails(name: TfjsBackend, adapter: string): string {
  if (name === 'cpu') return 'tfjs-backend-cpu';
  if (name === 'webgpu') return `tfjs-backend-webgpu (Dawn, ${adapter})`;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')
    ? `${getThreadsCount()} threads`
    : '1 thread';
  return `tfjs-backend-wasm (${simd}, ${threads})`;
}

function countMoves(): { count: number } {
  const moves = { count: 0 };
  const engine = tf.engine();
  const move = engine.moveData.bind(engine);
  engine.moveData = (backend, dataId) => {
    moves.count++;
    move(backend, dataId);
  };
  return moves;
}

// Logits out, so that the loss can be tfjs's fused softmax cross-entropy, as Rectifier's is.
function buildModel(workload: Workload): tfl.Sequential {
  const model = tfl.sequential();
  workload.hidden.forEach((units, index) => {
    model.add(
      tfl.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: 'heNormal',
        ...(index === 0 ? { inputShape: [workload.inputSize] } : {}),
      }),
    );
  });
  model.add(tfl.layers.dense({ units: workload.outputs, kernelInitializer: 'glorotUniform' }));

  // Both store a kernel [inputs, units] and then a bias, layer by layer.
  const weights = initialNetwork(workload).parameters.map((parameter) =>
    tf.tensor(parameter.values, [...parameter.shape]),
  );
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

// Host-side work per batch matches Rectifier's Trainer: gather the rows, make the tensors,
// run the step, read the loss back.
async function minimizeLoop(
  model: tfl.Sequential,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  workload: Workload,
  samples: Dataset,
  order: Uint32Array,
  onBatch: () => void,
): Promise<number> {
  const { batchSize, inputSize: features, outputs: classes } = workload;
  const images = new Float32Array(batchSize * features);
  const targets = new Float32Array(batchSize * classes);
  let lossSum = 0;
  for (let start = 0; start < workload.samples; start += batchSize) {
    const size = Math.min(batchSize, workload.samples - start);
    gather(samples, order, start, size, features, classes, images, targets);
    const x = tf.tensor2d(images.subarray(0, size * features), [size, features]);
    const y = tf.tensor2d(targets.subarray(0, size * classes), [size, classes]);

    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor),
      true,
      variables,
    ) as tf.Scalar;
    lossSum += ((await loss.data())[0] as number) * size;

    // tfjs-cpu keeps the typed arrays it is given, so they are freed before the next gather.
    tf.dispose([loss, x, y]);
    onBatch();
  }
  return lossSum / workload.samples;
}

async function fitEpoch(
  model: tfl.Sequential,
  workload: Workload,
  samples: Dataset,
  order: Uint32Array,
  onBatch: () => void,
): Promise<number> {
  const { inputSize: features, outputs: classes } = workload;
  const images = new Float32Array(workload.samples * features);
  const targets = new Float32Array(workload.samples * classes);
  gather(samples, order, 0, workload.samples, features, classes, images, targets);
  const x = tf.tensor2d(images, [workload.samples, features]);
  const y = tf.tensor2d(targets, [workload.samples, classes]);

  const history = await model.fit(x, y, {
    batchSize: workload.batchSize,
    epochs: 1,
    shuffle: false,
    verbose: 0,
    callbacks: { onBatchEnd: async () => onBatch() },
  });

  tf.dispose([x, y]);
  return history.history.loss?.[0] as number;
}

function gather(
  samples: Dataset,
  order: Uint32Array,
  start: number,
  size: number,
  features: number,
  classes: number,
  images: Float32Array,
  targets: Float32Array,
): void {
  targets.fill(0, 0, size * classes);
  for (let row = 0; row < size; row++) {
    const index = order[start + row] as number;
    images.set(samples.images.subarray(index * features, (index + 1) * features), row * features);
    targets[row * classes + (samples.labels[index] as number)] = 1;
  }
}
