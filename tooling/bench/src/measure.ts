import type { Contender, ContenderName } from './contender.js';
import type { RssSampler } from './memory.js';

/** How long each contender is timed. */
export interface Budget {
  /** Timed epochs each contender runs at least, unless `maxSeconds` runs out first. */
  readonly minEpochs: number;
  /** Timed seconds each contender runs at least. */
  readonly minSeconds: number;
  /** Timed seconds after which a contender stops, once it has one timed epoch. */
  readonly maxSeconds: number;
  /** Seconds each contender trains per turn before the next takes over. */
  readonly sliceSeconds: number;
}

/** One epoch as measured from outside the framework. */
export interface EpochTiming {
  readonly epoch: number;
  readonly seconds: number;
  readonly loss: number;
  readonly samplesPerSecond: number;
}

/** Everything measured of one contender. */
export interface Measurement {
  readonly name: ContenderName;
  readonly details: string;
  readonly warmUp: EpochTiming;
  readonly epochs: EpochTiming[];
}

/** A contender not yet set up. */
export interface ContenderFactory {
  readonly name: ContenderName;
  /**
   * Whether a failure to set up means the contender is unavailable here (a GPU contender
   * with no WebGPU adapter) rather than an error of the bench.
   */
  readonly optional?: boolean;
  create(): Promise<Contender>;
}

/** A contender that could not be set up on this machine, and why. */
export interface Unavailable {
  readonly name: ContenderName;
  readonly reason: string;
}

/** What `measure` found: the contenders that trained, and those that could not be set up. */
export interface MeasureResult {
  readonly measurements: Measurement[];
  readonly unavailable: Unavailable[];
}

/**
 * Sets up every contender and warms it up with one untimed epoch, then times epochs in
 * turns of about `sliceSeconds` each, so that a slow spell of a shared machine falls on
 * all contenders alike rather than on whichever ran then.
 */
export async function measure(
  factories: readonly ContenderFactory[],
  samples: number,
  budget: Budget,
  sampler: RssSampler,
  log: (line: string) => void,
): Promise<MeasureResult> {
  const running: { contender: Contender; measurement: Measurement }[] = [];
  const unavailable: Unavailable[] = [];
  for (const factory of factories) {
    log(`${factory.name}: setting up and warming up`);
    let contender: Contender;
    try {
      contender = await factory.create();
    } catch (error) {
      if (!factory.optional) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      log(`${factory.name}: unavailable: ${reason}`);
      unavailable.push({ name: factory.name, reason });
      continue;
    }
    const warmUp = await timeEpoch(contender, 0, samples, sampler);
    running.push({
      contender,
      measurement: {
        name: contender.name,
        details: contender.details,
        warmUp,
        epochs: [],
      },
    });
  }

  let waiting = running;
  while (waiting.length > 0) {
    for (const { contender, measurement } of waiting) {
      let slice = 0;
      do {
        const timing = await timeEpoch(contender, measurement.epochs.length + 1, samples, sampler);
        measurement.epochs.push(timing);
        slice += timing.seconds;
      } while (slice < budget.sliceSeconds && !isDone(measurement, budget));
      log(`${contender.name}: ${measurement.epochs.length} timed epochs`);
    }
    waiting = waiting.filter(({ measurement }) => !isDone(measurement, budget));
  }

  for (const { contender } of running) contender.dispose();
  return { measurements: running.map(({ measurement }) => measurement), unavailable };
}

async function timeEpoch(
  contender: Contender,
  epoch: number,
  samples: number,
  sampler: RssSampler,
): Promise<EpochTiming> {
  const started = performance.now();
  const loss = await contender.trainEpoch(epoch, () => sampler.sample());
  const seconds = (performance.now() - started) / 1000;
  return { epoch, seconds, loss, samplesPerSecond: samples / seconds };
}

function isDone(measurement: Measurement, budget: Budget): boolean {
  const seconds = timedSeconds(measurement);
  if (measurement.epochs.length >= 1 && seconds >= budget.maxSeconds) return true;
  return measurement.epochs.length >= budget.minEpochs && seconds >= budget.minSeconds;
}

/** The seconds of all timed epochs together. */
export function timedSeconds(measurement: Measurement): number {
  return measurement.epochs.reduce((sum, timing) => sum + timing.seconds, 0);
}

/** Throughput over the timed epochs: the median epoch's, the range, and the overall mean. */
export function throughput(measurement: Measurement): {
  median: number;
  min: number;
  max: number;
  mean: number;
} {
  const rates = measurement.epochs.map((timing) => timing.samplesPerSecond).sort((a, b) => a - b);
  const middle = Math.floor(rates.length / 2);
  const median =
    rates.length % 2 === 1
      ? (rates[middle] as number)
      : ((rates[middle - 1] as number) + (rates[middle] as number)) / 2;
  const samples = measurement.epochs.reduce(
    (sum, timing) => sum + timing.samplesPerSecond * timing.seconds,
    0,
  );
  return {
    median,
    min: rates[0] as number,
    max: rates[rates.length - 1] as number,
    mean: samples / timedSeconds(measurement),
  };
}
