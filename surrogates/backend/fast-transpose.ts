/**
 * A replacement for the wasm backend's `Transpose` kernel for swaps of the last two axes of `[..., N, M]`, the
 * transposes that matrix-product gradients need. The stock kernel moves single elements with a stride of N, and
 * when N is a multiple of 128 those writes collide in the cache: `[2048, 256]` takes ~5 ms. Done in two cache-sized
 * stages — transpose each block of 32 rows (`[N/32, 32, M]` → `[N/32, M, 32]`), then move contiguous 32-element
 * runs (`→ [M, N/32, 32]`) — the same transpose takes ~1 ms. Other permutations go to the stock kernel.
 */

import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './wasm-internals.js';

/** Rows per block of the first stage. */
const BLOCK = 32;

/** The two-stage path is used when N is a multiple of this (strides that collide in the cache) and M ≥ BLOCK. */
const ROW_MULTIPLE = 128;

/** Builds the replacement `Transpose` kernel around the stock one. */
export function makeFastTranspose(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const perm = (args.attrs as unknown as { perm: number[] }).perm;
    const rank = x.shape.length;
    const swapsLastTwo = rank >= 2 && perm[rank - 1] === rank - 2 && perm[rank - 2] === rank - 1 && perm.slice(0, -2).every((p, i) => p === i);
    const [n, m] = x.shape.slice(-2);
    if (!swapsLastTwo || x.dtype === 'string' || n % ROW_MULTIPLE !== 0 || m < BLOCK) return stock(args);
    const outer = x.shape.slice(0, -2);
    const lead = outer.map((_, i) => i);
    const r = outer.length;
    const run = (input: TensorInfo, order: number[]): TensorInfo =>
      stock({ inputs: { x: input }, backend: args.backend, attrs: { perm: order } as unknown as NamedAttrMap }) as TensorInfo;
    // Same data viewed as row blocks (a reshape: the layout is unchanged).
    const blocks: TensorInfo = { dataId: x.dataId, dtype: x.dtype, shape: [...outer, n / BLOCK, BLOCK, m] };
    const blockTransposed = run(blocks, [...lead, r, r + 2, r + 1]);
    const result = run(blockTransposed, [...lead, r + 1, r, r + 2]);
    (args.backend as unknown as WasmBackendInternals).disposeData(blockTransposed.dataId);
    return { dataId: result.dataId, dtype: result.dtype, shape: [...outer, m, n] };
  };
}
