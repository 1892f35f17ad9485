import Table from 'cli-table3';
import type { Command } from 'commander';
import { ACTIVATIONS, type ActivationSpec, type AttributeSpec } from '@rectifier/core';

/** One activation as `rectifier activations --json` lists it. */
export interface ActivationListing {
  readonly name: string;
  readonly title: string;
  readonly op: string;
  readonly kind: ActivationSpec['kind'];
  readonly rectified: boolean;
  readonly parameters: readonly ({ readonly name: string } & AttributeSpec)[];
  readonly formula: string;
  readonly onnx: ActivationSpec['onnx'];
}

/** The listing of every activation of the spec, in the spec's order. */
export function listActivations(): ActivationListing[] {
  return ACTIVATIONS.map((spec) => ({
    name: spec.name,
    title: spec.title,
    op: spec.op,
    kind: spec.kind,
    rectified: spec.rectified,
    parameters: Object.entries(spec.attributes).map(([name, attribute]) => ({
      name,
      ...attribute,
    })),
    formula: spec.formula,
    onnx: spec.onnx,
  }));
}

function formatDefault(value: unknown): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(8)));
  if (typeof value === 'string') return `'${value}'`;
  return value === undefined ? '(none)' : JSON.stringify(value);
}

/** The listing as a table for people. */
export function activationsTable(listings: readonly ActivationListing[]): string {
  const table = new Table({
    head: ['name', 'op', 'kind', 'rectified', 'parameters (default)'],
    style: { head: [], border: [], compact: true },
  });
  for (const listing of listings) {
    const parameters = listing.parameters.map(
      (parameter) => `${parameter.name}=${formatDefault(parameter.default)}`,
    );
    table.push([
      listing.name,
      listing.op,
      listing.kind,
      listing.rectified ? 'yes' : 'no',
      parameters.length === 0 ? '-' : parameters.join(', '),
    ]);
  }
  return table.toString();
}

/** Adds `rectifier activations` to the program. */
export function registerActivationsCommand(program: Command): void {
  program
    .command('activations')
    .description('list every activation, with its op, kind and parameters')
    .option('--json', 'print the list as JSON, with formulas and ONNX mappings')
    .addHelpText(
      'after',
      '\nAny name here works with `rectifier train --activation`; so do the op names ' +
        '(LeakyRelu)\nand aliases such as gelu-tanh (GELU with approximate=tanh).',
    )
    .action((options: { json?: boolean }) => {
      const listings = listActivations();
      process.stdout.write(
        options.json ? `${JSON.stringify(listings, null, 2)}\n` : `${activationsTable(listings)}\n`,
      );
    });
}
