/** Identity in the forward pass, zero gradient in the backward pass (tfjs has no `stop_gradient` op). */

import * as tf from '@tensorflow/tfjs';
import { customGradient } from './custom-gradient.js';

const stop = customGradient<tf.Tensor>(([x]) => ({
  value: tf.clone(x),
  gradFunc: (dy) => [tf.zerosLike(dy)],
}));

/** `x` as a constant for differentiation (e.g. a max subtracted for numerical stability). */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop([x]) as T;
}
