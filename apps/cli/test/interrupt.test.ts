import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, Program } from '@rectifier/core';
import type { EpochRecord } from '@rectifier/nn';
import { InterruptedError, Interruption, withCheckpoints } from '../src/interrupt.js';
import { TrainingProgress } from '../src/progress.js';

let interruption: Interruption | undefined;
afterEach(() => interruption?.stop());

describe('Interruption', () => {
  it('turns SIGINT into an InterruptedError at the next checkpoint, exit code 130', async () => {
    interruption = new Interruption().start();
    await interruption.checkpoint();
    process.emit('SIGINT', 'SIGINT');
    const error = await interruption.checkpoint().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
  });

  it('tells as soon as the first signal is handled, before any checkpoint, and only once', () => {
    const seen: string[] = [];
    interruption = new Interruption((signal) => seen.push(signal)).start();
    process.emit('SIGINT', 'SIGINT');
    expect(seen).toEqual(['SIGINT']);
    // The listener is gone: a second signal is the default action's, not the run's.
    process.emit('SIGINT', 'SIGINT');
    expect(seen).toEqual(['SIGINT']);
    expect(() => interruption!.throwIfInterrupted()).toThrow(InterruptedError);
  });

  it('gives SIGTERM exit code 143, and leaves a second signal to the default action', () => {
    const before = ['SIGINT', 'SIGTERM'].map((signal) => process.listenerCount(signal));
    interruption = new Interruption().start();
    expect(process.listenerCount('SIGTERM')).toBe(before[1]! + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(['SIGINT', 'SIGTERM'].map((signal) => process.listenerCount(signal))).toEqual(before);
    let error: unknown;
    try {
      interruption.throwIfInterrupted();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(143);
  });
});

describe('withCheckpoints', () => {
  // A program whose runs settle at once, as the CPU backend's do: a loop of them never lets
  // a timer, or a signal handler, run.
  const program: Program = {
    graph: { name: 'g' } as unknown as Program['graph'],
    run: () => Promise.resolve({}),
    readParameter: () => Promise.resolve(new Float32Array(1)),
    writeParameter: () => Promise.resolve(),
    dispose: () => undefined,
  };
  const backend = {
    name: 'fake',
    precision: 'float32',
    compile: () => Promise.resolve(program),
    dispose: () => Promise.resolve(),
  } as unknown as Backend;

  it('lets the event loop run before each run of a compiled program', async () => {
    let checkpoints = 0;
    const checked = withCheckpoints(backend, async () => {
      checkpoints++;
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    expect(checked.name).toBe('fake');
    const compiled = await checked.compile(program.graph);
    expect(compiled.graph).toBe(program.graph);

    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const started = Date.now();
    // Without the checkpoints this loop would spin until the deadline with the timer unrun.
    while (!timerRan && Date.now() - started < 1000) await compiled.run({});
    expect(timerRan).toBe(true);
    expect(checkpoints).toBeGreaterThan(0);
  });

  it('stops the runs once interrupted', async () => {
    interruption = new Interruption().start();
    const compiled = await withCheckpoints(backend, () => interruption!.checkpoint()).compile(
      program.graph,
    );
    await compiled.run({});
    process.emit('SIGINT', 'SIGINT');
    await expect(compiled.run({})).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('TrainingProgress on a terminal', () => {
  it('never turns line wrapping off, so that a killed run leaves the terminal as it was', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const progress = new TrainingProgress({
      epochs: 2,
      bar: true,
      stream: stream as unknown as NodeJS.WriteStream,
    });
    progress.startEpoch(1, 100);
    progress.update(50);
    progress.endEpoch({ epoch: 1 } as EpochRecord);
    progress.startEpoch(2, 100);
    progress.update(10);
    progress.stop();
    expect(written).toContain('epoch 1/2');
    expect(written).not.toContain('\x1b[?7l');
    // Each drawn bar fits the terminal's 80 columns.
    // eslint-disable-next-line no-control-regex -- the escapes are what is being split off
    const drawn = written.split(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]|\r|\n/).filter(Boolean);
    for (const text of drawn) expect(text.length).toBeLessThanOrEqual(80);
  });
});
