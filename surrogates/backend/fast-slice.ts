/**
 * Replacements for the wasm backend's `Slice`, `SplitV`, `Unpack` and `Concat` kernels. The stock `Slice` copies
 * the whole input out of the wasm heap for every slice, so splitting a tensor into n pieces makes n full copies
 * (`split` into 64 pieces: ~100 ms instead of ~0.3 ms), and the stock `Concat` makes a typed-array view per copied
 * run. These copy only the requested elements, as memmoves inside the heap.
 */

import { backend_util, slice_util, util } from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { heapOf, heapOffset, type WasmBackendInternals } from './wasm-internals.js';

/** Copies the box `begin .. begin+size` of `x` into a new tensor, reading the input in place. */
function sliceInPlace(backend: WasmBackendInternals, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const total = util.sizeFromShape(size);
  if (total === 0) return out;
  // The heap view is made after makeOutput: an allocation may grow the heap and detach older views. Copies are
  // memmoves within the heap (copyWithin), with no per-run view objects.
  const heap = heapOf(backend, x.dtype);
  const source = heapOffset(backend, x) / heap.BYTES_PER_ELEMENT;
  const target = heapOffset(backend, out) / heap.BYTES_PER_ELEMENT;
  const strides = util.computeStrides(x.shape);
  if (slice_util.isSliceContinous(x.shape, begin, size)) {
    const start = source + slice_util.computeFlatOffset(begin, strides);
    heap.copyWithin(target, start, start + total);
    return out;
  }
  // Copy contiguous runs along the last axis; walk the outer axes with an odometer.
  const rank = x.shape.length;
  const run = size[rank - 1];
  const index = new Array<number>(rank - 1).fill(0);
  for (let written = 0; written < total; written += run) {
    let offset = source + begin[rank - 1];
    for (let axis = 0; axis < rank - 1; axis++) offset += (begin[axis] + index[axis]) * strides[axis];
    heap.copyWithin(target + written, offset, offset + run);
    for (let axis = rank - 2; axis >= 0; axis--) {
      if (++index[axis] < size[axis]) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** Builds the replacement `Slice` kernel; string tensors go to `stock`. */
export function makeFastSlice(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return stock(args);
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const [begin_, size_] = slice_util.parseSliceParams(x, begin, size);
    return sliceInPlace(args.backend as unknown as WasmBackendInternals, x, begin_, size_);
  };
}

/** Builds the replacement `SplitV` kernel (consecutive slices along one axis); string tensors go to `stock`. */
export function makeFastSplitV(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return stock(args);
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const ax = util.parseAxisParam(axis, x.shape)[0];
    const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, ax);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = x.shape.slice();
      size[ax] = s;
      const piece = sliceInPlace(args.backend as unknown as WasmBackendInternals, x, begin.slice(), size);
      begin[ax] += s;
      return piece;
    });
  };
}

/** Builds the replacement `Concat` kernel; string tensors go to `stock`. */
export function makeFastConcat(stock: KernelFunc): KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    if (inputs[0].dtype === 'string') return stock(args);
    const backend = args.backend as unknown as WasmBackendInternals;
    const axis = util.parseAxisParam((args.attrs as unknown as { axis: number }).axis, inputs[0].shape)[0];
    backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
    const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const parts = inputs.filter((t) => util.sizeFromShape(t.shape) > 0);
    const out = backend.makeOutput(outShape, inputs[0].dtype);
    if (parts.length === 0) return out;
    // Each input contributes one run of `inner` elements per outer index.
    const heap = heapOf(backend, out.dtype);
    const target = heapOffset(backend, out) / heap.BYTES_PER_ELEMENT;
    const outer = util.sizeFromShape(outShape.slice(0, axis));
    const inner = parts.map((t) => util.sizeFromShape(t.shape.slice(axis)));
    const sources = parts.map((t) => heapOffset(backend, t) / heap.BYTES_PER_ELEMENT);
    const width = inner.reduce((a, b) => a + b, 0);
    for (let b = 0; b < outer; b++) {
      let written = target + b * width;
      for (let i = 0; i < parts.length; i++) {
        const from = sources[i] + b * inner[i];
        heap.copyWithin(written, from, from + inner[i]);
        written += inner[i];
      }
    }
    return out;
  };
}

/** Builds the replacement `Unpack` kernel (`unstack`); string tensors go to `stock`. */
export function makeFastUnpack(stock: KernelFunc): KernelFunc {
  return (args) => {
    const value = (args.inputs as { value: TensorInfo }).value;
    if (value.dtype === 'string') return stock(args);
    const rank = value.shape.length;
    let axis = (args.attrs as unknown as { axis: number }).axis;
    if (axis < 0) axis += rank;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const size = value.shape.slice();
    size[axis] = 1;
    const begin = new Array<number>(rank).fill(0);
    const outs: TensorInfo[] = [];
    for (let i = 0; i < value.shape[axis]; i++) {
      begin[axis] = i;
      const piece = sliceInPlace(args.backend as unknown as WasmBackendInternals, value, begin.slice(), size);
      outs.push({ dataId: piece.dataId, dtype: piece.dtype, shape: outShape });
    }
    return outs;
  };
}
