import type { Command } from 'commander';
import { formatShape, type Shape, type ValueInfo } from '@rectifier/core';
import { Activation, deserializeNetwork, type Sequential } from '@rectifier/nn';
import { DEFAULT_EXPORT_OPSET, EXPORT_OPSETS, exportModel } from '@rectifier/onnx';
import { checkWritable, writeFileAtomic } from '../atomic-write.js';
import { UsageError } from '../errors.js';
import { parseOpset, pathArgument } from '../options.js';
import { sameFile } from '../same-file.js';
import { inferenceGraph } from './inference-graph.js';
import { readInputFile } from './read-input.js';

const EXAMPLES = `
Examples:
  $ rectifier train --save network.json && rectifier export network.json model.onnx
  $ rectifier export network.json model.onnx --opset 13 --json

The model takes x [batch, <inputs>] float32, pixels in [0, 1] as train used them, and gives
logits [batch, <classes>] first, then probabilities, their Softmax. It runs in ONNX Runtime and
in \`rectifier predict\`.`;

/** The options of `rectifier export` as commander hands them over. */
interface ExportCommandOptions {
  opset: number;
  json?: boolean;
}

/** One input or output of the written model. */
interface ValueListing {
  readonly name: string;
  readonly dtype: string;
  readonly shape: Shape;
}

/** What `rectifier export --json` prints. */
export interface ExportReport {
  readonly file: string;
  readonly network: string;
  /** Layer widths from input to output: `[784, 64, 32, 16, 10]`. */
  readonly sizes: readonly number[];
  readonly activations: readonly string[];
  readonly opset: number;
  readonly bytes: number;
  readonly inputs: readonly ValueListing[];
  readonly outputs: readonly ValueListing[];
}

function listing(value: ValueInfo): ValueListing {
  return { name: value.name, dtype: value.dtype, shape: value.shape };
}

function activationNames(network: Sequential): string[] {
  const names = network.layers.flatMap((layer) =>
    layer instanceof Activation ? [layer.spec.name] : [],
  );
  return [...new Set(names)];
}

/** The report for people: what was written, then one line per input and output. */
export function exportSummary(report: ExportReport): string {
  const activations = report.activations.length === 0 ? '' : ` ${report.activations.join('/')}`;
  const rows = [
    ...report.inputs.map((value) => ['input', value] as const),
    ...report.outputs.map((value) => ['output', value] as const),
  ];
  const nameWidth = Math.max(...rows.map(([, value]) => value.name.length));
  const lines = rows.map(
    ([kind, value]) =>
      `  ${kind.padEnd(6)}  ${value.name.padEnd(nameWidth)}  ${value.dtype} ` +
      formatShape(value.shape),
  );
  return [
    `wrote ${report.file}: ONNX opset ${report.opset}, ${report.bytes} bytes, the ` +
      `${report.sizes.join('-')}${activations} network of ${report.network}`,
    ...lines,
  ].join('\n');
}

/** Exports the network saved in `networkFile` to `outputFile` and returns the report. */
export function exportNetwork(
  networkFile: string,
  outputFile: string,
  opset: number,
): ExportReport {
  if (sameFile(networkFile, outputFile)) {
    throw new UsageError(
      `The network and the output are both ${outputFile}; give the model its own file.`,
    );
  }
  checkWritable(outputFile, 'the output file');

  const text = readInputFile(networkFile, 'the network').toString('utf8');
  const network = deserializeNetwork(text, networkFile);
  const graph = inferenceGraph(network);
  const bytes = exportModel(graph, { opset });
  writeFileAtomic(outputFile, bytes);

  return {
    file: outputFile,
    network: networkFile,
    sizes: [network.inputSize, ...network.denseLayers.map((layer) => layer.units)],
    activations: activationNames(network),
    opset,
    bytes: bytes.byteLength,
    inputs: graph.inputs.map(listing),
    outputs: graph.outputs.map(listing),
  };
}

/** Adds `rectifier export` to the program. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a network saved by `train --save` as an ONNX model')
    .addArgument(
      pathArgument('<network>', 'the network JSON that `rectifier train --save` wrote', 'net.json'),
    )
    .addArgument(
      pathArgument('<output>', 'the ONNX file to write, such as model.onnx', 'model.onnx'),
    )
    .option(
      '--opset <version>',
      `the ONNX opset to write, from ${EXPORT_OPSETS.min} to ${EXPORT_OPSETS.max}`,
      parseOpset,
      DEFAULT_EXPORT_OPSET,
    )
    .option('--json', 'print what was written as JSON')
    .addHelpText('after', EXAMPLES)
    .action((networkFile: string, outputFile: string, options: ExportCommandOptions) => {
      const report = exportNetwork(networkFile, outputFile, options.opset);
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : `${exportSummary(report)}\n`,
      );
    });
}
