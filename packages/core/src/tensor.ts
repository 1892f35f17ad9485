import type { Backend } from './backend.js';
import type { DType, TypedArrayFor } from './dtype.js';
import { ArgumentError } from './errors.js';
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

/**
 * For backends: the storage of one of `backend`'s own tensors, or an ArgumentError for another
 * backend's tensor (read it with tensor.data()) or for one that `released` says was freed.
 */
export function ownHandle<H>(backend: Backend, tensor: Tensor, released: boolean): H {
  if (tensor.backend !== backend) {
    throw new ArgumentError(
      `This tensor belongs to the ${tensor.backend.name} backend; read it with tensor.data().`,
    );
  }
  if (released) throw new ArgumentError('This tensor was released; it can no longer be read.');
  return tensor.handle as H;
}
