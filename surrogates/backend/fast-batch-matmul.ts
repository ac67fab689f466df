/**
 * A replacement for the wasm backend's `BatchMatMul` kernel that keeps every matrix product on XNNPACK's fast
 * 2-D path. The stock kernel uses XNNPACK only for batch size 1 without transpose flags and otherwise runs a
 * scalar loop (10–25× slower): attention's QKᵀ and AV products and every matmul gradient hit that loop.
 *
 * Here transpose flags become explicit `Transpose` kernel calls, a right operand shared by the whole batch turns
 * the product into one `[batch·M, K]·[K, N]` call, and otherwise each batch item runs as its own batch-1 call on
 * zero-copy views into the operands' and the output's heap memory.
 */

import { broadcast_util, util } from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { cppId, heapOffset, registerView, releaseView, shapeBytes, type WasmBackendInternals } from './wasm-internals.js';

/** The C entry point `BatchMatMul(aId, aShape, aRank, bId, bShape, bRank, transposeA, transposeB, outId)`. */
type CBatchMatMul = (
  aId: number, aShape: Uint8Array, aRank: number,
  bId: number, bShape: Uint8Array, bRank: number,
  transposeA: boolean, transposeB: boolean, outId: number,
) => void;

/** Below this many multiply-adds per batch item, XNNPACK operator setup costs more than the scalar loop saves. */
const MIN_ITEM_WORK = 4096;

const entryPoints = new WeakMap<WasmBackendInternals, CBatchMatMul>();

function cBatchMatMul(backend: WasmBackendInternals): CBatchMatMul {
  let fn = entryPoints.get(backend);
  if (fn === undefined) {
    fn = backend.wasm.cwrap('BatchMatMul', null, [
      'number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number',
    ]) as CBatchMatMul;
    entryPoints.set(backend, fn);
  }
  return fn;
}

/** Swaps the last two axes with the backend's own `Transpose` kernel. */
type TransposeLastTwo = (x: TensorInfo) => TensorInfo;

/**
 * Builds the replacement kernel function. `stock` is the original kernel (used for non-float32 inputs, empty
 * matrices, tiny batch items and broadcasting patterns other than "same batch" or "one side shared");
 * `transposeKernel` is the backend's `Transpose` kernel function.
 */
export function makeFastBatchMatMul(stock: KernelFunc, transposeKernel: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackendInternals;
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);

    const rankA = a.shape.length;
    const rankB = b.shape.length;
    const m = transposeA ? a.shape[rankA - 1] : a.shape[rankA - 2];
    const k = transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1];
    const kB = transposeB ? b.shape[rankB - 1] : b.shape[rankB - 2];
    const n = transposeB ? b.shape[rankB - 2] : b.shape[rankB - 1];
    if (k !== kB) return stock(args); // the stock kernel raises tfjs's usual shape error
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const outerOut = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
    const batchA = util.sizeFromShape(outerA);
    const batchB = util.sizeFromShape(outerB);
    const batch = util.sizeFromShape(outerOut);
    const supported = batchB === 1 || batchA === 1 || (batchA === batchB && batch === batchA);
    const perItem = batchB !== 1;
    if (!supported || m * k * n === 0 || (perItem && m * k * n < MIN_ITEM_WORK)) return stock(args);

    const swap: TransposeLastTwo = (x) => {
      const perm = x.shape.map((_, i) => i);
      perm[perm.length - 2] = perm.length - 1;
      perm[perm.length - 1] = perm.length - 2;
      return transposeKernel({ inputs: { x }, backend: args.backend, attrs: { perm } as unknown as NamedAttrMap }) as TensorInfo;
    };
    const left = transposeA ? swap(a) : a;
    const right = transposeB ? swap(b) : b;
    const out = backend.makeOutput([...outerOut, m, n], 'float32');
    const matmul = cBatchMatMul(backend);
    try {
      if (!perItem) {
        // One [batchA·M, K]·[K, N] product; XNNPACK caches the packed right operand on its id.
        matmul(
          cppId(backend, left), shapeBytes([1, batchA * m, k]), 3,
          cppId(backend, right), shapeBytes([1, k, n]), 3,
          false, false, cppId(backend, out),
        );
      } else {
        const leftBase = heapOffset(backend, left);
        const rightBase = heapOffset(backend, right);
        const outBase = heapOffset(backend, out);
        const leftShape = shapeBytes([1, m, k]);
        const rightShape = shapeBytes([1, k, n]);
        for (let i = 0; i < batch; i++) {
          const leftId = batchA === 1 ? cppId(backend, left) : registerView(backend, leftBase + 4 * i * m * k, m * k);
          const rightId = registerView(backend, rightBase + 4 * i * k * n, k * n);
          const outId = registerView(backend, outBase + 4 * i * m * n, m * n);
          matmul(leftId, leftShape, 3, rightId, rightShape, 3, false, false, outId);
          releaseView(backend, outId);
          releaseView(backend, rightId);
          if (batchA !== 1) releaseView(backend, leftId);
        }
      }
    } finally {
      if (left !== a) backend.disposeData(left.dataId);
      if (right !== b) backend.disposeData(right.dataId);
    }
    return out;
  };
}
