/**
 * The one helper every dense layer goes through: `x[..., K]·W[K, M] + b` as a 2-D product. Flattening the
 * leading axes keeps the product on the wasm backend's fast 2-D XNNPACK path and avoids a tfjs-core bug in the
 * gradient of broadcasting 3-D×2-D `matMul`. The custom gradient stays on the 2-D path too: `dX = dY·Wᵀ` and
 * `dW = Xᵀ·dY` with explicit transposes, and `db = 1ᵀ·dY` as a product instead of a column sum (on wasm a
 * reduction over the leading axis transposes the whole gradient first). {@link columnSums} is that product.
 */

import * as tf from '@tensorflow/tfjs';
import { customGradient } from './custom-gradient.js';

/**
 * `x[N, K]·w[K, M]` with transpose-free products in both passes. For `dW = Xᵀ·dY` the tall operand with fewer
 * columns is transposed (wasm transposes of tall matrices are slow): `Xᵀ·dY` directly when K ≤ M, else
 * `(dYᵀ·X)ᵀ`, whose final transpose is only `[M, K]`.
 */
const matMul2d = customGradient<tf.Tensor2D>(([x, w], save) => {
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy, saved) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      const [k, m] = ws.shape;
      const dw = k <= m ? tf.matMul(tf.transpose(xs), dy) : tf.transpose(tf.matMul(tf.transpose(dy), xs));
      return [tf.matMul(dy, tf.transpose(ws)), dw];
    },
  };
});

/** Sums over the rows of `x[N, M]` → `[M]`, as the product `1ᵀ·x` (fast on every backend, no transpose). */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]) as tf.Tensor1D);
}

/** `x[N, M] + b[M]` with the bias gradient as a product. */
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
