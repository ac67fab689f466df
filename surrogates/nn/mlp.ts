/** Multi-layer perceptron: `MLP[a, b, c]` = Dense(a) → act → Dense(b) → act → Dense(c), no activation after the last layer. */

import * as tf from '@tensorflow/tfjs';
import { activate, type Activation } from './activations.js';
import { Dense } from './dense.js';
import type { ParameterScope } from './parameters.js';

/** Options of {@link MLP}. */
export interface MLPOptions {
  /** Activation between layers (default 'gelu'). */
  readonly activation?: Activation;
}

/** A stack of {@link Dense} layers named `layer0`, `layer1`, …; biases on. */
export class MLP {
  readonly layers: readonly Dense[];
  readonly activation: Activation;

  constructor(params: ParameterScope, readonly inputSize: number, readonly sizes: readonly number[], options: MLPOptions = {}) {
    if (sizes.length === 0) throw new Error('MLP: sizes must name at least one layer');
    this.activation = options.activation ?? 'gelu';
    const layers: Dense[] = [];
    let width = inputSize;
    sizes.forEach((size, i) => {
      layers.push(new Dense(params.scope(`layer${i}`), width, size));
      width = size;
    });
    this.layers = layers;
  }

  /** Width of the output. */
  get outputSize(): number {
    return this.sizes[this.sizes.length - 1];
  }

  /** Applies the stack to the last axis of `x`. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let h = x;
      this.layers.forEach((layer, i) => {
        h = layer.apply(h);
        if (i < this.layers.length - 1) h = activate(this.activation, h);
      });
      return h;
    });
  }
}
