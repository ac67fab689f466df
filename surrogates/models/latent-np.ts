/**
 * The latent neural process (models.md §7.2). A deterministic pooling encoder gives `r` from the context; a latent
 * pooling encoder gives `q(z | S) = N(μ_z, σ_z²)`, `σ_z = 0.1 + 0.9·sigmoid(ρ_z)`, for a point set S; the decoder
 * maps `[r, z, x]` to a Gaussian per point.
 *
 * - Training (`loss`), over all N real points of each task (context and targets), z ~ q(z | C∪T) by
 *   reparameterisation: with K = 1, `−mean log p(y | z, x) + KL(q(z | C∪T) ‖ q(z | C)) / N`; with K > 1 the
 *   importance-weighted `−logmeanexp_k[Σ_points log p(y | z_k) + log q(z_k | C) − log q(z_k | C∪T)] / N`.
 * - Evaluation (`logLikelihood`): `evaluationSamples` draws z ~ q(z | C), per target `logmeanexp` over draws,
 *   then the mean over targets.
 * - Prediction (`predict`/`decode`): the moment-matched mixture over `evaluationSamples` fixed draws
 *   (`μ = mean_s μ_s`, `σ² = mean_s σ_s² + var_s μ_s`), the same draws on every call.
 * - Coherent function samples: one z per sample ({@link LatentNp.sampleLatents}) decoded over all targets
 *   ({@link LatentNp.decodeWithLatents}); the decoder mean is a smooth function of x.
 */

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/core/rng.js';
import { allPoints } from './all-points.js';
import { BaseNeuralProcess } from './base-model.js';
import type { LatentNpConfig } from './config.js';
import { expandTo } from './expand.js';
import { gaussianLogDensity, maskedMean, pointLogDensity } from './gaussian.js';
import { GaussianHead } from './gaussian-head.js';
import type { NpBatch, Prediction } from './neural-process.js';
import { PoolingEncoder } from './pooling-encoder.js';

/** Floor and span of the latent standard deviation `0.1 + 0.9·sigmoid(ρ)`. */
const LATENT_MIN_STD = 0.1;

/** A diagonal Gaussian over z, `[B, latentDim]` each. */
export type LatentDistribution = {
  readonly mean: tf.Tensor2D;
  readonly std: tf.Tensor2D;
};

/** The latent NP's context encoding: `r` and q(z | C). */
export type LatentNpEncoding = {
  readonly batchSize: number;
  /** `[B, hidden]`. */
  readonly representation: tf.Tensor2D;
  readonly latent: LatentDistribution;
};

/** Per-sample predictions `[S, B, N, Dy]`. */
export type SampledPrediction = {
  readonly mean: tf.Tensor4D;
  readonly std: tf.Tensor4D;
};

/** Standard normal draws `[count, rows, width]` as a tensor. */
function standardNormals(rng: Rng, count: number, rows: number, width: number): tf.Tensor3D {
  return tf.tensor3d(Float32Array.from(rng.normals(count * rows * width)), [count, rows, width]);
}

/** Latent NP; parameter groups `deterministicEncoder`, `latentEncoder`, `decoder`. */
export class LatentNp extends BaseNeuralProcess<LatentNpConfig, LatentNpEncoding> {
  readonly deterministicEncoder: PoolingEncoder;
  readonly latentEncoder: PoolingEncoder;
  readonly decoder: GaussianHead;
  /** The fixed draws `[evaluationSamples, latentDim]` of predictions, shared by all batch rows and calls. */
  private readonly predictionDraws: Float32Array;

  constructor(config: LatentNpConfig, seed: string | number) {
    super(config, seed);
    const { xDim, yDim, hidden, latentDim } = config;
    const encoder = { inputSize: xDim + yDim, hidden, preDepth: config.encoderPreDepth, postDepth: config.encoderPostDepth };
    this.deterministicEncoder = new PoolingEncoder(this.store.scope('deterministicEncoder'), { ...encoder, outputSize: hidden });
    this.latentEncoder = new PoolingEncoder(this.store.scope('latentEncoder'), { ...encoder, outputSize: 2 * latentDim });
    this.decoder = new GaussianHead(this.store.scope('decoder'), {
      inputSize: hidden + latentDim + xDim, hidden: Array(config.decoderDepth - 1).fill(hidden), yDim, activation: 'relu',
      stdTransform: config.stdTransform, minStd: config.minStd,
    });
    this.predictionDraws = Float32Array.from(this.store.randomStream('prediction').normals(config.evaluationSamples * latentDim));
  }

  /** q(z | S) for a point set S. */
  latentDistribution(x: tf.Tensor3D, y: tf.Tensor3D, mask?: tf.Tensor2D): LatentDistribution {
    return tf.tidy(() => {
      const [mean, raw] = tf.split(this.latentEncoder.apply(x, y, mask), 2, 1) as tf.Tensor2D[];
      return { mean, std: tf.add(tf.mul(tf.sigmoid(raw), 1 - LATENT_MIN_STD), LATENT_MIN_STD) as tf.Tensor2D };
    });
  }

  /** `count` draws `[count, B, latentDim]` of z from the encoding's q(z | C). */
  sampleLatents(encoding: LatentNpEncoding, count: number, rng: Rng): tf.Tensor3D {
    if (!Number.isInteger(count) || count < 1) throw new Error(`sampleLatents: count must be a positive integer, got ${count}`);
    return tf.tidy(() => {
      const { mean, std } = encoding.latent;
      return tf.add(mean, tf.mul(std, standardNormals(rng, count, encoding.batchSize, this.config.latentDim))) as tf.Tensor3D;
    });
  }

  /** The decoder's Gaussians at `xt [B, N, Dx]` for each latent `z [S, B, latentDim]` → `[S, B, N, Dy]`. */
  decodeWithLatents(encoding: LatentNpEncoding, z: tf.Tensor3D, xt: tf.Tensor3D): SampledPrediction {
    const { batchSize } = encoding;
    const { latentDim } = this.config;
    if (z.rank !== 3 || z.shape[1] !== batchSize || z.shape[2] !== latentDim) {
      throw new Error(`decodeWithLatents: z [${z.shape.join(', ')}] must be [S, ${batchSize}, ${latentDim}]`);
    }
    if (xt.rank !== 3 || xt.shape[0] !== batchSize || xt.shape[2] !== this.config.xDim) {
      throw new Error(`decodeWithLatents: xt [${xt.shape.join(', ')}] must be [${batchSize}, N, ${this.config.xDim}]`);
    }
    return tf.tidy(() => this.decodeSamples(encoding.representation, z, xt));
  }

  /** Per-sample decoding of `[r, z_s, x]`. */
  private decodeSamples(representation: tf.Tensor2D, z: tf.Tensor3D, x: tf.Tensor3D): SampledPrediction {
    const samples = z.shape[0];
    const [batch, points, xDim] = x.shape;
    const inputs = tf.concat([
      expandTo(tf.reshape(representation, [1, batch, 1, -1]), [samples, batch, points, representation.shape[1]]),
      expandTo(tf.reshape(z, [samples, batch, 1, -1]), [samples, batch, points, z.shape[2]]),
      expandTo(tf.expandDims(x, 0), [samples, batch, points, xDim]),
    ], 3);
    const { mean, std } = this.decoder.apply(tf.reshape(inputs, [samples * batch, points, inputs.shape[3] as number]));
    const shape: [number, number, number, number] = [samples, batch, points, this.config.yDim];
    return { mean: tf.reshape(mean, shape) as tf.Tensor4D, std: tf.reshape(std, shape) as tf.Tensor4D };
  }

  protected encodeContext(xc: tf.Tensor3D, yc: tf.Tensor3D, ctxMask?: tf.Tensor2D): LatentNpEncoding {
    return {
      batchSize: xc.shape[0],
      representation: this.deterministicEncoder.apply(xc, yc, ctxMask),
      latent: this.latentDistribution(xc, yc, ctxMask),
    };
  }

  protected decodeTargets(encoding: LatentNpEncoding, xt: tf.Tensor3D): Prediction {
    const { evaluationSamples, latentDim } = this.config;
    const draws = tf.tensor3d(this.predictionDraws, [evaluationSamples, 1, latentDim]);
    const z = tf.add(encoding.latent.mean, tf.mul(encoding.latent.std, draws)) as tf.Tensor3D;
    const { mean, std } = this.decodeSamples(encoding.representation, z, xt);
    const mixtureMean = tf.mean(mean, 0);
    const variance = tf.add(tf.mean(tf.square(std), 0), tf.mean(tf.square(tf.sub(mean, mixtureMean)), 0));
    return { mean: mixtureMean as tf.Tensor3D, std: tf.sqrt(variance) as tf.Tensor3D };
  }

  protected targetFootprint(): number {
    const { evaluationSamples, hidden, latentDim, xDim } = this.config;
    return evaluationSamples * (hidden + latentDim + xDim);
  }

  /** The negative ELBO per point (see the module comment); `rng` draws the reparameterisation noise. */
  protected override objective(batch: NpBatch, rng?: Rng): tf.Scalar {
    const samples = this.config.trainingSamples;
    const stream = rng ?? this.store.randomStream('training');
    const points = allPoints(batch);
    const posterior = this.latentDistribution(points.x, points.y, points.mask);
    const prior = this.latentDistribution(batch.xc, batch.yc, batch.ctxMask);
    const z = tf.add(posterior.mean, tf.mul(posterior.std, standardNormals(stream, samples, batch.xc.shape[0], this.config.latentDim))) as tf.Tensor3D;
    const { mean, std } = this.decodeSamples(this.deterministicEncoder.apply(batch.xc, batch.yc, batch.ctxMask), z, points.x);
    const [size, total] = points.x.shape;
    const mask = points.mask ?? tf.ones([size, total]);
    const reconstruction = tf.sum(tf.mul(pointLogDensity(points.y, mean, std), mask), 2);
    const counts = tf.sum(mask, 1);
    if (samples === 1) {
      const kl = tf.sum(gaussianKl(posterior, prior), 1);
      return tf.mean(tf.div(tf.sub(kl, tf.squeeze(reconstruction, [0])), counts)) as tf.Scalar;
    }
    const logPrior = tf.sum(gaussianLogDensity(z, prior.mean, prior.std), 2);
    const logPosterior = tf.sum(gaussianLogDensity(z, posterior.mean, posterior.std), 2);
    const logWeights = tf.add(reconstruction, tf.sub(logPrior, logPosterior));
    const bound = tf.sub(tf.logSumExp(logWeights, 0), Math.log(samples));
    return tf.neg(tf.mean(tf.div(bound, counts))) as tf.Scalar;
  }

  /** Per-target `logmeanexp` over `evaluationSamples` draws of z ~ q(z | C), then the mean over real targets. */
  protected override targetLogLikelihood(batch: NpBatch, rng?: Rng): tf.Scalar {
    const encoding = this.encodeContext(batch.xc, batch.yc, batch.ctxMask);
    const samples = this.config.evaluationSamples;
    const z = this.sampleLatents(encoding, samples, rng ?? this.store.randomStream('evaluation'));
    const { mean, std } = this.decodeSamples(encoding.representation, z, batch.xt);
    const perTarget = tf.sub(tf.logSumExp(pointLogDensity(batch.yt, mean, std), 0), Math.log(samples));
    return maskedMean(perTarget, batch.tgtMask);
  }
}

/** `KL(q ‖ p)` per latent dimension for diagonal Gaussians. */
function gaussianKl(q: LatentDistribution, p: LatentDistribution): tf.Tensor {
  return tf.tidy(() => {
    const ratio = tf.div(q.std, p.std);
    const shift = tf.div(tf.sub(q.mean, p.mean), p.std);
    return tf.sub(tf.mul(tf.add(tf.square(ratio), tf.square(shift)), 0.5), tf.add(tf.log(ratio), 0.5));
  });
}
