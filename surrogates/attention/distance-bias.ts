/**
 * Attention biases that depend on the distance between query and key locations. Implementations hold their
 * parameters as tfjs variables but evaluate from explicitly passed tensors, so chunked attention can
 * differentiate a block's bias with respect to them.
 */

import type * as tf from '@tensorflow/tfjs';

/** A per-head function of distance added to attention logits. */
export interface DistanceBias {
  /** Number of attention heads it produces a bias for. */
  readonly heads: number;
  /** Its trainable parameters, in the order {@link DistanceBias.evaluate} expects them. */
  readonly params: readonly tf.Variable[];
  /** The bias `[B, H, Q, K]` for distances `[B, Q, K]`, computed from `params` (same shapes as {@link DistanceBias.params}). */
  evaluate(distance: tf.Tensor3D, params: readonly tf.Tensor[]): tf.Tensor4D;
}

/** A distance bias together with the locations of the queries `[B, Q, Dx]` and keys `[B, K, Dx]`. */
export interface LocatedBias {
  readonly bias: DistanceBias;
  readonly locQ: tf.Tensor;
  readonly locK: tf.Tensor;
}
