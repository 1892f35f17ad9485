import type { Backend } from './backend.js';
import type { DType, TypedArrayFor } from './dtype.js';
import { sizeOf } from './shape.js';

/**
 * A tensor whose storage a backend owns. Values are read back asynchronously, since a GPU or
 * ONNX Runtime may still be computing them. The type parameter is the dtype, so that `data()`
 * of a float32 tensor is typed as a Float32Array.
 *
 * @example
 * const x = backend.tensor([-1, 0, 2], [3]);
 * await x.data(); // Float32Array [-1, 0, 2]
 */
export class Tensor<D extends DType = DType> {
  constructor(
    readonly backend: Backend,
    readonly shape: readonly number[],
    readonly dtype: D,
    /** The backend's own storage: a typed array, an ORT tensor, a GPU buffer. */
    readonly handle: unknown,
  ) {}

  /** The number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** The values, in row-major order, in a new typed array of the tensor's dtype. */
  data(): Promise<TypedArrayFor[D]> {
    return this.backend.download(this) as Promise<TypedArrayFor[D]>;
  }

  /** Frees the storage; the tensor must not be used afterwards. */
  dispose(): void {
    this.backend.release(this);
  }
}
