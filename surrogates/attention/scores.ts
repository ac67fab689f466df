/** Attention logits: scaled query–key products, plus an optional distance bias, with masked keys pushed to a finite −1e30. */

import * as tf from '@tensorflow/tfjs';
import type { DistanceBias } from './distance-bias.js';
import { pairwiseDistance } from './distance.js';

/**
 * The logit given to masked keys. Finite (no −∞ anywhere): softmax weights of masked keys underflow to 0, and
 * callers multiply probabilities by the mask so that rows whose keys are all masked give 0, not a uniform average.
 */
export const MASKED_LOGIT = -1e30;

/** A distance bias with explicit parameter tensors and the locations of one block of queries and keys. */
export interface BlockBias {
  readonly bias: DistanceBias;
  readonly params: readonly tf.Tensor[];
  /** `[B, Q, Dx]`. */
  readonly locQ: tf.Tensor;
  /** `[B, K, Dx]`. */
  readonly locK: tf.Tensor;
}

/** A key mask `[B, K]` (1 = valid, 0 = masked) reshaped to broadcast over `[B, H, Q, K]`. */
export function maskForScores(keyMask: tf.Tensor): tf.Tensor4D {
  const [batch, keys] = keyMask.shape;
  return tf.reshape(tf.cast(keyMask, 'float32'), [batch, 1, 1, keys]);
}

/**
 * `S = scale·q·kᵀ + bias(‖locQ − locK‖)`, then `S + (mask − 1)·1e30`, for `q [B, H, Q, dk]`, `k [B, H, K, dk]`,
 * `mask4 [B, 1, 1, K]` → `[B, H, Q, K]`.
 */
export function attentionScores(
  q: tf.Tensor,
  k: tf.Tensor,
  scale: number,
  mask4?: tf.Tensor,
  bias?: BlockBias,
): tf.Tensor4D {
  return tf.tidy(() => {
    let scores: tf.Tensor = tf.matMul(tf.mul(q, scale) as tf.Tensor4D, k as tf.Tensor4D, false, true);
    if (bias !== undefined) scores = tf.add(scores, bias.bias.evaluate(pairwiseDistance(bias.locQ, bias.locK), bias.params));
    if (mask4 !== undefined) scores = tf.add(scores, tf.mul(tf.sub(mask4, 1), -MASKED_LOGIT));
    return scores as tf.Tensor4D;
  });
}
