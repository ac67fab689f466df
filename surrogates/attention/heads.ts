/** Reshaping between token layout `[B, L, H·d]` and head layout `[B, H, L, d]`. */

import * as tf from '@tensorflow/tfjs';

/** `[B, L, H·d]` → `[B, H, L, d]`. */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  const [batch, length, width] = x.shape;
  if (x.rank !== 3 || width % heads !== 0) throw new Error(`splitHeads: [${x.shape.join(', ')}] cannot be split into ${heads} heads`);
  return tf.tidy(() => tf.transpose(tf.reshape(x, [batch, length, heads, width / heads]), [0, 2, 1, 3]) as tf.Tensor4D);
}

/** `[B, H, L, d]` → `[B, L, H·d]`. */
export function mergeHeads(x: tf.Tensor): tf.Tensor3D {
  const [batch, heads, length, width] = x.shape;
  return tf.tidy(() => tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch, length, heads * width]) as tf.Tensor3D);
}
