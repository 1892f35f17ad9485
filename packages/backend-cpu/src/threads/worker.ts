// A worker of a ThreadPool. It sleeps in Atomics.wait until the pool opens a job, claims and
// runs tasks until none are left, and sleeps again. It never returns to its event loop, so it
// takes messages (shared buffers and releases) synchronously from its port.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { GEMM_TASK, runGemmTask } from '../kernels/gemm/parallel-gemm.js';
import {
  KIND,
  ONLINE,
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

/** The task runners by kind. */
const runners: (TaskRunner | undefined)[] = [];
runners[GEMM_TASK] = runGemmTask;

const { control: controlBuffer, floats, port } = workerData as WorkerData;
const control = new Int32Array(controlBuffer);
const floatBuffers = new Map<number, Float32Array>();
const intBuffers = new Map<number, Int32Array>();
let local = new Float32Array(0);

const context: TaskContext = {
  ints: control.subarray(PARAMETERS, PARAMETERS + PARAMETER_COUNT),
  floats: new Float64Array(floats),
  floatBuffer(id) {
    const buffer = floatBuffers.get(id);
    if (!buffer) throw new Error(`Shared buffer ${id} never reached this worker.`);
    return buffer;
  },
  intBuffer(id) {
    const buffer = intBuffers.get(id);
    if (!buffer) throw new Error(`Shared buffer ${id} never reached this worker.`);
    return buffer;
  },
  scratch(length) {
    if (local.length < length) local = new Float32Array(length);
    return local;
  },
};

/** Takes in the buffers the pool registered and released since the last job. */
function receiveBuffers(): void {
  for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
    const { id, buffer } = received.message as WorkerMessage;
    if (buffer) {
      const length = buffer.byteLength >> 2;
      floatBuffers.set(id, new Float32Array(buffer, 0, length));
      intBuffers.set(id, new Int32Array(buffer, 0, length));
    } else {
      floatBuffers.delete(id);
      intBuffers.delete(id);
    }
  }
}

Atomics.add(control, ONLINE, 1);
let seen = 0;
for (;;) {
  Atomics.wait(control, SEQUENCE, seen);
  seen = Atomics.load(control, SEQUENCE);
  if (Atomics.load(control, STOP) === 1) break;
  receiveBuffers();

  const runner = runners[control[KIND] as number];
  if (!runner) continue;
  const failure = workOn(control, tagOf(seen), runner, context, WORKER_TASKS);
  if (failure !== undefined) {
    port.postMessage({ error: failure instanceof Error ? failure.stack : String(failure) });
  }
}
port.close();
