/** Column sums that avoid wasm's slow transposes of tall matrices. */

import * as tf from '@tensorflow/tfjs';

/**
 * Sums over the rows of `x[N, M]` → `[M]`. A reduction over the leading axis first transposes the whole matrix,
 * and transposing a tall matrix is slow on wasm, so the sum runs in two stages over wide reshapes: `[N/r, r·M]`,
 * then `[r, M]`, with `r` the smallest divisor of N with `r²·M ≥ N`.
 */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  const [n, m] = x.shape;
  let r = Math.max(1, Math.ceil(Math.sqrt(n / m)));
  while (n % r !== 0) r++;
  return tf.tidy(() => {
    if (r === 1 || r === n) return tf.sum(x, 0) as tf.Tensor1D;
    return tf.sum(tf.reshape(tf.sum(tf.reshape(x, [n / r, r * m]), 0), [r, m]), 0) as tf.Tensor1D;
  });
}
