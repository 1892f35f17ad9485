import * as tf from '@tensorflow/tfjs-core';

// tfjs-backend-webgpu used directly, as an application in Node would: Dawn from the `webgpu`
// package becomes navigator.gpu, then tfjs-backend-webgpu is imported, which registers its
// backend only if navigator.gpu is there. These are the few lines of
// @rectifier/backend-webgpu's gpu.ts, which does not export them; a navigator.gpu already in
// place (that module's, when rectifier-webgpu was set up first) is used as it is.

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
}

interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
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
  const gpu = await installGpu();
  const adapter = await gpu.requestAdapter();
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

async function installGpu(): Promise<GpuLike> {
  const scope = globalThis as { navigator?: { gpu?: GpuLike } };
  if (scope.navigator?.gpu) return scope.navigator.gpu;
  let dawn: { create(flags: string[]): GpuLike; globals: Record<string, unknown> };
  try {
    dawn = (await import('webgpu')) as unknown as typeof dawn;
  } catch (error) {
    throw new Error(`the \`webgpu\` package could not be loaded (${String(error)})`);
  }
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  }
  const gpu = dawn.create([]);
  if (!scope.navigator) {
    Object.defineProperty(globalThis, 'navigator', {
      value: {},
      configurable: true,
      writable: true,
    });
  }
  Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  return gpu;
}
