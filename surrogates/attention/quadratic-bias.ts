/** The v1-era TNP-KR distance bias `bias_h(d) = a_h·d²` (an RBF-like log-kernel prior), `a_h` initialised to −1. */

import * as tf from '@tensorflow/tfjs';
import { constant } from '../nn/initializers.js';
import type { ParameterScope } from '../nn/parameters.js';
import type { DistanceBias } from './distance-bias.js';

/** Per-head quadratic distance bias; parameter `scale` `[heads]`. */
export class QuadraticBias implements DistanceBias {
  readonly params: readonly tf.Variable[];

  constructor(params: ParameterScope, readonly heads: number) {
    if (!Number.isInteger(heads) || heads < 1) throw new Error(`QuadraticBias: heads must be a positive integer, got ${heads}`);
    this.params = [params.create('scale', [heads], constant(-1))];
  }

  evaluate(distance: tf.Tensor3D, params: readonly tf.Tensor[]): tf.Tensor4D {
    return tf.tidy(() => tf.mul(tf.expandDims(tf.mul(distance, distance), 1), tf.reshape(params[0], [1, this.heads, 1, 1])) as tf.Tensor4D);
  }
}
