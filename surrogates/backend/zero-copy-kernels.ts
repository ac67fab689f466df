/**
 * Zero-copy replacements for the wasm backend's `Identity` and same-dtype `Cast` kernels. The stock kernels copy
 * the tensor's memory, and tfjs runs them constantly while training: every tensor an op saves for its gradient is
 * cloned (`Identity`), and the gradient of every multiplication casts its inputs to float32 (`Cast`). Tensor data
 * is immutable in tfjs, so the result can share the data with a reference count, as on the cpu backend.
 */

import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/** The backend method used here. */
interface RefCounting {
  incRef(dataId: object): void;
}

/** `x` itself under a new tensor handle. */
function share(backend: unknown, x: TensorInfo): TensorInfo {
  (backend as RefCounting).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Builds the replacement `Identity` kernel; string tensors go to `stock`. */
export function makeFastIdentity(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    return x.dtype === 'string' ? stock(args) : share(args.backend, x);
  };
}

/** Builds the replacement `Cast` kernel: a cast to the tensor's own dtype shares its data; other casts go to `stock`. */
export function makeFastCast(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const { dtype } = args.attrs as unknown as { dtype: string };
    return x.dtype === dtype && x.dtype !== 'string' ? share(args.backend, x) : stock(args);
  };
}
