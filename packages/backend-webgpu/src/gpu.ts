import { RectifierError } from '@rectifier/core';

/** TensorFlow.js core, loaded after the GPU is in place. */
export type Tf = typeof import('@tensorflow/tfjs-core');

/** What to install or set when no WebGPU adapter can be had in Node. */
export const ADAPTER_HELP =
  'In Node, WebGPU comes from the `webgpu` package (Dawn), which needs the Vulkan loader ' +
  '(`apt-get install libvulkan1`) and a Vulkan driver; on a machine without a GPU use ' +
  "SwiftShader from Debian's chromium package (`apt-get install libvulkan1 chromium`) and set " +
  'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json. In a browser, use one with ' +
  'WebGPU enabled (navigator.gpu).';

function noAdapter(why: string, cause?: unknown): RectifierError {
  return new RectifierError(
    'BACKEND_NOT_INSTALLED',
    `The webgpu backend found no WebGPU adapter: ${why}. ${ADAPTER_HELP}`,
    cause === undefined ? undefined : { cause },
  );
}

/** The little of the WebGPU API this module touches. */
export interface GpuLike {
  requestAdapter(): Promise<object | null>;
}

interface NavigatorLike {
  gpu?: GpuLike;
}

/** tfjs-backend-webgpu, loaded with TensorFlow.js; custom WGSL programs need its helpers. */
export type TfWebGpu = typeof import('@tensorflow/tfjs-backend-webgpu');

let ready: Promise<Tf> | undefined;
let webgpuModule: TfWebGpu | undefined;

/** tfjs-backend-webgpu, once `acquireTf()` has loaded it. */
export function tfWebGpu(): TfWebGpu {
  if (!webgpuModule) throw new Error('tfjs-backend-webgpu is not loaded yet; await acquireTf().');
  return webgpuModule;
}

/**
 * Puts Dawn's `navigator.gpu` in place in Node, from the `webgpu` package, and returns it; a
 * browser's own, or one already in place, is left alone. tfjs-backend-webgpu registers its
 * backend only if navigator.gpu is there when it is imported, so this comes first.
 */
export async function installWebGpu(): Promise<GpuLike> {
  const scope = globalThis as { navigator?: NavigatorLike };
  if (scope.navigator?.gpu) return scope.navigator.gpu;
  let dawn: { create(flags: string[]): GpuLike; globals: Record<string, unknown> };
  try {
    dawn = (await import('webgpu')) as unknown as typeof dawn;
  } catch (error) {
    throw noAdapter(`the \`webgpu\` package could not be loaded (${String(error)})`, error);
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

async function load(): Promise<Tf> {
  const gpu = await installWebGpu();
  let adapter: object | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    throw noAdapter(`requestAdapter() failed (${String(error)})`, error);
  }
  if (!adapter) {
    const icd = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env?.VK_ICD_FILENAMES;
    throw noAdapter(
      `requestAdapter() returned null (VK_ICD_FILENAMES is ${icd ? `'${icd}'` : 'unset'})`,
    );
  }
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  webgpuModule = (await import('@tensorflow/tfjs-backend-webgpu')) as TfWebGpu;
  let selected = false;
  try {
    selected = await tf.setBackend('webgpu');
  } catch (error) {
    throw noAdapter(`TensorFlow.js could not start its webgpu backend (${String(error)})`, error);
  }
  if (!selected) throw noAdapter('TensorFlow.js could not start its webgpu backend');
  return tf;
}

/**
 * TensorFlow.js on its WebGPU backend, made once per process: the adapter is acquired
 * asynchronously; when none can be had, a RectifierError says why and what to install.
 */
export function acquireTf(): Promise<Tf> {
  ready ??= load().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}
