/**
 * Multi-head softmax attention with query/key projections, a value network, an output projection and an
 * optional distance bias, computed densely or by scan attention. With `keyDim 32`, `values [128, 64]` (ReLU) and
 * 4 heads it is TNP-KR's attention (per-head q/k width 32, v width 16, logit scale 1/√32).
 */

import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../nn/activations.js';
import { applyDenseLayers, Dense } from '../nn/dense.js';
import { MLP } from '../nn/mlp.js';
import type { ParameterScope } from '../nn/parameters.js';
import { denseAttention } from './dense-attention.js';
import type { DistanceBias } from './distance-bias.js';
import { mergeHeads, splitHeads } from './heads.js';
import { scanAttention } from './scan-attention.js';

/** How the attention weights are computed: all at once, or block by block with bounded memory. */
export type AttentionMechanism = 'dense' | 'scan';

/** Configuration of {@link MultiHeadAttention}. */
export interface MultiHeadAttentionConfig {
  /** Width of the query, key and value tokens. */
  readonly inputDim: number;
  readonly heads: number;
  /** Per-head query/key width. */
  readonly keyDim: number;
  /** Layer sizes of the value network (one size = a Dense layer); the last must divide by `heads`. */
  readonly valueSizes: readonly number[];
  /** Activation inside a multi-layer value network (default 'relu'). */
  readonly valueActivation?: Activation;
  readonly outputDim: number;
  /** Default 'dense'. */
  readonly mechanism?: AttentionMechanism;
  /** A distance bias with `heads` heads; then every call needs `locQ` and `locK`. */
  readonly bias?: DistanceBias;
  /** Chunk sizes for 'scan' (defaults: see `scanAttention`). */
  readonly queryChunk?: number;
  readonly keyChunk?: number;
}

/** Inputs of {@link MultiHeadAttention.apply}. */
export interface MultiHeadAttentionInputs {
  /** `[B, Q, inputDim]`. */
  readonly query: tf.Tensor;
  /** `[B, K, inputDim]`. */
  readonly key: tf.Tensor;
  /** `[B, K, inputDim]` (default: `key`). */
  readonly value?: tf.Tensor;
  /** `[B, K]`, 1 = valid. */
  readonly keyMask?: tf.Tensor;
  /** Query locations `[B, Q, Dx]` (required with a bias). */
  readonly locQ?: tf.Tensor;
  /** Key locations `[B, K, Dx]` (required with a bias). */
  readonly locK?: tf.Tensor;
}

/** Multi-head attention; parameters `query`, `key`, `value`, `output` (and the bias's own). */
export class MultiHeadAttention {
  readonly query: Dense;
  readonly key: Dense;
  readonly value: MLP;
  readonly output: Dense;
  readonly mechanism: AttentionMechanism;

  constructor(params: ParameterScope, readonly config: MultiHeadAttentionConfig) {
    const { inputDim, heads, keyDim, valueSizes, outputDim } = config;
    const valueWidth = valueSizes[valueSizes.length - 1];
    if (valueWidth === undefined || valueWidth % heads !== 0) {
      throw new Error(`MultiHeadAttention: the value width ${valueWidth} must be a multiple of heads (${heads})`);
    }
    if (config.bias !== undefined && config.bias.heads !== heads) {
      throw new Error(`MultiHeadAttention: the bias has ${config.bias.heads} heads, the attention ${heads}`);
    }
    this.query = new Dense(params.scope('query'), inputDim, heads * keyDim);
    this.key = new Dense(params.scope('key'), inputDim, heads * keyDim);
    this.value = new MLP(params.scope('value'), inputDim, valueSizes, { activation: config.valueActivation ?? 'relu' });
    this.output = new Dense(params.scope('output'), valueWidth, outputDim);
    this.mechanism = config.mechanism ?? 'dense';
  }

  /**
   * Queries, keys and values `[B, L, width]`. In self-attention (`key` is `query`) the query and key projections,
   * and a single-layer value network reading the same tokens, run as one product.
   */
  private project(inputs: MultiHeadAttentionInputs): tf.Tensor[] {
    const value = inputs.value ?? inputs.key;
    if (inputs.key !== inputs.query) return [this.query.apply(inputs.query), this.key.apply(inputs.key), this.value.apply(value)];
    if (value === inputs.key && this.value.layers.length === 1) return applyDenseLayers(inputs.query, [this.query, this.key, this.value.layers[0]]);
    return [...applyDenseLayers(inputs.query, [this.query, this.key]), this.value.apply(value)];
  }

  /** Attends from `query` to `key`/`value` → `[B, Q, outputDim]`. */
  apply(inputs: MultiHeadAttentionInputs): tf.Tensor3D {
    const { heads, bias } = this.config;
    if (bias !== undefined && (inputs.locQ === undefined || inputs.locK === undefined)) {
      throw new Error('MultiHeadAttention: a distance bias needs locQ and locK');
    }
    return tf.tidy(() => {
      const projected = this.project(inputs);
      const [q, k, v] = projected.map((p) => splitHeads(p, heads));
      const options = {
        ...(inputs.keyMask === undefined ? {} : { keyMask: inputs.keyMask }),
        ...(bias === undefined ? {} : { bias: { bias, locQ: inputs.locQ!, locK: inputs.locK! } }),
      };
      const attended = this.mechanism === 'scan'
        ? scanAttention(q, k, v, {
            ...options,
            ...(this.config.queryChunk === undefined ? {} : { queryChunk: this.config.queryChunk }),
            ...(this.config.keyChunk === undefined ? {} : { keyChunk: this.config.keyChunk }),
          })
        : denseAttention(q, k, v, options);
      return this.output.apply(mergeHeads(attended)) as tf.Tensor3D;
    });
  }
}
