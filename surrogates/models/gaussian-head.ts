/** The output layer of every model: an MLP emitting `(μ, ρ)` per point, with σ from ρ by the configured rule. */

import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../nn/activations.js';
import { MLP } from '../nn/mlp.js';
import type { ParameterScope } from '../nn/parameters.js';
import type { StdTransform } from './config.js';
import { stdFromRaw } from './gaussian.js';
import type { Prediction } from './neural-process.js';

/** Configuration of {@link GaussianHead}. */
export interface GaussianHeadConfig {
  readonly inputSize: number;
  /** Hidden layer sizes of the MLP (its output layer is `2·yDim`). */
  readonly hidden: readonly number[];
  readonly yDim: number;
  readonly activation: Activation;
  readonly stdTransform: StdTransform;
  readonly minStd: number;
}

/** `MLP[...hidden, 2·yDim]` → mean (first `yDim` outputs) and σ (from the last `yDim`); parameters under `mlp`. */
export class GaussianHead {
  readonly mlp: MLP;

  constructor(params: ParameterScope, readonly config: GaussianHeadConfig) {
    this.mlp = new MLP(params.scope('mlp'), config.inputSize, [...config.hidden, 2 * config.yDim], { activation: config.activation });
  }

  /** The predictive distribution of features `[..., inputSize]` → mean and std `[..., yDim]`. */
  apply(features: tf.Tensor): Prediction {
    return tf.tidy(() => {
      const [mean, raw] = tf.split(this.mlp.apply(features), 2, -1);
      return {
        mean: mean as tf.Tensor3D,
        std: stdFromRaw(raw, this.config.stdTransform, this.config.minStd) as tf.Tensor3D,
      };
    });
  }
}
