// Growing buffers shared by every prepared product. Kernels run one at a time on one thread,
// so products never overlap; a product prepared before a buffer grew keeps the older, smaller
// buffer, which is still large enough for it.
let shared = new Float32Array(0);
let sharedSteps = new Int32Array(0);

/**
 * A float32 work area of at least `length` values, shared between kernels. Call it when a
 * kernel is prepared, never while it runs, and keep the result.
 */
export function scratch(length: number): Float32Array {
  if (shared.length < length) shared = new Float32Array(length);
  return shared;
}

/** An int32 work area of at least `length` values, shared between kernels like `scratch`. */
export function stepScratch(length: number): Int32Array {
  if (sharedSteps.length < length) sharedSteps = new Int32Array(length);
  return sharedSteps;
}
