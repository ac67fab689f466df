/** CMANP's feed-forward layer: `Dense(2·hidden)` → split into `(x, gate)` → `x·GELU(gate)` → `Dense(dim)`. */

import * as tf from '@tensorflow/tfjs';
import { gelu } from '../nn/activations.js';
import { Dense } from '../nn/dense.js';
import type { ParameterScope } from '../nn/parameters.js';

/** GEGLU feed-forward `[..., dim]` → `[..., dim]`; parameters `inner`, `outer`. */
export class GegluFeedForward {
  readonly inner: Dense;
  readonly outer: Dense;

  constructor(params: ParameterScope, dim: number, hidden: number) {
    this.inner = new Dense(params.scope('inner'), dim, 2 * hidden);
    this.outer = new Dense(params.scope('outer'), hidden, dim);
  }

  /** Applies the layer to the last axis. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [value, gate] = tf.split(this.inner.apply(x), 2, -1);
      return this.outer.apply(tf.mul(value, gelu(gate)));
    });
  }
}
