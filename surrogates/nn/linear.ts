/**
 * The one helper every dense layer goes through: `x[..., K]·W[K, M] + b` as a 2-D product. Flattening the
 * leading axes keeps the product on the wasm backend's fast 2-D XNNPACK path and avoids a tfjs-core bug in the
 * gradient of broadcasting 3-D×2-D `matMul`. The custom gradient stays on the 2-D path too: `dX = dY·Wᵀ` and
 * `dW = Xᵀ·dY` with explicit transposes, and `db` from {@link columnSums}, which avoids transposing tall matrices.
 */

import * as tf from '@tensorflow/tfjs';
import { customGradient } from './custom-gradient.js';

/**
 * `x[N, K]·w[K, M]` with transpose-free products in both passes. XNNPACK packs the right operand of every product
 * anew when it is a fresh tensor, at about 13 ns per element on wasm, so `dW` (whose right operand spans the N
 * rows) packs the narrower of `X` and `dY` and transposes the other: `Xᵀ·dY` when M ≤ K, else `(dYᵀ·X)ᵀ`.
 */
const matMul2d = customGradient<tf.Tensor2D>(([x, w], save) => {
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy, saved) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      const [k, m] = ws.shape;
      const dw = m <= k ? tf.matMul(tf.transpose(xs), dy) : tf.transpose(tf.matMul(tf.transpose(dy), xs));
      return [tf.matMul(dy, tf.transpose(ws)), dw];
    },
  };
});

/**
 * Sums over the rows of `x[N, M]` → `[M]`. A reduction over the leading axis first transposes the whole matrix,
 * and transposing a tall matrix is slow on wasm (≈ 7 ns per element for `[2048, 64]`), so the sum runs in two
 * stages over wide reshapes: `[N/r, r·M]`, then `[r, M]`, with `r` the smallest divisor of N with `r²·M ≥ N`.
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

/** `x[N, M] + b[M]` with the bias gradient from {@link columnSums}. */
const addBias2d = customGradient<tf.Tensor2D>(([x, b]) => ({
  value: tf.add(x, b),
  gradFunc: (dy) => [dy, columnSums(dy)],
}));

/** `x[..., K]·w[K, M] (+ b[M])` → `[..., M]`. */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  const [k, m] = w.shape as number[];
  const last = x.shape[x.rank - 1];
  if (w.rank !== 2 || last !== k) {
    throw new Error(`linear: input [${x.shape.join(', ')}] does not match weight [${w.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const flat = matMul2d([tf.reshape(x, [-1, k]), w]);
    const shifted = b === undefined ? flat : addBias2d([flat, b]);
    return tf.reshape(shifted, [...x.shape.slice(0, -1), m]);
  });
}
