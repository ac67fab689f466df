/**
 * Test helpers: run the same computation on the wasm backend (with the fast kernels) and on the cpu reference
 * backend, and compare the results.
 */

import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../surrogates/backend/index.js';
import { Rng } from '../../../src/core/rng.js';

/** The backends every tensor test runs on. */
export const BACKENDS = ['wasm', 'cpu'] as const;

/** One of {@link BACKENDS}. */
export type TestBackend = (typeof BACKENDS)[number];

/** Initialises wasm with the fast kernels (once), then switches to `backend`. */
export async function useBackend(backend: TestBackend): Promise<void> {
  await initBackend({ backend: 'wasm', report: () => {} });
  if (backend !== 'wasm') await initBackend({ backend, report: () => {} });
}

/** Runs `f` on `backend` and copies its outputs out; no tensors survive. */
export async function valuesOn(backend: TestBackend, f: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await useBackend(backend);
  const outputs = tf.tidy(f);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const values = list.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  tf.dispose(list);
  return values;
}

/** Largest absolute elementwise difference (Infinity if lengths differ or a value is NaN). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}

/** Runs `f` on wasm and on cpu and returns the worst output difference over all outputs. */
export async function wasmVsCpu(f: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const wasm = await valuesOn('wasm', f);
  const cpu = await valuesOn('cpu', f);
  if (wasm.length !== cpu.length) return Infinity;
  return Math.max(...wasm.map((w, i) => maxAbsDiff(w, cpu[i])));
}

/** Like {@link wasmVsCpu}, with each output's difference divided by max(1, its largest cpu magnitude). */
export async function relativeWasmVsCpu(f: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const wasm = await valuesOn('wasm', f);
  const cpu = await valuesOn('cpu', f);
  if (wasm.length !== cpu.length) return Infinity;
  return Math.max(...cpu.map((c, i) => maxAbsDiff(wasm[i], c) / Math.max(1, ...Array.from(c, Math.abs))));
}

/** Deterministic N(0, scale²) values for a shape. */
export function randomValues(shape: readonly number[], seed: string, scale = 1): Float32Array {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: size }, () => scale * rng.normal());
}

/** A tensor of deterministic N(0, scale²) values. */
export function randomTensor(shape: readonly number[], seed: string, scale = 1): tf.Tensor {
  return tf.tensor(randomValues(shape, seed, scale), [...shape]);
}
