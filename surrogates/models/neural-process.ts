/**
 * The interface every neural-process model implements. All tensors are float32 and batch-first: inputs
 * `[B, N, Dx]`, outputs `[B, N, Dy]`, masks `[B, N]` with 1 for a real point and 0 for padding (ragged batches).
 * Every row of a context mask needs at least one real point.
 */

import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/core/rng.js';
import type { ParameterStore } from '../nn/parameters.js';
import type { ModelConfig } from './config.js';

/** A diagonal Gaussian predictive per target (a type alias, so that `tf.tidy` can return it). */
export type Prediction = {
  /** `[B, Nt, Dy]`. */
  readonly mean: tf.Tensor3D;
  /** `[B, Nt, Dy]`, positive. */
  readonly std: tf.Tensor3D;
};

/** One training or evaluation batch of tasks. */
export interface NpBatch {
  /** Context inputs `[B, Nc, Dx]`. */
  readonly xc: tf.Tensor3D;
  /** Context values `[B, Nc, Dy]`. */
  readonly yc: tf.Tensor3D;
  /** Target inputs `[B, Nt, Dx]`. */
  readonly xt: tf.Tensor3D;
  /** Target values `[B, Nt, Dy]`. */
  readonly yt: tf.Tensor3D;
  /** `[B, Nc]`, 1 = real context point (default: all real). */
  readonly ctxMask?: tf.Tensor2D;
  /** `[B, Nt]`, 1 = real target (default: all real). */
  readonly tgtMask?: tf.Tensor2D;
}

/** Options of {@link NeuralProcess.predict}. */
export interface PredictOptions {
  /**
   * Targets decoded per pass (default: as many as keep the largest live tensor near 64 MiB). Results do not
   * depend on it: targets never interact.
   */
  readonly chunkSize?: number;
}

/**
 * A model's summary of a context set, computed once by {@link NeuralProcess.encode} and read by any number of
 * {@link NeuralProcess.decode} calls. The caller owns its tensors: release them with `tf.dispose(encoding)`.
 */
export type ContextEncoding = tf.TensorContainerObject & {
  /** The batch size B of the context it summarises. */
  readonly batchSize: number;
};

/** A neural process: a map from a context set to predictive distributions at target inputs. */
export interface NeuralProcess<E extends ContextEncoding = ContextEncoding> {
  /** The complete, serialisable configuration the model was built from. */
  readonly config: ModelConfig;
  /** The seed of the initial weights and of the model's fixed random draws. */
  readonly seed: string;
  /** Every parameter of the model (trainable ones via `trainableVariables()`, for the optimiser). */
  parameters(): ParameterStore;
  /**
   * Predictive mean and standard deviation at `xt [B, Nt, Dx]` given the context `xc [B, Nc, Dx]`, `yc
   * [B, Nc, Dy]` (and `ctxMask [B, Nc]`). Deterministic: repeated calls give the same values.
   */
  predict(xc: tf.Tensor3D, yc: tf.Tensor3D, xt: tf.Tensor3D, ctxMask?: tf.Tensor2D, options?: PredictOptions): Prediction;
  /** The context summary that {@link NeuralProcess.decode} reads (for scoring many target sets against one context). */
  encode(xc: tf.Tensor3D, yc: tf.Tensor3D, ctxMask?: tf.Tensor2D): E;
  /** Predictions at `xt` from an encoding of this model; `predict` = `encode` then `decode` (in chunks). */
  decode(encoding: E, xt: tf.Tensor3D): Prediction;
  /**
   * The training objective as a scalar to minimise (mean target NLL; CNP: over context and targets; latent NP:
   * the negative (importance-weighted) ELBO per point). `rng` drives latent samples (default: a fixed stream
   * derived from the seed); deterministic models ignore it.
   */
  loss(batch: NpBatch, rng?: Rng): tf.Scalar;
  /**
   * The batch's mean target log-likelihood as the papers report it: the mean over (function, target) of the
   * per-target log density (latent NP: per-target log-mean-exp over `evaluationSamples` draws of z from q(z|C)).
   */
  logLikelihood(batch: NpBatch, rng?: Rng): tf.Scalar;
  /** Called by a trainer after each optimiser step (1-based); e.g. redraws Performer features when configured. */
  afterTrainingStep(step: number): void;
  /** Releases every parameter. */
  dispose(): void;
}
