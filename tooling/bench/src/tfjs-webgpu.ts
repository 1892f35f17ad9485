import { installWebGpu } from '@rectifier/backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';

// tfjs-backend-webgpu used directly, as an application in Node would: Dawn from the `webgpu`
// package becomes navigator.gpu (installWebGpu, the same few lines @rectifier/backend-webgpu
// runs), then tfjs-backend-webgpu is imported, which registers its backend only if
// navigator.gpu is there.

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
}

let ready: Promise<string> | undefined;

/**
 * Starts tfjs's webgpu backend once per process and returns what the adapter says it is.
 * When no adapter can be had it rejects with the reason.
 */
export function setUpTfjsWebGpu(): Promise<string> {
  ready ??= load().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

async function load(): Promise<string> {
  const gpu = await installWebGpu();
  const adapter = (await gpu.requestAdapter()) as GpuAdapterLike | null;
  if (!adapter) {
    const icd = process.env.VK_ICD_FILENAMES;
    throw new Error(
      `requestAdapter() returned null (VK_ICD_FILENAMES is ${icd ? `'${icd}'` : 'unset'})`,
    );
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) {
    throw new Error("tfjs could not start its 'webgpu' backend");
  }
  const info = adapter.info;
  const words = [info?.vendor, info?.architecture, info?.description].filter(Boolean);
  return words.length > 0 ? words.join(' ') : 'unknown adapter';
}
