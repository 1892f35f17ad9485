import type { MessagePort, Worker } from 'node:worker_threads';
import {
  DONE,
  FAILED,
  FLOAT_PARAMETER_COUNT,
  MAX_TASKS,
  ONLINE,
  openJob,
  PARAMETER_COUNT,
  PARAMETERS,
  SEQUENCE,
  STOP,
  tagOf,
  WORKER_TASKS,
  workOn,
  type TaskContext,
  type TaskRunner,
  type WorkerData,
  type WorkerMessage,
} from './jobs.js';

type WorkerThreads = typeof import('node:worker_threads');

/** Node's worker_threads, or undefined where there is none (browsers). */
export function workerThreads(): WorkerThreads | undefined {
  return globalThis.process?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
}

/** The worker's script. */
function workerUrl(): URL {
  // Built, this module sits next to worker.js. Tests run it from its TypeScript source, which
  // a worker cannot load, so their workers run the build: build before testing threads.
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist/threads/worker.js', import.meta.url)
    : new URL('./worker.js', import.meta.url);
}

/** A registered buffer as the tasks on this thread see it. */
interface BufferViews {
  readonly floats: Float32Array;
  readonly ints: Int32Array;
}

interface WorkerHandle {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/**
 * Threads that share the work of large kernels: the calling thread and `threads - 1` workers,
 * started on the first job and unreferenced, so that they never keep a process alive. A job
 * is split into tasks; every thread claims tasks until none are left, the calling thread
 * included, which then waits for the others with Atomics.wait. A worker that starts late or
 * is descheduled thus only does fewer tasks. Buffers that tasks read or write must be
 * SharedArrayBuffers registered with `register`.
 */
export class ThreadPool {
  /** The job's integer parameters, which the caller sets before `run`. */
  readonly ints: Int32Array;
  /** The job's float parameters, which the caller sets before `run`. */
  readonly floats: Float64Array;
  private readonly control = new Int32Array(
    new SharedArrayBuffer(4 * (PARAMETERS + PARAMETER_COUNT)),
  );
  private readonly workers: WorkerHandle[] = [];
  // Registered buffers by id, held weakly: a buffer lives as long as the program's plans.
  private readonly ids = new WeakMap<SharedArrayBuffer, number>();
  private readonly buffers = new Map<number, WeakRef<SharedArrayBuffer>>();
  private readonly views = new WeakMap<SharedArrayBuffer, BufferViews>();
  private readonly released = new FinalizationRegistry<number>((id) => this.release(id));
  private readonly context: TaskContext;
  private sharedFloatArray = new Float32Array(new SharedArrayBuffer(0));
  private sharedIntArray = new Int32Array(new SharedArrayBuffer(0));
  private local = new Float32Array(0);
  private sequence = 0;
  private nextId = 1;
  private started = false;
  private disposed = false;

  /** A pool of `threads` threads in all, this one included. */
  constructor(readonly threads: number) {
    this.ints = this.control.subarray(PARAMETERS, PARAMETERS + PARAMETER_COUNT);
    this.floats = new Float64Array(new SharedArrayBuffer(8 * FLOAT_PARAMETER_COUNT));
    this.context = {
      ints: this.ints,
      floats: this.floats,
      floatBuffer: (id) => this.viewsOf(id).floats,
      intBuffer: (id) => this.viewsOf(id).ints,
      scratch: (length) => {
        if (this.local.length < length) this.local = new Float32Array(length);
        return this.local;
      },
    };
  }

  /** How many workers have started and are waiting for jobs. */
  get onlineWorkers(): number {
    return Atomics.load(this.control, ONLINE);
  }

  /** How many tasks the workers have run, over the pool's life; the rest ran on this thread. */
  get workerTasks(): number {
    return Atomics.load(this.control, WORKER_TASKS);
  }

  /**
   * Shared float32 scratch of at least `length` values, for data that every thread of a job
   * reads. It is the same array until a larger one is asked for, so kernels reserve theirs
   * when they are prepared and fetch it again on each run.
   */
  sharedFloats(length: number): Float32Array {
    if (this.sharedFloatArray.length < length) {
      this.sharedFloatArray = new Float32Array(new SharedArrayBuffer(4 * length));
    }
    return this.sharedFloatArray;
  }

  /** Shared int32 scratch of at least `length` values, like `sharedFloats`. */
  sharedInts(length: number): Int32Array {
    if (this.sharedIntArray.length < length) {
      this.sharedIntArray = new Int32Array(new SharedArrayBuffer(4 * length));
    }
    return this.sharedIntArray;
  }

  /** The id under which workers know a shared buffer; the first call hands it to them. */
  register(buffer: SharedArrayBuffer): number {
    let id = this.ids.get(buffer);
    if (id !== undefined) return id;

    this.start();
    id = this.nextId++;
    this.ids.set(buffer, id);
    this.buffers.set(id, new WeakRef(buffer));
    const length = buffer.byteLength >> 2;
    this.views.set(buffer, {
      floats: new Float32Array(buffer, 0, length),
      ints: new Int32Array(buffer, 0, length),
    });
    this.released.register(buffer, id);
    for (const { port } of this.workers) port.postMessage({ id, buffer } satisfies WorkerMessage);
    return id;
  }

  /**
   * Runs `tasks` tasks of a job: `runner` here, the runner of `kind` on the workers. It
   * returns when all are done and throws the first error any of them threw.
   */
  run(kind: number, runner: TaskRunner, tasks: number): void {
    if (this.disposed) throw new Error('The thread pool has been disposed.');
    if (!(tasks >= 1 && tasks <= MAX_TASKS)) {
      throw new Error(`A job has 1 to ${MAX_TASKS} tasks; got ${tasks}.`);
    }
    this.start();
    const control = this.control;
    this.sequence = (this.sequence + 1) & 0x7fffffff;
    openJob(control, this.sequence, kind, tasks);
    Atomics.notify(control, SEQUENCE);

    const failure = workOn(control, tagOf(this.sequence), runner, this.context);
    // Only tasks that a worker has claimed are left, and a worker finishes what it claims: its
    // tasks catch their errors and allocate nothing.
    for (let done = Atomics.load(control, DONE); done < tasks; done = Atomics.load(control, DONE)) {
      Atomics.wait(control, DONE, done);
    }

    if (failure !== undefined) throw failure;
    if (Atomics.load(control, FAILED) === 1) throw new Error(this.workerFailure());
  }

  /** Stops the workers; the pool cannot run jobs afterwards. */
  async dispose(): Promise<void> {
    this.disposed = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, SEQUENCE, 1);
    Atomics.notify(this.control, SEQUENCE);
    const workers = this.workers.splice(0);
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  /** Starts the workers now rather than on the first job; later calls do nothing. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    const threads = workerThreads();
    if (!threads) return;

    for (let index = 1; index < this.threads; index++) {
      const { port1, port2 } = new threads.MessageChannel();
      const workerData: WorkerData = {
        control: this.control.buffer as SharedArrayBuffer,
        floats: this.floats.buffer as SharedArrayBuffer,
        port: port2,
      };
      // No execArgv of ours: `node -e` would hand the worker the script to run again.
      const worker = new threads.Worker(workerUrl(), {
        workerData,
        transferList: [port2],
        execArgv: [],
      });
      // A worker that cannot start never claims a task, so its jobs run here instead.
      worker.on('error', () => undefined);
      worker.unref();
      port1.unref();
      this.workers.push({ worker, port: port1 });
    }
  }

  /** The views of a registered buffer. */
  private viewsOf(id: number): BufferViews {
    const buffer = this.buffers.get(id)?.deref();
    const views = buffer && this.views.get(buffer);
    if (!views) throw new Error(`Shared buffer ${id} is not registered with the pool.`);
    return views;
  }

  /** Tells the workers to drop a buffer the program no longer holds. */
  private release(id: number): void {
    this.buffers.delete(id);
    for (const { port } of this.workers) port.postMessage({ id } satisfies WorkerMessage);
  }

  /** The message of the first error a worker reported. */
  private workerFailure(): string {
    const receive = workerThreads()?.receiveMessageOnPort;
    for (const { port } of this.workers) {
      const received = receive?.(port)?.message as { error?: string } | undefined;
      if (received?.error) return `A worker thread failed: ${received.error}`;
    }
    return 'A worker thread failed on a task.';
  }
}
