/** Materialising a broadcast without the wasm backend's slow `Tile` kernel. */

import * as tf from '@tensorflow/tfjs';

/**
 * `x` broadcast to `shape`, as a broadcasting add onto zeros. Same values and gradient as `tf.broadcastTo`, which
 * on wasm runs the scalar `Tile` kernel: about 20× slower (≈0.76 s vs ≈0.04 s for a 6.4M-element 4-D result).
 */
export function expandTo(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
  return tf.tidy(() => tf.add(tf.zeros([...shape]), x));
}
