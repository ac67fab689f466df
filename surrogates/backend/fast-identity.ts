/**
 * A zero-copy replacement for the wasm backend's `Identity` kernel. The stock kernel copies the tensor's memory,
 * and tfjs clones (runs `Identity` on) every tensor an op saves for its gradient, so a training step made a
 * full copy of most activations. Tensor data is immutable in tfjs, so the clone can share the data (with a
 * reference count), as the cpu backend's `Identity` does.
 */

import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/** The backend method used here. */
interface RefCounting {
  incRef(dataId: object): void;
}

/** Builds the replacement `Identity` kernel; string tensors go to `stock`. */
export function makeFastIdentity(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return stock(args);
    (args.backend as unknown as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
