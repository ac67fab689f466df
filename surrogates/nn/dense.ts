/** A fully connected layer `y = x·W + b` over the last axis. */

import * as tf from '@tensorflow/tfjs';
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

/**
 * The outputs of several {@link Dense} layers applied to the same input, computed as one product with the
 * kernels (and biases) side by side: one wider matrix product runs faster on XNNPACK than several narrow ones.
 * The layers must share their input size and either all have biases or none.
 */
export function applyDenseLayers(x: tf.Tensor, layers: readonly Dense[]): tf.Tensor[] {
  const withBias = layers.map((l) => l.bias !== undefined);
  if (layers.length === 0 || layers.some((l) => l.inputSize !== layers[0].inputSize) || withBias.some((b) => b !== withBias[0])) {
    throw new Error('applyDenseLayers: the layers must share their input size and all or none have biases');
  }
  if (layers.length === 1) return [layers[0].apply(x)];
  return tf.tidy(() => {
    const kernel = tf.concat(layers.map((l) => l.kernel), 1);
    const bias = withBias[0] ? tf.concat(layers.map((l) => l.bias!), 0) : undefined;
    return tf.split(linear(x, kernel, bias), layers.map((l) => l.outputSize), -1);
  });
}
