/** Diagonal-Gaussian pieces shared by the models: the σ rule, log densities, and masked means over points. */

import * as tf from '@tensorflow/tfjs';
import type { StdTransform } from './config.js';

/** `½·log(2π)`. */
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** `minStd + (1 − minStd)·f(raw)` with `f` = softplus or exp. */
export function stdFromRaw(raw: tf.Tensor, transform: StdTransform, minStd: number): tf.Tensor {
  return tf.tidy(() => {
    const positive = transform === 'softplus' ? tf.softplus(raw) : tf.exp(raw);
    return minStd === 0 ? positive : tf.add(tf.mul(positive, 1 - minStd), minStd);
  });
}

/** Elementwise `log N(y | mean, std²)`. */
export function gaussianLogDensity(y: tf.Tensor, mean: tf.Tensor, std: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(y, mean), std);
    return tf.neg(tf.add(tf.add(tf.mul(tf.square(z), 0.5), tf.log(std)), HALF_LOG_TWO_PI));
  });
}

/** Per-point log density `[..., N]` of `y [..., N, Dy]`: the sum over the Dy output dimensions. */
export function pointLogDensity(y: tf.Tensor, mean: tf.Tensor, std: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sum(gaussianLogDensity(y, mean, std), -1));
}

/** Mean of `values [B, N]` over the points with `mask [B, N]` = 1 (all points without a mask). */
export function maskedMean(values: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => (mask === undefined ? tf.mean(values) : tf.div(tf.sum(tf.mul(values, mask)), tf.sum(mask))) as tf.Scalar);
}
