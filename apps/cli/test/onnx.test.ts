import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder, loadBackend } from '@rectifier/core';
import { loadDefaultSplit, takeFirst } from '@rectifier/data';
import { deserializeNetwork, mlp, networkInput } from '@rectifier/nn';
import { exportModel } from '@rectifier/onnx';
import { inferenceGraph } from '../src/commands/inference-graph.js';
import {
  EMPTY_IMAGE_FILE,
  EMPTY_LABEL_FILE,
  encodeIdx,
  imageBytes,
  writeMnistDirectory,
} from './idx-files.js';
import { lines, runCli } from './run-cli.js';

/** The untrained PyTorch MLP of @rectifier/onnx's fixtures (see its NOTICE), not copied here. */
const TORCH_MLP = fileURLToPath(
  new URL('../../../packages/onnx/test/fixtures/torch-mlp/model.onnx', import.meta.url),
);
/** An ONNX node test whose input is [3, 4, 5]: a model that cannot take digits. */
const RELU_CASE = fileURLToPath(
  new URL('../../../packages/onnx/test/fixtures/onnx-node/test_relu/model.onnx', import.meta.url),
);

let dir: string;
let networkFile: string;
let modelFile: string;
let finalTestAccuracy: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rectifier-onnx-'));
  networkFile = join(dir, 'network.json');
  modelFile = join(dir, 'model.onnx');
  const args = ['--limit', '500', '--epochs', '1', '--json', '--quiet', '--save', networkFile];
  const train = await runCli(['train', ...args]);
  expect(train.code, train.stderr).toBe(0);
  finalTestAccuracy = (JSON.parse(train.stdout) as { final: { testAccuracy: number } }).final
    .testAccuracy;
  const exported = await runCli(['export', networkFile, modelFile]);
  expect(exported.code, exported.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Expects elementwise agreement within atol + rtol * |expected|, naming the first miss. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  const [rtol, atol] = [1e-5, 1e-5];
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Math.abs(a - e) > atol + rtol * Math.abs(e)) {
      expect.fail(`element ${i}: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

interface PredictJson {
  count: number;
  data: { kind: string };
  correct: number;
  accuracy: number;
  input: { name: string; shape: (number | string)[] };
}

async function predictJson(file: string, ...args: string[]): Promise<PredictJson> {
  const result = await runCli(['predict', file, '--json', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as PredictJson;
}

describe('rectifier --help', () => {
  it('lists export, predict and conformance', async () => {
    const result = await runCli(['--help']);
    for (const command of ['export', 'predict', 'conformance']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });
});

describe('rectifier export', () => {
  it('prints the file, the opset, and the inputs and outputs with their shapes', async () => {
    const result = await runCli(['export', networkFile, join(dir, 'text.onnx')]);
    expect(result.code, result.stderr).toBe(0);
    const [summary, ...values] = lines(result.stdout);
    expect(summary).toMatch(/^wrote .*text\.onnx: ONNX opset 17, \d+ bytes, the 784-64-32-16-10 /);
    expect(values.map((line) => line.trim().split(/\s+/))).toEqual([
      ['input', 'x', 'float32', '[batch,', '784]'],
      ['output', 'logits', 'float32', '[batch,', '10]'],
      ['output', 'probabilities', 'float32', '[batch,', '10]'],
    ]);
  });

  it('prints the same as JSON with --json, at the --opset asked for', async () => {
    const file = join(dir, 'opset13.onnx');
    const result = await runCli(['export', networkFile, file, '--opset', '13', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      file,
      network: networkFile,
      sizes: [784, 64, 32, 16, 10],
      opset: 13,
      bytes: readFileSync(file).byteLength,
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 784] }],
      outputs: [
        { name: 'logits', shape: ['batch', 10] },
        { name: 'probabilities', shape: ['batch', 10] },
      ],
    });
  });

  it("writes a model whose logits in ONNX Runtime are the CPU backend's", async () => {
    const digits = takeFirst(loadDefaultSplit(0).test, 16);
    const session = await InferenceSession.create(readFileSync(modelFile));
    const ort = await session.run({ x: new OrtTensor('float32', digits.images, [16, 784]) });
    await session.release();

    const backend = await loadBackend('cpu');
    const network = deserializeNetwork(readFileSync(networkFile, 'utf8'), networkFile);
    const program = await backend.compile(inferenceGraph(network));
    const outputs = await program.run({ x: backend.tensor(digits.images, [16, 784]) });
    const logits = (await outputs.logits!.data()) as Float32Array;
    program.dispose();

    expect(ort.logits?.dims).toEqual([16, 10]);
    expectClose(ort.logits!.data as Float32Array, logits);
    const probabilities = ort.probabilities!.data as Float32Array;
    for (let row = 0; row < 16; row++) {
      const sum = probabilities.slice(row * 10, row * 10 + 10).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
  });

  it('names a file that is not a saved network, exit code 1', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(networkFile, 'utf8').slice(0, 100));
    const result = await runCli(['export', broken, join(dir, 'broken.onnx')]);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^rectifier: error: .*broken\.json is not a usable Rectifier network/),
    ]);
  });

  it('rejects an opset outside 7..22 in one line, exit code 2', async () => {
    const result = await runCli(['export', networkFile, join(dir, 'x.onnx'), '--opset', '6']);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      "rectifier: error: option '--opset <version>' argument '6' is invalid. " +
        'Use an ONNX opset from 7 to 22; 6 is too small.',
    ]);
  });
});

describe('rectifier predict', () => {
  it("gives the exported network the train run's final test accuracy", async () => {
    const report = await predictJson(modelFile);
    expect(report.count).toBe(2000);
    expect(report.accuracy).toBe(finalTestAccuracy);
  });

  it('prints the accuracy of the untrained PyTorch MLP, about chance', async () => {
    const result = await runCli(['predict', TORCH_MLP]);
    expect(result.code, result.stderr).toBe(0);
    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(/^test accuracy: [0-9.]+% \(\d+ of 2000 digits\)$/),
    ]);
    expect(result.stderr).toContain('pytorch');
  });

  it('feeds models that take [batch, 1, 28, 28] or a fixed [8, 28, 28] the same pixels', async () => {
    const network = deserializeNetwork(readFileSync(networkFile, 'utf8'), networkFile);
    // `flat` is Reshape's target: 0 copies the batch dimension.
    const imageModel = (shape: (number | string)[], flat: number[]) => {
      const builder = new GraphBuilder('images');
      const image = builder.input('image', shape);
      const x = builder.op('Reshape', [image], { shape: flat });
      builder.output(network.build(builder, x).output, 'logits');
      return exportModel(builder.build());
    };
    const channels = join(dir, 'channels.onnx');
    const fixed = join(dir, 'fixed.onnx');
    writeFileSync(channels, imageModel(['batch', 1, 28, 28], [0, 784]));
    writeFileSync(fixed, imageModel([8, 28, 28], [8, 784]));

    // 100 digits: the last batch of 8 holds 4 digits and 4 rows of zeros.
    const flat = await predictJson(modelFile, '--limit', '100');
    const [withChannels, withFixedBatch] = await Promise.all([
      predictJson(channels, '--limit', '100'),
      predictJson(fixed, '--limit', '100'),
    ]);
    expect(withChannels.input.shape).toEqual(['batch', 1, 28, 28]);
    expect(withFixedBatch.input.shape).toEqual([8, 28, 28]);
    expect(withChannels.correct).toBe(flat.correct);
    expect(withFixedBatch.correct).toBe(flat.correct);
  });

  it('classifies the t10k digits of --data DIR, which needs no training files', async () => {
    const data = join(dir, 'idx');
    mkdirSync(data);
    const split = loadDefaultSplit(0);
    writeMnistDirectory(data, takeFirst(split.train, 10), takeFirst(split.test, 100));
    rmSync(join(data, 'train-images-idx3-ubyte'));
    rmSync(join(data, 'train-labels-idx1-ubyte'));
    const [fromFiles, bundled] = await Promise.all([
      predictJson(modelFile, '--data', data),
      predictJson(modelFile, '--limit', '100'),
    ]);
    expect(fromFiles).toMatchObject({ count: 100, data: { kind: 'idx', directory: data } });
    expect(fromFiles.correct).toBe(bundled.correct);
  });

  it('refuses t10k files that hold no digits, naming the files it read, exit code 1', async () => {
    const data = join(dir, 'empty-t10k');
    mkdirSync(data);
    const images = join(data, 't10k-images-idx3-ubyte.gz');
    const labels = join(data, 't10k-labels-idx1-ubyte');
    writeFileSync(images, gzipSync(EMPTY_IMAGE_FILE));
    writeFileSync(labels, EMPTY_LABEL_FILE);
    const result = await runCli(['predict', modelFile, '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      `rectifier: error: The IDX files ${images} and ${labels} hold no digits (their headers ` +
        'declare 0 items), but predict needs test digits to score. Use files that hold ' +
        'samples, such as those of a full MNIST download.',
    ]);
  });

  it('refuses t10k labels of more than ten classes without naming train, exit code 1', async () => {
    const data = join(dir, 'eleven-classes');
    mkdirSync(data);
    const test = takeFirst(loadDefaultSplit(0).test, 20);
    const labels = Uint8Array.from(test.labels, (label, index) => (index === 3 ? 12 : label));
    writeFileSync(join(data, 't10k-images-idx3-ubyte'), encodeIdx([20, 28, 28], imageBytes(test)));
    writeFileSync(join(data, 't10k-labels-idx1-ubyte'), encodeIdx([20], labels));
    const result = await runCli(['predict', modelFile, '--data', data]);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `rectifier: error: The labels of ${data} include 12, but predict scores 10 classes, ` +
        'labelled 0 to 9. Use MNIST-style data with ten classes.',
    ]);
  });

  it('names the shapes of a model that cannot classify digits, exit code 1', async () => {
    const input = await runCli(['predict', RELU_CASE]);
    expect(input.code).toBe(1);
    expect(lines(input.stderr)).toEqual([
      expect.stringContaining(
        "test_relu/model.onnx: its input 'x' is float32 [3, 4, 5], which cannot take 28x28",
      ),
    ]);

    const fiveClasses = join(dir, 'five.onnx');
    const network = mlp({ inputSize: 784, hidden: [8], outputs: 5 });
    const { builder, input: x } = networkInput(network);
    builder.output(network.build(builder, x).output, 'scores');
    writeFileSync(fiveClasses, exportModel(builder.build()));
    const output = await runCli(['predict', fiveClasses]);
    expect(output.code).toBe(1);
    expect(output.stderr).toContain("its first output 'scores' is float32 [batch, 5]");
    expect(output.stderr).toContain('[batch, 10]');
  });

  it('names a truncated model file in one line, exit code 1', async () => {
    const truncated = join(dir, 'truncated.onnx');
    writeFileSync(truncated, readFileSync(modelFile).subarray(0, 4000));
    const result = await runCli(['predict', truncated]);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^rectifier: error: .*truncated\.onnx: the file is truncated/),
    ]);
  });

  it('lists the ops Rectifier cannot import in one error, exit code 1', async () => {
    // Relu and Conv have names of the same length, so the bytes stay a valid model.
    const bytes = Buffer.from(
      readFileSync(modelFile).toString('latin1').replaceAll('Relu', 'Conv'),
      'latin1',
    );
    const conv = join(dir, 'conv.onnx');
    writeFileSync(conv, bytes);
    const result = await runCli(['predict', conv]);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /^rectifier: error: .*conv\.onnx: Rectifier has no import for Conv \(3\)\.$/,
      ),
    ]);
  });
});
