#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadBackend } from '@rectifier/core';
import { takeFirst } from '@rectifier/data';
import type { WebGpuBackend } from '@rectifier/backend-webgpu';
import { Trainer } from '@rectifier/nn';
import { DEFAULT_WORKLOAD, initialNetwork, loadSamples } from './workload.js';

const USAGE = `Usage: node tooling/bench/dist/webgpu-memory.js [options]

Trains the bench's MLP with Rectifier's Trainer on the webgpu backend, in small batches, and
prints TensorFlow.js's tf.memory() (tensors and bytes) before the first step, every 100 steps
and after the last. Exits with 1 if the tensors or the bytes grew.

Options:
  --steps N        training steps (1000)
  --batch-size N   samples per step (8)
  --help           print this help`;

/** Steps between two readings of tf.memory(); also the batches of one epoch. */
const EVERY = 100;

interface Reading {
  readonly numTensors: number;
  readonly numBytes: number;
}

function count(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag} must be an integer of at least 1, got '${text}'.`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: '1000' },
      'batch-size': { type: 'string', default: '8' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const steps = count('--steps', values.steps);
  const batchSize = count('--batch-size', values['batch-size']);

  const backend = (await loadBackend('webgpu')) as WebGpuBackend;
  const { tf } = backend;
  const workload = { ...DEFAULT_WORKLOAD, samples: EVERY * batchSize, batchSize };
  const samples = loadSamples(workload);
  const trainer = await Trainer.create({
    network: initialNetwork(workload),
    backend,
    loss: 'softmax-cross-entropy',
    optimizer: { name: 'sgd', learningRate: workload.learningRate },
    batchSize,
    seed: workload.orderSeed,
  });

  const read = (): Reading => {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  };
  const print = (label: string, reading: Reading) =>
    console.log(
      `${label.padEnd(10)} numTensors ${reading.numTensors}  numBytes ${reading.numBytes}`,
    );

  console.log(
    `webgpu backend, MLP ${workload.inputSize}-${workload.hidden.join('-')}-${workload.outputs}, ` +
      `batch ${batchSize}, ${steps} steps`,
  );
  const start = read();
  print('start', start);
  const started = performance.now();
  let done = 0;
  let loss = Number.NaN;
  while (done < steps) {
    // An epoch is EVERY steps; the last may be shorter.
    const batches = Math.min(EVERY, steps - done);
    const epoch = batches === EVERY ? samples : takeFirst(samples, batches * batchSize);
    loss = (await trainer.trainEpoch(epoch)).loss;
    done += batches;
    if (done % EVERY === 0 && done < steps) print(`step ${done}`, read());
  }
  const end = read();
  print('end', end);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${((seconds / steps) * 1000).toFixed(1)} ms per step, last loss ${loss.toFixed(4)}`);

  trainer.dispose();
  const grew = end.numTensors > start.numTensors || end.numBytes > start.numBytes;
  if (grew) {
    console.error(
      `webgpu-memory: tf.memory() grew over ${steps} steps: ` +
        `${end.numTensors - start.numTensors} tensors, ${end.numBytes - start.numBytes} bytes.`,
    );
    process.exitCode = 1;
  } else console.log(`tf.memory() did not grow over ${steps} steps.`);
}

main().catch((error: unknown) => {
  console.error(`webgpu-memory: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
