/**
 * Decoding many targets in chunks. Targets never interact in any of the models, so decoding them in pieces gives
 * the same predictions while bounding the largest live tensor (the wasm heap is capped at 4 GiB, backend.md §6).
 */

import * as tf from '@tensorflow/tfjs';
import type { Prediction } from './neural-process.js';

/** Float budget of the largest tensor a prediction chunk may create (2^24 floats = 64 MiB). */
export const CHUNK_BUDGET_FLOATS = 2 ** 24;

/**
 * Targets per chunk: `requested` if given (a positive integer), else as many as keep
 * `batch · chunk · floatsPerTarget` within {@link CHUNK_BUDGET_FLOATS}; at least 1, at most `numTargets`.
 */
export function targetChunkSize(batch: number, numTargets: number, floatsPerTarget: number, requested?: number): number {
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new Error(`predict: chunkSize must be a positive integer, got ${requested}`);
  }
  const fit = Math.max(1, Math.floor(CHUNK_BUDGET_FLOATS / (batch * floatsPerTarget)));
  return Math.max(1, Math.min(numTargets, requested ?? fit));
}

/** Applies `decode` to consecutive slices of `xt [B, Nt, Dx]` of `chunk` targets and joins the predictions. */
export function decodeInChunks(xt: tf.Tensor3D, chunk: number, decode: (xtChunk: tf.Tensor3D) => Prediction): Prediction {
  const [batch, numTargets, dims] = xt.shape;
  if (chunk >= numTargets) return decode(xt);
  return tf.tidy(() => {
    const parts: Prediction[] = [];
    for (let start = 0; start < numTargets; start += chunk) {
      const length = Math.min(chunk, numTargets - start);
      parts.push(tf.tidy(() => decode(tf.slice(xt, [0, start, 0], [batch, length, dims]))));
    }
    return {
      mean: tf.concat(parts.map((p) => p.mean), 1) as tf.Tensor3D,
      std: tf.concat(parts.map((p) => p.std), 1) as tf.Tensor3D,
    };
  });
}
