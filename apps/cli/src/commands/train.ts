import { Option, type Command } from 'commander';
import { OPTIMIZERS } from '@rectifier/nn';
import {
  collectActivationParameter,
  parseActivation,
  parseBatchSize,
  backendOption,
  parseChoice,
  parseEpochs,
  parseHiddenSizes,
  parseLearningRate,
  parseLimit,
  parseMomentum,
  parseSeed,
  pathOption,
} from '../options.js';
import { resolveTrainConfig, TRAIN_DEFAULTS } from '../train-config.js';
import { runTraining } from '../training-run.js';

const EXAMPLES = `
Examples:
  $ rectifier train                                  the defaults: at least 95% test accuracy
  $ rectifier train --activation leaky-relu --activation-param alpha=0.1
  $ rectifier train --optimizer sgd --lr 0.05 --momentum 0.9 --epochs 10
  $ rectifier train --data /usr/share/datasets/fashion-mnist --metrics run.json --save net.json
  $ rectifier train --limit 2000 --epochs 2 --json --quiet > metrics.json

The table goes to stdout, progress to stderr. Sparsity and dead units are per rectified layer,
gradient norms per Dense layer, first to last, joined by '/'. Pixels are used as the data
gives them, scaled to [0, 1]; nothing else is normalised.`;

/** Adds `rectifier train` to the program. */
export function registerTrainCommand(program: Command): void {
  const { learningRate } = TRAIN_DEFAULTS;
  program
    .command('train')
    .description('train a ReLU network, 784-64-32-16-10 by default, on handwritten digits')
    .addOption(backendOption(TRAIN_DEFAULTS.backend))
    .addOption(
      pathOption(
        '--data <dir>',
        'a directory of MNIST-format IDX files (default: the 10,000 bundled MNIST digits, ' +
          'split 8,000 / 2,000 by --seed)',
        'data/mnist',
      ),
    )
    .option(
      '--epochs <count>',
      'passes over the training samples',
      parseEpochs,
      TRAIN_DEFAULTS.epochs,
    )
    .option(
      '--batch-size <count>',
      'samples per training step',
      parseBatchSize,
      TRAIN_DEFAULTS.batchSize,
    )
    .addOption(
      new Option('--hidden <sizes>', 'hidden layer sizes, comma-separated')
        .argParser(parseHiddenSizes)
        .default([...TRAIN_DEFAULTS.hidden], TRAIN_DEFAULTS.hidden.join(',')),
    )
    .option(
      '--activation <name>',
      'the activation after each hidden layer (see `rectifier activations`)',
      parseActivation,
      TRAIN_DEFAULTS.activation,
    )
    .option(
      '--activation-param <name=value>',
      'a parameter of the activation, such as alpha=0.1; repeat for each parameter',
      collectActivationParameter,
    )
    .addOption(
      new Option('--optimizer <name>', 'the optimiser')
        .choices(OPTIMIZERS)
        .argParser(parseChoice(OPTIMIZERS))
        .default(TRAIN_DEFAULTS.optimizer),
    )
    .option(
      '--lr <rate>',
      `learning rate (default: ${learningRate.adam} for adam, ${learningRate.sgd} for sgd)`,
      parseLearningRate,
    )
    .option(
      '--momentum <factor>',
      `momentum of sgd, in [0, 1) (default: ${TRAIN_DEFAULTS.momentum})`,
      parseMomentum,
    )
    .option(
      '--seed <integer>',
      'seeds the split, the weights and the order',
      parseSeed,
      TRAIN_DEFAULTS.seed,
    )
    .option('--limit <count>', 'train on the first <count> training samples', parseLimit)
    .addOption(
      pathOption('--metrics <file>', 'write the configuration and every epoch as JSON', 'run.json'),
    )
    .addOption(pathOption('--save <file>', 'write the trained network as JSON', 'net.json'))
    .option('--json', 'print the metrics JSON to stdout instead of the table')
    .option('--quiet', 'no progress bar; one plain line per epoch on stderr instead')
    .addHelpText('after', EXAMPLES)
    .action(async (options) => {
      process.exitCode = await runTraining(resolveTrainConfig(options));
    });
}
