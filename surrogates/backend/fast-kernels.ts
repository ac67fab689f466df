/**
 * Installs the fast wasm kernels (`Transpose`, `BatchMatMul`, `Slice`, `SplitV`, `Unpack`, `Concat`, `Identity`, `Cast`) over the stock ones. They rely on
 * internals of `@tensorflow/tfjs-backend-wasm` (heap offsets, C++ tensor registration, the exported
 * `BatchMatMul` entry), so they are installed only for the version they were written and tested against.
 */

import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { makeFastBatchMatMul } from './fast-batch-matmul.js';
import { makeFastConcat, makeFastSlice, makeFastSplitV, makeFastUnpack } from './fast-slice.js';
import { makeFastTranspose } from './fast-transpose.js';
import { makeFastCast, makeFastIdentity } from './zero-copy-kernels.js';

/** The `@tensorflow/tfjs-backend-wasm` version line the fast kernels support. */
export const SUPPORTED_WASM_VERSION = '4.22.';

/** The kernels replaced on the wasm backend. */
export const FAST_KERNEL_NAMES = ['Transpose', 'BatchMatMul', 'Slice', 'SplitV', 'Unpack', 'Concat', 'Identity', 'Cast'] as const;

/** Outcome of {@link installFastWasmKernels}. */
export interface FastKernelStatus {
  /** Whether the replacements are registered. */
  readonly installed: boolean;
  /** Why they are not, when they are not. */
  readonly reason?: string;
}

/** The stock kernel configs while the replacements are installed. */
const stockKernels = new Map<string, KernelConfig>();

/** Swaps one registered wasm kernel for `make(stock kernel function)`, keeping the stock setup/dispose hooks. */
function replaceKernel(name: string, make: (stock: KernelFunc) => KernelFunc): void {
  const stock: KernelConfig = tf.getKernel(name, 'wasm');
  stockKernels.set(name, stock);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...stock, kernelFunc: make(stock.kernelFunc) });
}

/**
 * Registers the fast kernels for the wasm backend (idempotent). Skipped, with the reason in the result, when the
 * installed tfjs-backend-wasm is not {@link SUPPORTED_WASM_VERSION}x or the stock kernels are missing.
 */
export function installFastWasmKernels(): FastKernelStatus {
  if (stockKernels.size > 0) return { installed: true };
  if (!version_wasm.startsWith(SUPPORTED_WASM_VERSION)) {
    return {
      installed: false,
      reason: `@tensorflow/tfjs-backend-wasm ${version_wasm} is not ${SUPPORTED_WASM_VERSION}x; fast kernels need its internals`,
    };
  }
  const missing = FAST_KERNEL_NAMES.filter((name) => tf.getKernel(name, 'wasm') === undefined);
  if (missing.length > 0) return { installed: false, reason: `stock wasm kernels not registered: ${missing.join(', ')}` };
  replaceKernel('Transpose', makeFastTranspose);
  const transpose = tf.getKernel('Transpose', 'wasm').kernelFunc;
  replaceKernel('BatchMatMul', (stock) => makeFastBatchMatMul(stock, transpose));
  replaceKernel('Slice', makeFastSlice);
  replaceKernel('SplitV', makeFastSplitV);
  replaceKernel('Unpack', makeFastUnpack);
  replaceKernel('Concat', makeFastConcat);
  replaceKernel('Identity', makeFastIdentity);
  replaceKernel('Cast', makeFastCast);
  return { installed: true };
}

/** Puts the stock kernels back (no-op when the fast ones are not installed). */
export function uninstallFastWasmKernels(): void {
  for (const [name, stock] of stockKernels) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(stock);
  }
  stockKernels.clear();
}
