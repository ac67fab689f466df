/** Layer normalisation over the last axis with a learned scale and shift. */

import * as tf from '@tensorflow/tfjs';
import { ones, zeros } from './initializers.js';
import type { ParameterScope } from './parameters.js';

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  readonly epsilon?: number;
}

/** `(x − mean) / √(var + ε) · scale + shift`, statistics over the last axis; parameters `scale` (ones), `shift` (zeros). */
export class LayerNorm {
  readonly scale: tf.Variable;
  readonly shift: tf.Variable;
  readonly epsilon: number;

  constructor(params: ParameterScope, readonly size: number, options: LayerNormOptions = {}) {
    this.scale = params.create('scale', [size], ones);
    this.shift = params.create('shift', [size], zeros);
    this.epsilon = options.epsilon ?? 1e-5;
  }

  /** Normalises the last axis of `x` (its size must be {@link LayerNorm.size}). */
  apply(x: tf.Tensor): tf.Tensor {
    if (x.shape[x.rank - 1] !== this.size) {
      throw new Error(`LayerNorm: input [${x.shape.join(', ')}] does not end in ${this.size}`);
    }
    return tf.tidy(() => {
      const centred = tf.sub(x, tf.mean(x, -1, true));
      const variance = tf.mean(tf.mul(centred, centred), -1, true);
      return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon))), this.scale), this.shift);
    });
  }
}
