/** Euclidean distances between query and key locations, safe to differentiate where they coincide. */

import * as tf from '@tensorflow/tfjs';

/** Added under the square root: keeps `∂d/∂s` finite (and 0) where a query location equals a key location. */
export const DISTANCE_EPSILON = 1e-12;

/**
 * `d[b, q, k] = √(‖locQ[b, q] − locK[b, k]‖² + 1e-12)` for `locQ [B, Q, Dx]`, `locK [B, K, Dx]` → `[B, Q, K]`.
 * Built one coordinate at a time, so no `[B, Q, K, Dx]` tensor is formed.
 */
export function pairwiseDistance(locQ: tf.Tensor, locK: tf.Tensor): tf.Tensor3D {
  const [batch, , dims] = locQ.shape as number[];
  const [batchK, keys, dimsK] = locK.shape as number[];
  if (locQ.rank !== 3 || locK.rank !== 3 || batch !== batchK || dims !== dimsK) {
    throw new Error(`pairwiseDistance: locations [${locQ.shape.join(', ')}] and [${locK.shape.join(', ')}] must be [B, Q, Dx] and [B, K, Dx]`);
  }
  return tf.tidy(() => {
    const qCoords = dims === 1 ? [locQ] : tf.split(locQ, dims, 2);
    const kCoords = dims === 1 ? [locK] : tf.split(locK, dims, 2);
    let squared: tf.Tensor = tf.scalar(DISTANCE_EPSILON);
    for (let j = 0; j < dims; j++) {
      const delta = tf.sub(qCoords[j], tf.reshape(kCoords[j], [batch, 1, keys]));
      squared = tf.add(squared, tf.mul(delta, delta));
    }
    return tf.sqrt(squared) as tf.Tensor3D;
  });
}
