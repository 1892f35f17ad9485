import type { Command } from 'commander';
import { formatShape, loadBackend, type Backend, type Program, type Shape } from '@rectifier/core';
import { takeFirst, type Dataset } from '@rectifier/data';
import { importModel } from '@rectifier/onnx';
import { CLASSES, loadTestData, type DataSource } from '../data-source.js';
import { RunError, UsageError } from '../errors.js';
import { formatPercent } from '../format.js';
import { backendOption, parseLimit, parseSeed, pathArgument, pathOption } from '../options.js';
import { TRAIN_DEFAULTS } from '../train-config.js';
import { digitLayout, type DigitLayout } from './digit-layout.js';
import { readInputFile } from './read-input.js';

/** Digits per run of a model whose batch dimension is a symbol, as the Trainer evaluates. */
const PREDICT_BATCH = 500;

const EXAMPLES = `
Examples:
  $ rectifier predict model.onnx                     the 2,000 test digits of seed 0's split
  $ rectifier predict model.onnx --seed 3 --limit 500 --json
  $ rectifier predict model.onnx --data /usr/share/datasets/mnist

The model takes the pixels, in [0, 1], as [batch, 784], [batch, 28, 28] or [batch, 1, 28, 28];
its first output must be [batch, 10], and its argmax is the prediction. With the same --seed,
the digits are the test digits of \`rectifier train\`.`;

/** The options of `rectifier predict` as commander hands them over. */
interface PredictOptions {
  backend: string;
  data?: string;
  seed: number;
  limit?: number;
  json?: boolean;
}

/** What `rectifier predict --json` prints. */
export interface PredictReport {
  readonly model: string;
  readonly opset: number;
  readonly producer: string;
  readonly backend: string;
  readonly data: DataSource;
  readonly input: { readonly name: string; readonly shape: Shape };
  readonly output: { readonly name: string; readonly shape: Shape };
  readonly count: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly seconds: number;
}

/** The index of the first largest score of each row, as ONNX's ArgMax. */
function argmaxRow(scores: Float32Array, row: number, classes: number): number {
  let best = 0;
  for (let column = 1; column < classes; column++) {
    if (scores[row * classes + column]! > scores[row * classes + best]!) best = column;
  }
  return best;
}

/** Runs the model over every digit in batches and counts the right predictions. */
async function countCorrect(
  backend: Backend,
  program: Program,
  layout: DigitLayout,
  digits: Dataset,
  source: string,
): Promise<number> {
  const pixels = digits.rows * digits.columns;
  const batch = layout.fixedBatch ?? PREDICT_BATCH;
  let correct = 0;
  for (let start = 0; start < digits.count; start += batch) {
    const size = Math.min(batch, digits.count - start);
    const rows = layout.fixedBatch ?? size;
    // A model with a fixed batch gets a full one; the rows after the last digit are zeros.
    const images = new Float32Array(rows * pixels);
    images.set(digits.images.subarray(start * pixels, (start + size) * pixels));
    const x = backend.tensor(images, [rows, ...layout.sampleShape]);

    const outputs = await program.run({ [layout.input.name]: x });
    const scores = outputs[layout.output.name];
    if (scores === undefined || scores.shape[0] !== rows || scores.shape[1] !== CLASSES) {
      throw new RunError(
        `${source}: its output '${layout.output.name}' came out as ` +
          `${formatShape(scores?.shape ?? [])} for ${rows} digits; predict needs ` +
          `[${rows}, ${CLASSES}], one score per digit class.`,
      );
    }
    const scoreValues = (await scores.data()) as Float32Array;
    for (let row = 0; row < size; row++) {
      if (argmaxRow(scoreValues, row, CLASSES) === digits.labels[start + row]) correct++;
    }

    for (const output of Object.values(outputs)) output.dispose();
    x.dispose();
  }
  return correct;
}

function testDigits(options: PredictOptions): { digits: Dataset; source: DataSource } {
  const data = loadTestData(options.data, options.seed);
  const available = data.test.count;
  if (options.limit !== undefined && options.limit > available) {
    throw new UsageError(
      `option '--limit <count>' argument '${options.limit}' is invalid. The data has ` +
        `${available} test digits; use a count from 1 to ${available}.`,
    );
  }
  const digits = options.limit === undefined ? data.test : takeFirst(data.test, options.limit);
  return { digits, source: data.source };
}

function describeSource(source: DataSource): string {
  return source.kind === 'bundled-mnist'
    ? `the bundled MNIST digits split with seed ${source.splitSeed}`
    : `the t10k files in ${source.directory}`;
}

/** Imports `modelFile`, runs it over the test digits and reports the accuracy. */
export async function runPrediction(
  modelFile: string,
  options: PredictOptions,
): Promise<PredictReport> {
  const started = performance.now();
  const model = importModel(readInputFile(modelFile, 'the model'), { source: modelFile });
  const { digits, source } = testDigits(options);
  const layout = digitLayout(model.graph, digits.rows, digits.columns, modelFile);

  const backend = await loadBackend(options.backend);
  try {
    const producer = [model.producer, model.producerVersion].filter(Boolean).join(' ');
    process.stderr.write(
      `predicting ${digits.count} test digits of ${describeSource(source)} with ${modelFile} ` +
        `(ONNX opset ${model.opset}${producer ? `, from ${producer}` : ''}), ` +
        `${backend.name} backend\n`,
    );
    const program = await backend.compile(model.graph);
    let correct: number;
    try {
      correct = await countCorrect(backend, program, layout, digits, modelFile);
    } finally {
      program.dispose();
    }
    return {
      model: modelFile,
      opset: model.opset,
      producer,
      backend: backend.name,
      data: source,
      input: { name: layout.input.name, shape: layout.input.shape },
      output: { name: layout.output.name, shape: layout.output.shape },
      count: digits.count,
      correct,
      accuracy: correct / digits.count,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await backend.dispose();
  }
}

/** The result line for people: `test accuracy: 87.9% (1758 of 2000 digits)`. */
export function predictSummary(report: PredictReport): string {
  return (
    `test accuracy: ${formatPercent(report.accuracy)} ` +
    `(${report.correct} of ${report.count} digits)`
  );
}

/** Adds `rectifier predict` to the program. */
export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description('classify the test digits with an ONNX model and print its accuracy')
    .addArgument(
      pathArgument('<model>', 'an ONNX model, such as one `rectifier export` wrote', 'model.onnx'),
    )
    .addOption(backendOption(TRAIN_DEFAULTS.backend))
    .addOption(
      pathOption(
        '--data <dir>',
        'a directory of MNIST-format IDX files, whose t10k-images and t10k-labels files are ' +
          'classified (default: the 2,000 test digits of the bundled MNIST digits, split by ' +
          '--seed)',
        'data/mnist',
      ),
    )
    .option(
      '--seed <integer>',
      'the split of the bundled digits, as train',
      parseSeed,
      TRAIN_DEFAULTS.seed,
    )
    .option('--limit <count>', 'classify the first <count> test digits', parseLimit)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (modelFile: string, options: PredictOptions) => {
      const report = await runPrediction(modelFile, options);
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : `${predictSummary(report)}\n`,
      );
    });
}
