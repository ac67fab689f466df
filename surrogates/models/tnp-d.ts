/**
 * TNP-D (models.md §6): tokens `embed([x, y])` for the context and `embed([x, 0])` for targets (embedding MLP of
 * `embedDepth` ReLU layers of width d, no flag), post-norm encoder layers in which every token attends only to
 * the context (softmax attention computed densely, or by scan attention when the scores would not fit one block),
 * and a head `Dense(headHidden) → ReLU → Dense(2·Dy)` on the target positions. Targets are
 * conditionally independent: predictions do not depend on their order, count or chunking, and the context side
 * of every layer is cached by `encode`.
 */

import * as tf from '@tensorflow/tfjs';
import { MAX_DEFAULT_CHUNK } from '../attention/scan-attention.js';
import { MLP } from '../nn/mlp.js';
import { BaseNeuralProcess } from './base-model.js';
import type { TnpDConfig } from './config.js';
import type { ProjectedKeys } from './context-attention.js';
import { encodeContextStack, jointContextStack, readContextStack } from './context-reader.js';
import { GaussianHead } from './gaussian-head.js';
import type { NpBatch, Prediction } from './neural-process.js';
import { TnpDLayer } from './tnp-d-layer.js';

/** TNP-D's context encoding: every layer's projected context keys and values. */
export type TnpDEncoding = {
  readonly batchSize: number;
  readonly keys: ProjectedKeys[];
};

/** TNP-D. */
export class TnpD extends BaseNeuralProcess<TnpDConfig, TnpDEncoding> {
  readonly embed: MLP;
  readonly layers: readonly TnpDLayer[];
  readonly head: GaussianHead;

  constructor(config: TnpDConfig, seed: string | number) {
    super(config, seed);
    const { dModel, xDim, yDim } = config;
    this.embed = new MLP(this.store.scope('embed'), xDim + yDim, Array(config.embedDepth).fill(dModel), { activation: 'relu' });
    this.layers = Array.from({ length: config.layers }, (_, i) => new TnpDLayer(this.store.scope(`layer${i}`), config));
    this.head = new GaussianHead(this.store.scope('head'), {
      inputSize: dModel, hidden: [config.headHidden], yDim, activation: 'relu', stdTransform: config.stdTransform, minStd: config.minStd,
    });
  }

  /** Embedded tokens `[B, N, d]` of points `x` with values `y` (context) or zeros (targets). */
  private tokens(x: tf.Tensor3D, y?: tf.Tensor3D): tf.Tensor3D {
    const [batch, points] = x.shape;
    return this.embed.apply(tf.concat([x, y ?? tf.zeros([batch, points, this.config.yDim])], 2)) as tf.Tensor3D;
  }

  protected encodeContext(xc: tf.Tensor3D, yc: tf.Tensor3D, ctxMask?: tf.Tensor2D): TnpDEncoding {
    return { batchSize: xc.shape[0], keys: encodeContextStack(this.layers, this.tokens(xc, yc), xc, ctxMask) };
  }

  protected decodeTargets(encoding: TnpDEncoding, xt: tf.Tensor3D): Prediction {
    return this.head.apply(readContextStack(this.layers, encoding.keys, this.tokens(xt), xt));
  }

  protected override targetPrediction(batch: NpBatch): Prediction {
    const { xc, yc, xt, ctxMask } = batch;
    return this.head.apply(jointContextStack(this.layers, this.tokens(xc, yc), xc, this.tokens(xt), xt, ctxMask));
  }

  protected targetFootprint(numContext: number): number {
    const c = this.config;
    return Math.max(c.heads * Math.min(numContext, MAX_DEFAULT_CHUNK), c.ffnHidden, c.headHidden, c.dModel);
  }
}
