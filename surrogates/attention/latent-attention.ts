/**
 * The attention layer of CMANP: `heads × headDim` heads, query projection `Wq` and joint key/value projection
 * `Wkv` without biases, output projection `Wo` with bias, logit scale `1/√headDim`. Its cross-attention can be
 * split into a key-side {@link SoftmaxSummary} (streamable: summaries of new points combine exactly) and a
 * projection of that summary.
 */

import * as tf from '@tensorflow/tfjs';
import { Dense } from '../nn/dense.js';
import type { ParameterScope } from '../nn/parameters.js';
import { denseAttention } from './dense-attention.js';
import { mergeHeads, splitHeads } from './heads.js';
import { attentionScores, maskForScores } from './scores.js';
import { summarizeBlock, type SoftmaxSummary } from './softmax-summary.js';

/** Configuration of {@link LatentAttention}. */
export interface LatentAttentionConfig {
  /** Token width (64). */
  readonly dim: number;
  /** Default 4. */
  readonly heads?: number;
  /** Default 16. */
  readonly headDim?: number;
}

/** CMANP attention; parameters `query`, `keyValue`, `output`. */
export class LatentAttention {
  readonly heads: number;
  readonly headDim: number;
  readonly query: Dense;
  readonly keyValue: Dense;
  readonly output: Dense;

  constructor(params: ParameterScope, config: LatentAttentionConfig) {
    this.heads = config.heads ?? 4;
    this.headDim = config.headDim ?? 16;
    const inner = this.heads * this.headDim;
    this.query = new Dense(params.scope('query'), config.dim, inner, { bias: false });
    this.keyValue = new Dense(params.scope('keyValue'), config.dim, 2 * inner, { bias: false });
    this.output = new Dense(params.scope('output'), inner, config.dim);
  }

  /** Per-head queries `[B, H, L, headDim]` of tokens `[B, L, dim]`. */
  queries(x: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => splitHeads(this.query.apply(x), this.heads));
  }

  /** The summary of attention from `queries` (from {@link LatentAttention.queries}) to tokens `[B, N, dim]`. */
  summarize(queries: tf.Tensor, tokens: tf.Tensor, keyMask?: tf.Tensor): SoftmaxSummary {
    return tf.tidy(() => {
      const [keys, values] = tf.split(this.keyValue.apply(tokens), 2, -1);
      const mask4 = keyMask === undefined ? undefined : maskForScores(keyMask);
      const scores = attentionScores(queries, splitHeads(keys, this.heads), 1 / Math.sqrt(this.headDim), mask4);
      return summarizeBlock(scores, splitHeads(values, this.heads), mask4);
    });
  }

  /** The layer's output `[B, L, dim]` from a summary's per-head outputs. */
  project(summary: SoftmaxSummary): tf.Tensor3D {
    return tf.tidy(() => this.output.apply(mergeHeads(summary.output)) as tf.Tensor3D);
  }

  /** Attention from `query [B, L, dim]` to `context [B, N, dim]` → `[B, L, dim]`. */
  apply(query: tf.Tensor, context: tf.Tensor, keyMask?: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() => {
      const [keys, values] = tf.split(this.keyValue.apply(context), 2, -1);
      const attended = denseAttention(this.queries(query), splitHeads(keys, this.heads), splitHeads(values, this.heads), {
        ...(keyMask === undefined ? {} : { keyMask }),
      });
      return this.output.apply(mergeHeads(attended)) as tf.Tensor3D;
    });
  }
}
