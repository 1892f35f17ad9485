import * as ort from 'onnxruntime-node';
import type { Dataset } from '@rectifier/data';
import type { Contender } from './contender.js';
import { sgdStepModel, STEP_NAMES, STEP_OPSET } from './sgd-step-model.js';
import { epochOrder, initialNetwork, type Workload } from './workload.js';

/**
 * The workload's SGD step written by hand as one ONNX graph and run with onnxruntime-node
 * directly: what a bare session does, with no framework around it. The session options are
 * those of @rectifier/backend-onnx, so rectifier-onnx over this is what Rectifier costs.
 */
export async function createOrtHandwrittenTrainer(
  workload: Workload,
  samples: Dataset,
): Promise<Contender> {
  const { batchSize, inputSize: features, outputs: classes } = workload;
  // A fixed batch dimension unless the epoch ends with a shorter batch.
  const fixed = workload.samples % batchSize === 0;
  const model = sgdStepModel({
    sizes: [features, ...workload.hidden, classes],
    learningRate: workload.learningRate,
    batchSize: fixed ? batchSize : undefined,
  });
  const session = await ort.InferenceSession.create(model.bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });

  // Two buffers per parameter: one is fed, the other written into, and they swap every step.
  let current: ort.Tensor[] = initialParameters(workload, model.parameters);
  let spare: ort.Tensor[] = current.map(
    (tensor) => new ort.Tensor('float32', new Float32Array(tensor.size), tensor.dims),
  );
  const loss = new ort.Tensor('float32', new Float32Array(1), []);
  const images = new Float32Array(batchSize * features);
  const labels = new BigInt64Array(batchSize);

  return {
    name: 'ort-handwritten',
    details:
      `onnxruntime-node ${ort.env.versions.node ?? ''}, one hand-written ONNX graph ` +
      `(opset ${STEP_OPSET}, ${model.nodeCount} nodes, ${fixed ? 'fixed' : 'symbolic'} batch), ` +
      '1 intra-op thread',
    async trainEpoch(epoch, onBatch) {
      const order = epochOrder(workload, epoch);
      let lossSum = 0;
      for (let start = 0; start < workload.samples; start += batchSize) {
        const size = Math.min(batchSize, workload.samples - start);
        gather(samples, order, start, size, features, images, labels);
        const feeds: Record<string, ort.Tensor> = {
          [STEP_NAMES.images]: new ort.Tensor('float32', images.subarray(0, size * features), [
            size,
            features,
          ]),
          [STEP_NAMES.labels]: new ort.Tensor('int64', labels.subarray(0, size), [size]),
        };
        const fetches: Record<string, ort.Tensor> = { [STEP_NAMES.loss]: loss };
        model.parameters.forEach((parameter, index) => {
          feeds[parameter.input] = current[index] as ort.Tensor;
          fetches[parameter.output] = spare[index] as ort.Tensor;
        });

        // ONNX Runtime writes into the fetched tensors; the binding also returns copies, unused.
        await session.run(feeds, fetches);
        lossSum += (loss.data[0] as number) * size;

        [current, spare] = [spare, current];
        onBatch();
      }
      return lossSum / workload.samples;
    },
    dispose() {
      void session.release();
    },
  };
}

// Rectifier's initial weights, which store each kernel [inputs, units] and then its bias,
// as the step does.
function initialParameters(
  workload: Workload,
  expected: readonly { readonly shape: readonly number[] }[],
): ort.Tensor[] {
  const parameters = initialNetwork(workload).parameters;
  return expected.map(({ shape }, index) => {
    const parameter = parameters[index];
    if (parameters.length !== expected.length || parameter?.shape.join() !== shape.join()) {
      throw new Error(
        `ort-handwritten: Rectifier's mlp no longer stores kernel then bias per layer ` +
          `(parameter ${index} is ${parameter?.name} [${parameter?.shape.join(', ')}]).`,
      );
    }
    return new ort.Tensor('float32', parameter.values.slice(), [...shape]);
  });
}

// The same rows and order as the Trainer, with int64 labels as it has them.
function gather(
  samples: Dataset,
  order: Uint32Array,
  start: number,
  size: number,
  features: number,
  images: Float32Array,
  labels: BigInt64Array,
): void {
  for (let row = 0; row < size; row++) {
    const index = order[start + row] as number;
    images.set(samples.images.subarray(index * features, (index + 1) * features), row * features);
    labels[row] = BigInt(samples.labels[index] as number);
  }
}
