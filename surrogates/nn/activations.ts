/**
 * Activation functions built from primitive ops that have gradients on every backend and stay on the wasm
 * backend's vectorised kernels (its `tanh` is a scalar loop, ~20× slower than `sigmoid`).
 */

import * as tf from '@tensorflow/tfjs';
import { customGradient } from './custom-gradient.js';

/** Activation names accepted by {@link Dense}-based modules. */
export type Activation = 'gelu' | 'relu' | 'identity';

/** √(2/π), the GELU tanh-approximation constant. */
const GELU_SCALE = Math.sqrt(2 / Math.PI);

/** The cubic coefficient of the tanh-form GELU. */
const GELU_CUBIC = 0.044715;

/** GELU with the hand-written gradient `s + x·s·(1 − s)·2√(2/π)·(1 + 3·0.044715·x²)`, `s = sigmoid(2u)`. */
const geluWithGradient = customGradient<tf.Tensor>(([x], save) => {
  const s = tf.tidy(() => tf.sigmoid(tf.mul(tf.mul(x, tf.add(tf.mul(tf.mul(x, x), GELU_CUBIC), 1)), 2 * GELU_SCALE)));
  save([x, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (dy, [xs, ss]) => [tf.tidy(() => {
      const slope = tf.mul(tf.add(tf.mul(tf.mul(xs, xs), 3 * GELU_CUBIC), 1), 2 * GELU_SCALE);
      const inner = tf.mul(tf.mul(tf.mul(xs, ss), tf.sub(1, ss)), slope);
      return tf.mul(dy, tf.add(ss, inner));
    })],
  };
});

/**
 * GELU in its tanh form `0.5·x·(1 + tanh(u))`, `u = √(2/π)·(x + 0.044715·x³)`, evaluated through the exact
 * identity `0.5·(1 + tanh(u)) = sigmoid(2u)`, with a hand-written gradient (fewer passes than autodiff).
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  return geluWithGradient([x]) as T;
}

/** Applies the named activation. */
export function activate<T extends tf.Tensor>(activation: Activation, x: T): T {
  switch (activation) {
    case 'gelu':
      return gelu(x);
    case 'relu':
      return tf.relu(x);
    case 'identity':
      return x;
  }
}
