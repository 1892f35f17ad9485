import cliProgress from 'cli-progress';
import type { EpochRecord } from '@rectifier/nn';
import { formatDuration, formatPercent } from './format.js';

/** Where progress goes and whether it may redraw a bar. */
export interface ProgressOptions {
  readonly epochs: number;
  /** A bar with ETA when true; one plain line per epoch when false. */
  readonly bar: boolean;
  readonly stream?: NodeJS.WriteStream;
}

/**
 * Progress of a training run on stderr: a bar per epoch with the epoch's ETA and the run's,
 * or, where a bar cannot be redrawn (not a terminal, or --quiet), one plain line per epoch.
 */
export class TrainingProgress {
  private readonly stream: NodeJS.WriteStream;
  private readonly bar: cliProgress.SingleBar | undefined;
  private runStarted: number | undefined;
  private samplesPerEpoch = 0;
  private finishedEpochs = 0;
  private epoch = 0;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.bar = options.bar
      ? new cliProgress.SingleBar(
          {
            stream: this.stream,
            format:
              'epoch {epoch}/{epochs} {bar} {percentage}% | {value}/{total} samples | ' +
              'ETA epoch {eta_formatted}, run {runEta}',
            barsize: 16,
            // The terminal is left as it is, so that a run killed outright (a second Ctrl-C,
            // SIGKILL) cannot leave it changed: the cursor stays visible, and line wrapping
            // stays on (cli-progress cuts the bar to the terminal's width instead).
            hideCursor: false,
            linewrap: true,
            clearOnComplete: true,
            etaBuffer: 40,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  }

  /** A message of its own, such as what is being loaded. */
  note(message: string): void {
    this.stream.write(`${message}\n`);
  }

  /** Starts an epoch of `samples` training samples. */
  startEpoch(epoch: number, samples: number): void {
    this.runStarted ??= performance.now();
    this.epoch = epoch;
    this.samplesPerEpoch = samples;
    this.bar?.start(samples, 0, this.payload(0));
  }

  /** Reports the samples trained on so far in this epoch. */
  update(done: number): void {
    this.bar?.update(done, this.payload(done));
  }

  /** Ends the epoch: clears the bar, or prints the plain line. */
  endEpoch(record: EpochRecord): void {
    this.finishedEpochs++;
    if (this.bar) {
      this.bar.stop();
      return;
    }
    const accuracies =
      `train ${formatPercent(record.trainAccuracy)}, ` +
      `test ${formatPercent(record.testAccuracy)}`;
    this.stream.write(
      `epoch ${record.epoch}/${this.options.epochs}: loss ${record.loss.toFixed(4)}, ` +
        `${accuracies}, ${record.seconds.toFixed(1)} s\n`,
    );
  }

  /** Stops a bar that is still drawn, so that an error message starts on a clean line. */
  stop(): void {
    this.bar?.stop();
  }

  // The run's ETA assumes the remaining samples go as fast as those so far, evaluation included.
  private payload(done: number): Record<string, string | number> {
    const total = this.samplesPerEpoch * this.options.epochs;
    const finished = this.samplesPerEpoch * this.finishedEpochs + done;
    const elapsed = (performance.now() - (this.runStarted ?? performance.now())) / 1000;
    const runEta = finished > 0 ? formatDuration((elapsed / finished) * (total - finished)) : '?';
    return { epoch: this.epoch, epochs: this.options.epochs, runEta };
  }
}
