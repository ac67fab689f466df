/**
 * Activation functions built from primitive ops that have gradients on every backend and stay on the wasm
 * backend's vectorised kernels (its `tanh` is a scalar loop, ~20× slower than `sigmoid`).
 */

import * as tf from '@tensorflow/tfjs';

/** Activation names accepted by {@link Dense}-based modules. */
export type Activation = 'gelu' | 'relu' | 'identity';

/** √(2/π), the GELU tanh-approximation constant. */
const GELU_SCALE = Math.sqrt(2 / Math.PI);

/**
 * GELU in its tanh form `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, evaluated through the exact identity
 * `0.5·(1 + tanh(u)) = sigmoid(2u)`.
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), 2 * GELU_SCALE);
    return tf.mul(x, tf.sigmoid(inner)) as T;
  });
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
