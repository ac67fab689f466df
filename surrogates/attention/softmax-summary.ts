/**
 * Softmax attention over a set of keys, summarised per query row by its log-normaliser and its (normalised)
 * output. Summaries of disjoint key sets combine exactly into the summary of their union — the online-softmax
 * identity behind scan attention and CMANP's streaming updates:
 * `c = logaddexp(c₁, c₂)`, `o = exp(c₁ − c)·o₁ + exp(c₂ − c)·o₂`.
 */

import * as tf from '@tensorflow/tfjs';
import { fastExp } from '../backend/fast-math.js';
import { MASKED_LOGIT } from './scores.js';

/** Attention of each query row over some keys (a type alias, so that `tf.tidy` can return it). */
export type SoftmaxSummary = {
  /** `log Σ_valid exp(s)` per row, `[B, H, Q, 1]`; about −1e30 when the row has no valid key. */
  readonly logNorm: tf.Tensor4D;
  /** `Σ softmax(s)·v` per row, `[B, H, Q, dv]`; 0 when the row has no valid key. */
  readonly output: tf.Tensor4D;
};

/** Below this a row's weight sum counts as empty (valid rows have a sum ≥ 1). */
const EMPTY_SUM = 1e-30;

/**
 * Summarises one block: `scores [B,H,Q,K]` (masked keys already at −1e30), `values [B,H,K,dv]`, and `mask4
 * [B,1,1,K]` to zero the masked keys' weights.
 */
export function summarizeBlock(scores: tf.Tensor, values: tf.Tensor, mask4?: tf.Tensor): SoftmaxSummary {
  return tf.tidy(() => {
    const rowMax = tf.max(scores, -1, true);
    let weights = fastExp(tf.sub(scores, rowMax));
    if (mask4 !== undefined) weights = tf.mul(weights, mask4);
    const sum = tf.maximum(tf.sum(weights, -1, true), EMPTY_SUM);
    const output = tf.div(tf.matMul(weights as tf.Tensor4D, values as tf.Tensor4D), sum) as tf.Tensor4D;
    return { logNorm: tf.add(rowMax, tf.log(sum)) as tf.Tensor4D, output };
  });
}

/** The summary of a row set with no keys yet: log-normaliser −1e30, output 0. */
export function emptySummary(batch: number, heads: number, queries: number, valueDim: number): SoftmaxSummary {
  return tf.tidy(() => ({
    logNorm: tf.fill([batch, heads, queries, 1], MASKED_LOGIT) as tf.Tensor4D,
    output: tf.zeros([batch, heads, queries, valueDim]) as tf.Tensor4D,
  }));
}

/** The exact summary over the union of two disjoint key sets. */
export function combineSummaries(a: SoftmaxSummary, b: SoftmaxSummary): SoftmaxSummary {
  return tf.tidy(() => {
    const top = tf.maximum(a.logNorm, b.logNorm);
    const wa = fastExp(tf.sub(a.logNorm, top));
    const wb = fastExp(tf.sub(b.logNorm, top));
    const total = tf.add(wa, wb);
    return {
      logNorm: tf.add(top, tf.log(total)) as tf.Tensor4D,
      output: tf.div(tf.add(tf.mul(wa, a.output), tf.mul(wb, b.output)), total) as tf.Tensor4D,
    };
  });
}

/** Releases a summary's tensors. */
export function disposeSummary(summary: SoftmaxSummary): void {
  tf.dispose([summary.logNorm, summary.output]);
}
