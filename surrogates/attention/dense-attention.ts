/** Exact softmax attention over all keys at once (the reference the chunked mechanisms are tested against). */

import * as tf from '@tensorflow/tfjs';
import type { LocatedBias } from './distance-bias.js';
import { attentionScores, maskForScores } from './scores.js';

/** Options shared by the softmax attention functions. */
export interface AttentionOptions {
  /** `[B, K]`, 1 for valid keys and 0 for masked ones (default: all valid). */
  readonly keyMask?: tf.Tensor;
  /** A distance bias and the query/key locations. */
  readonly bias?: LocatedBias;
  /** Logit scale (default `1/√dk`). */
  readonly scale?: number;
}

/** Checks `q [B,H,Q,dk]`, `k [B,H,K,dk]`, `v [B,H,K,dv]` and the options against each other. */
export function checkAttentionInputs(name: string, q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, options: AttentionOptions): void {
  const [b, h, queries, dk] = q.shape as number[];
  const [bk, hk, keys, dkk] = k.shape as number[];
  const shapes = `q [${q.shape.join(', ')}], k [${k.shape.join(', ')}], v [${v.shape.join(', ')}]`;
  if (q.rank !== 4 || k.rank !== 4 || v.rank !== 4 || bk !== b || hk !== h || dkk !== dk ||
      v.shape[0] !== b || v.shape[1] !== h || v.shape[2] !== keys) {
    throw new Error(`${name}: ${shapes} must be [B, H, Q, dk], [B, H, K, dk], [B, H, K, dv]`);
  }
  const mask = options.keyMask;
  if (mask !== undefined && (mask.rank !== 2 || mask.shape[0] !== b || mask.shape[1] !== keys)) {
    throw new Error(`${name}: keyMask [${mask.shape.join(', ')}] must be [${b}, ${keys}]`);
  }
  const bias = options.bias;
  if (bias !== undefined) {
    if (bias.bias.heads !== h) throw new Error(`${name}: the distance bias has ${bias.bias.heads} heads, the inputs ${h}`);
    if (bias.locQ.rank !== 3 || bias.locQ.shape[0] !== b || bias.locQ.shape[1] !== queries) {
      throw new Error(`${name}: bias.locQ [${bias.locQ.shape.join(', ')}] must be [${b}, ${queries}, Dx]`);
    }
    if (bias.locK.rank !== 3 || bias.locK.shape[0] !== b || bias.locK.shape[1] !== keys) {
      throw new Error(`${name}: bias.locK [${bias.locK.shape.join(', ')}] must be [${b}, ${keys}, Dx]`);
    }
  }
}

/**
 * Softmax attention `softmax(q·kᵀ/√dk + bias + mask)·v` for `q [B,H,Q,dk]`, `k [B,H,K,dk]`, `v [B,H,K,dv]` →
 * `[B,H,Q,dv]`. Probabilities are multiplied by the key mask, so a row whose keys are all masked gives 0.
 * Memory `O(B·H·Q·K)`: use {@link scanAttention} for large Q·K.
 */
export function denseAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, options: AttentionOptions = {}): tf.Tensor4D {
  checkAttentionInputs('denseAttention', q, k, v, options);
  const scale = options.scale ?? 1 / Math.sqrt(q.shape[3] as number);
  return tf.tidy(() => {
    const mask4 = options.keyMask === undefined ? undefined : maskForScores(options.keyMask);
    const bias = options.bias === undefined ? undefined : { ...options.bias, params: options.bias.bias.params };
    let weights: tf.Tensor = tf.softmax(attentionScores(q, k, scale, mask4, bias));
    if (mask4 !== undefined) weights = tf.mul(weights, mask4);
    return tf.matMul(weights as tf.Tensor4D, v as tf.Tensor4D);
  });
}
