/**
 * The set encoder of CNP and the latent NP (models.md §7): `post( mean_j pre([x_j, y_j]) )` with ReLU MLPs of
 * `preDepth` and `postDepth` layers, and the masked mean `Σ mask·h / (Σ mask + 1e-5)` (used with or without a
 * mask, so padding a set with masked points changes nothing).
 */

import * as tf from '@tensorflow/tfjs';
import { MLP } from '../nn/mlp.js';
import type { ParameterScope } from '../nn/parameters.js';

/** Added to the number of points in the masked mean. */
export const POOLING_EPSILON = 1e-5;

/** Sizes of a {@link PoolingEncoder}. */
export interface PoolingEncoderConfig {
  /** Width of `[x, y]`. */
  readonly inputSize: number;
  readonly hidden: number;
  readonly preDepth: number;
  readonly postDepth: number;
  /** Width of the output. */
  readonly outputSize: number;
}

/** Permutation-invariant encoder of a point set; parameters `pre` (MLP[hidden × preDepth]) and `post` (MLP[hidden × (postDepth − 1), outputSize]). */
export class PoolingEncoder {
  readonly pre: MLP;
  readonly post: MLP;

  constructor(params: ParameterScope, config: PoolingEncoderConfig) {
    const { hidden } = config;
    this.pre = new MLP(params.scope('pre'), config.inputSize, Array(config.preDepth).fill(hidden), { activation: 'relu' });
    this.post = new MLP(params.scope('post'), hidden, [...Array(config.postDepth - 1).fill(hidden), config.outputSize], { activation: 'relu' });
  }

  /** Encodes `x [B, N, Dx]`, `y [B, N, Dy]` (mask `[B, N]`) → `[B, outputSize]`. */
  apply(x: tf.Tensor3D, y: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [batch, points] = x.shape;
      const weights = mask === undefined ? tf.ones([batch, points, 1]) : tf.reshape(mask, [batch, points, 1]);
      const features = this.pre.apply(tf.concat([x, y], 2));
      const pooled = tf.div(tf.sum(tf.mul(features, weights), 1), tf.add(tf.sum(weights, 1), POOLING_EPSILON));
      return this.post.apply(pooled) as tf.Tensor2D;
    });
  }
}
