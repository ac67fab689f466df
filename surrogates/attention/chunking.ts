/** Splitting an axis into consecutive chunks, for the mechanisms that bound their working set. */

import * as tf from '@tensorflow/tfjs';

/** Default keys per step of the linear mechanisms' key summaries (DKA, Performer): bounds the working set for any number of keys. */
export const DEFAULT_KEY_CHUNK = 8192;

/** A half-open range `[start, start + length)` of one axis. */
export interface ChunkRange {
  readonly start: number;
  readonly length: number;
}

/** Ranges of at most `chunk` entries covering `0..total` in order (none when total is 0). */
export function chunkRanges(total: number, chunk: number): ChunkRange[] {
  if (!Number.isInteger(chunk) || chunk < 1) throw new Error(`chunk size must be a positive integer, got ${chunk}`);
  const out: ChunkRange[] = [];
  for (let start = 0; start < total; start += chunk) out.push({ start, length: Math.min(chunk, total - start) });
  return out;
}

/** The entries `range` of `axis` of `x` (`x` itself when the range is the whole axis). */
export function sliceAxis(x: tf.Tensor, axis: number, range: ChunkRange): tf.Tensor {
  if (range.start === 0 && range.length === x.shape[axis]) return x;
  const begin = x.shape.map((_, i) => (i === axis ? range.start : 0));
  const size = x.shape.map((n, i) => (i === axis ? range.length : n));
  return tf.slice(x, begin, size);
}
