/**
 * TNP-KR's KRBlock (models.md §1.2), pre-norm, one parameter set for both streams:
 * ```
 * h ← h + ATT(query = LN1(h), keys from LN1(context))      # context: self-attention; targets: read the context
 * h ← h + FFN(LN2(h))
 * ```
 * Targets read only the context, so the block is a {@link ContextReadingLayer}.
 */

import * as tf from '@tensorflow/tfjs';
import { LayerNorm } from '../nn/layer-norm.js';
import { MLP } from '../nn/mlp.js';
import type { ParameterScope } from '../nn/parameters.js';
import type { ContextAttention } from './context-attention.js';
import type { ContextReadingLayer } from './context-reader.js';

/** One KRBlock; parameters `norm1`, `norm2`, `feedForward` (MLP[ffnHidden, d], GELU) besides the attention's own. */
export class KrBlock<K extends tf.TensorContainer> implements ContextReadingLayer<K> {
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly feedForward: MLP;

  constructor(params: ParameterScope, dModel: number, ffnHidden: number, readonly attention: ContextAttention<K>) {
    this.norm1 = new LayerNorm(params.scope('norm1'), dModel);
    this.norm2 = new LayerNorm(params.scope('norm2'), dModel);
    this.feedForward = new MLP(params.scope('feedForward'), dModel, [ffnHidden, dModel], { activation: 'gelu' });
  }

  contextKeys(context: tf.Tensor3D, locations: tf.Tensor3D, mask?: tf.Tensor2D): K {
    return tf.tidy(() => this.attention.keys(this.norm1.apply(context) as tf.Tensor3D, locations, mask));
  }

  apply(stream: tf.Tensor3D, locations: tf.Tensor3D, keys: K): tf.Tensor3D {
    return tf.tidy(() => {
      const attended = tf.add(stream, this.attention.read(keys, this.norm1.apply(stream) as tf.Tensor3D, locations));
      return tf.add(attended, this.feedForward.apply(this.norm2.apply(attended))) as tf.Tensor3D;
    });
  }
}
