/**
 * The one helper every dense layer goes through: `x[..., K]·W[K, M] + b` as a 2-D product. Flattening the
 * leading axes keeps the product on the wasm backend's fast 2-D XNNPACK path and avoids a tfjs-core bug in the
 * gradient of broadcasting 3-D×2-D `matMul`.
 *
 * The custom gradient stays on the 2-D path too, with explicit transposes. XNNPACK packs the right operand of a
 * product anew whenever it is a fresh tensor (about 13 ns per element on wasm), and transposing a tall matrix
 * costs 5–10 ns per element, so the weight gradient packs the narrower of `X` and `dY` and transposes the other:
 * `dW = Xᵀ·dY` when M ≤ K, else `dW = (dYᵀ·X)ᵀ`. The bias gradient (a column sum, which wasm computes by
 * transposing) rides along: a row of ones appended to `Xᵀ` makes `[Xᵀ; 1ᵀ]·dY = [dW; db]`, and in the other
 * orientation `db` is a row sum of `dYᵀ`.
 */

import * as tf from '@tensorflow/tfjs';
import { customGradient } from './custom-gradient.js';

/** `[dW, db]` (or `[dW]` without a bias) for `x[N, K]`, upstream `dy[N, M]`. */
function weightGradients(x: tf.Tensor2D, dy: tf.Tensor2D, withBias: boolean): tf.Tensor[] {
  const [rows, k] = x.shape;
  const m = dy.shape[1];
  if (m <= k) {
    const xt = tf.transpose(x);
    if (!withBias) return [tf.matMul(xt, dy)];
    const both = tf.matMul(tf.concat([xt, tf.ones([1, rows])], 0) as tf.Tensor2D, dy);
    return [tf.slice(both, [0, 0], [k, m]), tf.reshape(tf.slice(both, [k, 0], [1, m]), [m])];
  }
  const dyt = tf.transpose(dy);
  const dw = tf.transpose(tf.matMul(dyt, x));
  return withBias ? [dw, tf.sum(dyt, 1)] : [dw];
}

/** `x[N, K]·w[K, M]` with the gradients above. */
const matMul2d = customGradient<tf.Tensor2D>(([x, w], save) => {
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy, [xs, ws]) => [tf.matMul(dy, tf.transpose(ws as tf.Tensor2D)), ...weightGradients(xs as tf.Tensor2D, dy, false)],
  };
});

/** `x[N, K]·w[K, M] + b[M]` with the gradients above. */
const affine2d = customGradient<tf.Tensor2D>(([x, w, b], save) => {
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b),
    gradFunc: (dy, [xs, ws]) => [tf.matMul(dy, tf.transpose(ws as tf.Tensor2D)), ...weightGradients(xs as tf.Tensor2D, dy, true)],
  };
});

/** `x[..., K]·w[K, M] (+ b[M])` → `[..., M]`. */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  const [k, m] = w.shape as number[];
  const last = x.shape[x.rank - 1];
  if (w.rank !== 2 || last !== k) {
    throw new Error(`linear: input [${x.shape.join(', ')}] does not match weight [${w.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const flat = tf.reshape(x, [-1, k]);
    const product = b === undefined ? matMul2d([flat, w]) : affine2d([flat, w, b]);
    return tf.reshape(product, [...x.shape.slice(0, -1), m]);
  });
}
