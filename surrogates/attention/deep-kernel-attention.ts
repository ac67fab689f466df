/**
 * Deep kernel attention (DKA) of TNP-KR: a learned feature map Φ on `[location, token]` defines the kernel
 * `κ(q, k) = ⟨Φ(s_q, h_q), Φ(s_k, h_k)⟩ / √d`, and the output is the kernel-weighted mean of the values over the
 * valid keys, `LN(φ(Q)·Σ_k φ(k) v(k)ᵀ / n)` — single head, no softmax, no random features, cost linear in the
 * number of keys. Locations enter only through Φ, so DKA takes no distance bias.
 *
 * The key side reduces to a {@link KernelSummary} (a sum over keys), so context can be added incrementally.
 */

import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../nn/activations.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { MLP } from '../nn/mlp.js';
import type { ParameterScope } from '../nn/parameters.js';
import { chunkRanges, DEFAULT_KEY_CHUNK, sliceAxis } from './chunking.js';

/** Configuration of {@link DeepKernelAttention}. */
export interface DeepKernelAttentionConfig {
  /** Token width d (64 in TNP-KR). */
  readonly inputDim: number;
  /** Location width Dx. */
  readonly locationDim: number;
  /** Feature map sizes, Φ = MLP (default [128, 128]); the last is the number of features. */
  readonly featureSizes?: readonly number[];
  /** Value network sizes (default [128, inputDim]). */
  readonly valueSizes?: readonly number[];
  /** Activation in Φ and the value network (default 'gelu'). */
  readonly activation?: Activation;
  /** Keys per summarising step (default {@link DEFAULT_KEY_CHUNK}). */
  readonly keyChunk?: number;
}

/** The key side of DKA: sums over the valid keys. */
export type KernelSummary = {
  /** `Σ_k φ(k)·v(k)ᵀ`, `[B, features, valueDim]`. */
  readonly kv: tf.Tensor3D;
  /** Number of valid keys, `[B, 1, 1]`. */
  readonly count: tf.Tensor3D;
};

/** Inputs of {@link DeepKernelAttention.apply}. */
export interface DeepKernelAttentionInputs {
  /** `[B, Q, inputDim]`. */
  readonly query: tf.Tensor;
  /** `[B, K, inputDim]`. */
  readonly key: tf.Tensor;
  /** `[B, Q, locationDim]`. */
  readonly locQ: tf.Tensor;
  /** `[B, K, locationDim]`. */
  readonly locK: tf.Tensor;
  /** `[B, K]`, 1 = valid. */
  readonly keyMask?: tf.Tensor;
}

/** The summary over the union of two disjoint key sets. */
export function combineKernelSummaries(a: KernelSummary, b: KernelSummary): KernelSummary {
  return tf.tidy(() => ({ kv: tf.add(a.kv, b.kv) as tf.Tensor3D, count: tf.add(a.count, b.count) as tf.Tensor3D }));
}

/** DKA; parameters `features` (Φ), `values`, `norm` (the inner LayerNorm). */
export class DeepKernelAttention {
  readonly features: MLP;
  readonly values: MLP;
  readonly norm: LayerNorm;
  private readonly featureScale: number;

  constructor(params: ParameterScope, readonly config: DeepKernelAttentionConfig) {
    const { inputDim, locationDim } = config;
    const activation = config.activation ?? 'gelu';
    this.features = new MLP(params.scope('features'), locationDim + inputDim, config.featureSizes ?? [128, 128], { activation });
    this.values = new MLP(params.scope('values'), inputDim, config.valueSizes ?? [128, inputDim], { activation });
    this.norm = new LayerNorm(params.scope('norm'), this.values.outputSize);
    this.featureScale = inputDim ** -0.25;
  }

  /** `Φ([loc, token]) / d^{1/4}` → `[B, L, features]`. */
  featureMap(tokens: tf.Tensor, locations: tf.Tensor): tf.Tensor3D {
    const [batch, length] = tokens.shape as number[];
    const loc = locations.shape as number[];
    if (locations.rank !== 3 || loc[0] !== batch || loc[1] !== length || loc[2] !== this.config.locationDim) {
      throw new Error(`DeepKernelAttention: locations [${loc.join(', ')}] must be [${batch}, ${length}, ${this.config.locationDim}]`);
    }
    return tf.tidy(() => tf.mul(this.features.apply(tf.concat([locations, tokens], 2)), this.featureScale) as tf.Tensor3D);
  }

  /** Sums the valid keys into a summary (masked keys contribute nothing), `keyChunk` keys at a time. */
  summarize(key: tf.Tensor, locK: tf.Tensor, keyMask?: tf.Tensor): KernelSummary {
    const [batch, keys] = key.shape as number[];
    if (keyMask !== undefined && (keyMask.rank !== 2 || keyMask.shape[0] !== batch || keyMask.shape[1] !== keys)) {
      throw new Error(`DeepKernelAttention: keyMask [${keyMask.shape.join(', ')}] must be [${batch}, ${keys}]`);
    }
    let total: KernelSummary | undefined;
    for (const range of chunkRanges(keys, this.config.keyChunk ?? DEFAULT_KEY_CHUNK)) {
      const next = tf.tidy(() => {
        const part = this.summarizeAll(sliceAxis(key, 1, range), sliceAxis(locK, 1, range), keyMask === undefined ? undefined : sliceAxis(keyMask, 1, range));
        return total === undefined ? part : combineKernelSummaries(total, part);
      });
      if (total !== undefined) tf.dispose([total.kv, total.count]);
      total = next;
    }
    if (total === undefined) throw new Error('DeepKernelAttention: no keys to summarise');
    return total;
  }

  /** The summary of all of `key` in one step. */
  private summarizeAll(key: tf.Tensor, locK: tf.Tensor, keyMask?: tf.Tensor): KernelSummary {
    const [batch, keys] = key.shape as number[];
    return tf.tidy(() => {
      const mask = keyMask === undefined ? tf.ones([batch, keys, 1]) : tf.reshape(tf.cast(keyMask, 'float32'), [batch, keys, 1]);
      const phi = tf.mul(this.featureMap(key, locK), mask);
      return {
        kv: tf.matMul(phi as tf.Tensor3D, this.values.apply(key) as tf.Tensor3D, true, false),
        count: tf.sum(mask, 1, true) as tf.Tensor3D,
      };
    });
  }

  /** Reads the summary at the queries → `[B, Q, valueDim]` (the mean over valid keys; 0 before the LayerNorm when there are none). */
  read(summary: KernelSummary, query: tf.Tensor, locQ: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() => {
      const mean = tf.div(summary.kv, tf.maximum(summary.count, 1));
      return this.norm.apply(tf.matMul(this.featureMap(query, locQ), mean as tf.Tensor3D)) as tf.Tensor3D;
    });
  }

  /** Attends from the queries to the keys. */
  apply(inputs: DeepKernelAttentionInputs): tf.Tensor3D {
    if ('bias' in inputs) throw new Error('DeepKernelAttention: takes no distance bias (locations enter through the feature map)');
    return tf.tidy(() => this.read(this.summarize(inputs.key, inputs.locK, inputs.keyMask), inputs.query, inputs.locQ));
  }
}
