/**
 * What every model shares: the parameter store, input checks, memory hygiene (every public call runs in
 * `tf.tidy`), chunked prediction through `encode`/`decode`, and the Gaussian target likelihood. A model supplies
 * its encoder, its decoder and the size of its per-target activations.
 */

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/core/rng.js';
import { ParameterStore } from '../nn/parameters.js';
import type { ModelConfig } from './config.js';
import { maskedMean, pointLogDensity } from './gaussian.js';
import { checkBatch, checkContext, checkTargets } from './inputs.js';
import type { ContextEncoding, NeuralProcess, NpBatch, Prediction, PredictOptions } from './neural-process.js';
import { decodeInChunks, targetChunkSize } from './target-chunks.js';

/** Base of the models; `C` is the configuration type, `E` the encoding type. */
export abstract class BaseNeuralProcess<C extends ModelConfig, E extends ContextEncoding> implements NeuralProcess<E> {
  readonly seed: string;
  protected readonly store: ParameterStore;

  /** Creates the (empty) parameter store; subclasses build their modules on it. */
  constructor(readonly config: C, seed: string | number) {
    this.seed = String(seed);
    this.store = new ParameterStore(this.seed);
  }

  parameters(): ParameterStore {
    return this.store;
  }

  predict(xc: tf.Tensor3D, yc: tf.Tensor3D, xt: tf.Tensor3D, ctxMask?: tf.Tensor2D, options: PredictOptions = {}): Prediction {
    checkContext('predict', this.config, xc, yc, ctxMask);
    const [batch, numTargets] = xt.shape;
    checkTargets('predict', this.config, xc.shape[0], xt);
    const chunk = targetChunkSize(batch, numTargets, this.targetFootprint(xc.shape[1]), options.chunkSize);
    return tf.tidy(() => {
      const encoding = this.encodeContext(xc, yc, ctxMask);
      return decodeInChunks(xt, chunk, (part) => this.decodeTargets(encoding, part));
    });
  }

  encode(xc: tf.Tensor3D, yc: tf.Tensor3D, ctxMask?: tf.Tensor2D): E {
    checkContext('encode', this.config, xc, yc, ctxMask);
    return tf.tidy(() => this.encodeContext(xc, yc, ctxMask));
  }

  decode(encoding: E, xt: tf.Tensor3D): Prediction {
    checkTargets('decode', this.config, encoding.batchSize, xt);
    return tf.tidy(() => this.decodeTargets(encoding, xt));
  }

  loss(batch: NpBatch, rng?: Rng): tf.Scalar {
    checkBatch('loss', this.config, batch);
    return tf.tidy(() => this.objective(batch, rng));
  }

  logLikelihood(batch: NpBatch, rng?: Rng): tf.Scalar {
    checkBatch('logLikelihood', this.config, batch);
    return tf.tidy(() => this.targetLogLikelihood(batch, rng));
  }

  afterTrainingStep(_step: number): void {}

  dispose(): void {
    this.store.dispose();
  }

  /** The encoding of a checked context (runs inside `tf.tidy`). */
  protected abstract encodeContext(xc: tf.Tensor3D, yc: tf.Tensor3D, ctxMask?: tf.Tensor2D): E;

  /** Predictions at checked targets from an encoding (runs inside `tf.tidy`). */
  protected abstract decodeTargets(encoding: E, xt: tf.Tensor3D): Prediction;

  /** Floats per target and batch row of the largest tensor decoding creates, for a context of `numContext` points. */
  protected abstract targetFootprint(numContext: number): number;

  /** Predictions at the batch's targets as used in training (default: encode then decode). */
  protected targetPrediction(batch: NpBatch): Prediction {
    return this.decodeTargets(this.encodeContext(batch.xc, batch.yc, batch.ctxMask), batch.xt);
  }

  /** The training objective (default: mean target negative log-likelihood). */
  protected objective(batch: NpBatch, rng?: Rng): tf.Scalar {
    return tf.neg(this.targetLogLikelihood(batch, rng));
  }

  /** Mean log density over the real (function, target) pairs. */
  protected targetLogLikelihood(batch: NpBatch, _rng?: Rng): tf.Scalar {
    const { mean, std } = this.targetPrediction(batch);
    return maskedMean(pointLogDensity(batch.yt, mean, std), batch.tgtMask);
  }
}
