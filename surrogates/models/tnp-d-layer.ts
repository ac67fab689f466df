/**
 * One TNP-D encoder layer (models.md §6): PyTorch's default post-norm transformer layer under the context mask
 * (every token attends only to context tokens):
 * ```
 * h ← LN1(h + MHA(query = h, keys/values from the context stream))
 * h ← LN2(h + FFN(h))                                  # FFN = Dense(ffnHidden) → ReLU → Dense(d)
 * ```
 */

import * as tf from '@tensorflow/tfjs';
import { MultiHeadAttention } from '../attention/multi-head-attention.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { MLP } from '../nn/mlp.js';
import type { ParameterScope } from '../nn/parameters.js';
import { ProjectedAttention, type ProjectedKeys } from './context-attention.js';
import type { ContextReadingLayer } from './context-reader.js';

/** Sizes of a {@link TnpDLayer}. */
export interface TnpDLayerConfig {
  readonly dModel: number;
  readonly heads: number;
  readonly ffnHidden: number;
}

/** A post-norm layer; parameters `attention` (per-head width d/H), `norm1`, `feedForward`, `norm2`. */
export class TnpDLayer implements ContextReadingLayer<ProjectedKeys> {
  readonly attention: ProjectedAttention;
  readonly norm1: LayerNorm;
  readonly feedForward: MLP;
  readonly norm2: LayerNorm;

  constructor(params: ParameterScope, config: TnpDLayerConfig) {
    const { dModel, heads } = config;
    this.attention = new ProjectedAttention(new MultiHeadAttention(params.scope('attention'), {
      inputDim: dModel, heads, keyDim: dModel / heads, valueSizes: [dModel], outputDim: dModel,
    }));
    this.norm1 = new LayerNorm(params.scope('norm1'), dModel);
    this.feedForward = new MLP(params.scope('feedForward'), dModel, [config.ffnHidden, dModel], { activation: 'relu' });
    this.norm2 = new LayerNorm(params.scope('norm2'), dModel);
  }

  contextKeys(context: tf.Tensor3D, locations: tf.Tensor3D, mask?: tf.Tensor2D): ProjectedKeys {
    return this.attention.keys(context, locations, mask);
  }

  apply(stream: tf.Tensor3D, locations: tf.Tensor3D, keys: ProjectedKeys): tf.Tensor3D {
    return tf.tidy(() => {
      const attended = this.norm1.apply(tf.add(stream, this.attention.read(keys, stream, locations)));
      return this.norm2.apply(tf.add(attended, this.feedForward.apply(attended))) as tf.Tensor3D;
    });
  }
}
