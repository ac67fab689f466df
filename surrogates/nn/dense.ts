/** A fully connected layer `y = x·W + b` over the last axis. */

import type * as tf from '@tensorflow/tfjs';
import { glorotUniform, zeros } from './initializers.js';
import { linear } from './linear.js';
import type { ParameterScope } from './parameters.js';

/** Options of {@link Dense}. */
export interface DenseOptions {
  /** Add a bias (default true). */
  readonly bias?: boolean;
}

/** `[..., inputSize]` → `[..., outputSize]`; parameters `kernel` (Glorot uniform) and `bias` (zeros). */
export class Dense {
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;

  constructor(params: ParameterScope, readonly inputSize: number, readonly outputSize: number, options: DenseOptions = {}) {
    this.kernel = params.create('kernel', [inputSize, outputSize], glorotUniform);
    if (options.bias ?? true) this.bias = params.create('bias', [outputSize], zeros);
  }

  /** Applies the layer to the last axis of `x`. */
  apply(x: tf.Tensor): tf.Tensor {
    return linear(x, this.kernel, this.bias);
  }
}
