/**
 * CNP, benchmark version (models.md §7.1): two pooling encoders give `r = [enc₁(C), enc₂(C)]`; the decoder maps
 * `[r, x*]` through a ReLU MLP of `decoderDepth` layers to `(μ, ρ)`, `σ = 0.1 + 0.9·softplus(ρ)` in the paper
 * preset. Trained on the NLL of all points (context and targets); evaluated on targets.
 */

import * as tf from '@tensorflow/tfjs';
import { allPoints } from './all-points.js';
import { BaseNeuralProcess } from './base-model.js';
import type { CnpConfig } from './config.js';
import { expandTo } from './expand.js';
import { maskedMean, pointLogDensity } from './gaussian.js';
import { GaussianHead } from './gaussian-head.js';
import type { NpBatch, Prediction } from './neural-process.js';
import { PoolingEncoder } from './pooling-encoder.js';

/** CNP's context encoding: the representation `r [B, 2·hidden]`. */
export type CnpEncoding = {
  readonly batchSize: number;
  readonly representation: tf.Tensor2D;
};

/** CNP; parameter groups `encoder1`, `encoder2`, `decoder`. */
export class Cnp extends BaseNeuralProcess<CnpConfig, CnpEncoding> {
  readonly encoders: readonly PoolingEncoder[];
  readonly decoder: GaussianHead;

  constructor(config: CnpConfig, seed: string | number) {
    super(config, seed);
    const { xDim, yDim, hidden } = config;
    this.encoders = [1, 2].map((i) => new PoolingEncoder(this.store.scope(`encoder${i}`), {
      inputSize: xDim + yDim, hidden, preDepth: config.encoderPreDepth, postDepth: config.encoderPostDepth, outputSize: hidden,
    }));
    this.decoder = new GaussianHead(this.store.scope('decoder'), {
      inputSize: 2 * hidden + xDim, hidden: Array(config.decoderDepth - 1).fill(hidden), yDim, activation: 'relu',
      stdTransform: config.stdTransform, minStd: config.minStd,
    });
  }

  protected encodeContext(xc: tf.Tensor3D, yc: tf.Tensor3D, ctxMask?: tf.Tensor2D): CnpEncoding {
    return { batchSize: xc.shape[0], representation: tf.concat(this.encoders.map((e) => e.apply(xc, yc, ctxMask)), 1) as tf.Tensor2D };
  }

  protected decodeTargets(encoding: CnpEncoding, xt: tf.Tensor3D): Prediction {
    const [batch, points] = xt.shape;
    const r = expandTo(tf.expandDims(encoding.representation, 1), [batch, points, encoding.representation.shape[1]]);
    return this.decoder.apply(tf.concat([r, xt], 2));
  }

  protected targetFootprint(): number {
    return 2 * this.config.hidden + this.config.xDim;
  }

  /** Mean NLL over every real point, context and targets. */
  protected override objective(batch: NpBatch): tf.Scalar {
    const points = allPoints(batch);
    const { mean, std } = this.decodeTargets(this.encodeContext(batch.xc, batch.yc, batch.ctxMask), points.x);
    return tf.neg(maskedMean(pointLogDensity(points.y, mean, std), points.mask));
  }
}
