import { createBackend } from '@rectifier/backend-cpu';
import { gradients, type Graph, type TypedArray } from '@rectifier/core';
import { describe, it } from 'vitest';
import { exportModel } from '@rectifier/onnx';
import { expectClose } from '../../../../packages/onnx/test/helpers/close.js';
import { buildMlp, seeded } from '../../../../packages/onnx/test/helpers/graphs.js';
import { runOnOrt } from '../../../../packages/onnx/test/helpers/run-ort.js';

/** The MLP with a loss, its gradients and one optimiser update per parameter. */
function trainingStep(optimizer: 'SGDUpdate' | 'AdamUpdate', loss: 'cross-entropy' | 'mse'): Graph {
  const { builder, logits, probs, params } = buildMlp();
  let lossValue;
  if (loss === 'cross-entropy') {
    const labels = builder.input('labels', ['batch'], 'int64');
    lossValue = builder.opOutputs('SoftmaxCrossEntropyLoss', [logits, labels])[0]!;
  } else {
    const targets = builder.input('targets', ['batch', 3]);
    lossValue = builder.op('MeanSquaredError', [probs, targets]);
  }
  const grads = gradients(builder, lossValue, params);
  const step = builder.state('step', [], Float32Array.of(1));
  params.forEach((param, index) => {
    const size = (param.shape as number[]).reduce((a, b) => a * b, 1);
    const moment = () =>
      builder.state(
        builder.freshName(`${param.name}.m`),
        param.shape as number[],
        seeded(size, index + 20).map((v) => Math.abs(v) * 0.01),
      );
    if (optimizer === 'SGDUpdate') {
      const velocity = moment();
      const [next, nextVelocity] = builder.opOutputs(
        'SGDUpdate',
        [param, grads[index]!, velocity],
        { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: index % 2 },
      );
      builder.update(param, next!);
      builder.update(velocity, nextVelocity!);
    } else {
      const [m, v] = [moment(), moment()];
      const [next, nextM, nextV] = builder.opOutputs(
        'AdamUpdate',
        [param, grads[index]!, m, v, step],
        { learningRate: 0.01, weightDecay: 0.001 },
      );
      builder.update(param, next!);
      builder.update(m, nextM!);
      builder.update(v, nextV!);
    }
  });
  builder.output(lossValue, 'loss');
  return builder.build();
}

/** One step on the CPU backend: the loss, and each updated initialiser as the update left it. */
async function stepOnCpu(
  graph: Graph,
  feeds: Record<string, { shape: number[]; values: TypedArray }>,
) {
  const backend = createBackend();
  const program = await backend.compile(graph);
  const tensors = Object.fromEntries(
    Object.entries(feeds).map(([name, feed]) => [name, backend.tensor(feed.values, feed.shape)]),
  );
  const outputs = await program.run(tensors);
  const updated: Record<string, TypedArray> = {};
  for (const update of graph.updates)
    updated[update.value] = await program.readParameter(update.parameter);
  const loss = await outputs.loss!.data();
  program.dispose();
  return { loss, updated };
}

describe('a whole training step exports and runs in onnxruntime-node', () => {
  const cases = [
    ['SGDUpdate', 'cross-entropy'],
    ['AdamUpdate', 'cross-entropy'],
    ['SGDUpdate', 'mse'],
  ] as const;
  it.each(cases)('%s with %s loss: updates come back as outputs', async (optimizer, loss) => {
    const graph = trainingStep(optimizer, loss);
    const feeds: Record<string, { shape: number[]; values: TypedArray }> = {
      x: { shape: [5, 4], values: seeded(20, 11) },
      ...(loss === 'mse'
        ? { targets: { shape: [5, 3], values: seeded(15, 12).map(Math.abs) } }
        : { labels: { shape: [5], values: BigInt64Array.of(0n, 2n, 1n, 1n, 0n) } }),
    };
    const ort = await runOnOrt(exportModel(graph), feeds);
    const cpu = await stepOnCpu(graph, feeds);

    expectClose(ort.loss as Float32Array, cpu.loss as Float32Array, { rtol: 1e-5, atol: 1e-6 });
    for (const update of graph.updates) {
      const tolerance = { rtol: 1e-4, atol: 1e-6 };
      expectClose(
        ort[update.value] as Float32Array,
        cpu.updated[update.value] as Float32Array,
        tolerance,
      );
    }
  });
});
