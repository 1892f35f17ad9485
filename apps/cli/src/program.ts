import { Command } from 'commander';
import { registerActivationsCommand } from './commands/activations.js';
import { registerConformanceCommand } from './commands/conformance.js';
import { registerExportCommand } from './commands/export.js';
import { registerPredictCommand } from './commands/predict.js';
import { registerTrainCommand } from './commands/train.js';
import { ERROR_PREFIX } from './errors.js';
import { cliVersion } from './version.js';

/**
 * The `rectifier` program. Commander's own errors (unknown command or option, bad value)
 * are printed as `rectifier: error: ...` and thrown as CommanderError instead of exiting,
 * so that one place decides the exit code.
 */
export function createProgram(): Command {
  const program = new Command('rectifier')
    .description('Train ReLU networks on handwritten digits and study what ReLU does.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .helpCommand('help [command]', 'print the help of a command')
    .exitOverride()
    .configureOutput({
      outputError: (message, write) => write(message.replace(/^error: /, ERROR_PREFIX)),
    })
    .showSuggestionAfterError()
    .addHelpText('after', '\nRun `rectifier <command> --help` for the options of a command.');

  // Subcommands made with .command() copy the settings above, so configure them first.
  registerTrainCommand(program);
  registerExportCommand(program);
  registerPredictCommand(program);
  registerConformanceCommand(program);
  registerActivationsCommand(program);
  return program;
}
