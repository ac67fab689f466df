/**
 * Attention that reads a cached context: the key side (`keys`) is computed once from the context tokens, and any
 * number of query sets read it (`read`). Adapters over the attention library's mechanisms:
 * - {@link ProjectedAttention}: multi-head softmax attention (dense or scan, with an optional distance bias) —
 *   TNP-KR's scan variant and TNP-D;
 * - {@link DeepKernelContextAttention}: deep kernel attention — TNP-KR's DKA variant;
 * - {@link PerformerContextAttention}: FAVOR+ — TNP-KR's Performer variant.
 *
 * Keys own their tensors (inputs are cloned), so an encoding can be disposed without touching the caller's data.
 */

import * as tf from '@tensorflow/tfjs';
import { denseAttention } from '../attention/dense-attention.js';
import type { DeepKernelAttention, KernelSummary } from '../attention/deep-kernel-attention.js';
import { mergeHeads, splitHeads } from '../attention/heads.js';
import type { MultiHeadAttention } from '../attention/multi-head-attention.js';
import type { FavorSummary, PerformerAttention } from '../attention/performer-attention.js';
import { DEFAULT_BLOCK_ELEMENTS, scanAttention } from '../attention/scan-attention.js';

/** An attention module split into a cached key side `K` and query-side reads. */
export interface ContextAttention<K extends tf.TensorContainer> {
  /** The key side of context tokens `[B, Nc, d]` at `locations [B, Nc, Dx]` (masked points excluded). */
  keys(tokens: tf.Tensor3D, locations: tf.Tensor3D, mask?: tf.Tensor2D): K;
  /** The attention output `[B, Q, d]` for queries `[B, Q, d]` at `locations [B, Q, Dx]`. */
  read(keys: K, queries: tf.Tensor3D, locations: tf.Tensor3D): tf.Tensor3D;
}

/** Per-head keys and values of the context, with their locations and mask. */
export type ProjectedKeys = {
  /** `[B, H, Nc, dk]`. */
  readonly k: tf.Tensor4D;
  /** `[B, H, Nc, dv]`. */
  readonly v: tf.Tensor4D;
  /** `[B, Nc, Dx]`. */
  readonly locations: tf.Tensor3D;
  /** `[B, Nc]`. */
  readonly mask?: tf.Tensor2D;
};

/**
 * How {@link ProjectedAttention} computes softmax attention: `dense` (all scores at once), `scan` (block by block,
 * bounded memory), or `auto`: dense while the `[B, H, Q, K]` score tensor fits one scan block
 * ({@link DEFAULT_BLOCK_ELEMENTS}), scan beyond. All three give the same results; dense is faster when it fits.
 */
export type SoftmaxMechanism = 'auto' | 'dense' | 'scan';

/** Multi-head softmax attention with the projections and distance bias of a {@link MultiHeadAttention}. */
export class ProjectedAttention implements ContextAttention<ProjectedKeys> {
  constructor(readonly attention: MultiHeadAttention, readonly mechanism: SoftmaxMechanism = 'auto') {}

  keys(tokens: tf.Tensor3D, locations: tf.Tensor3D, mask?: tf.Tensor2D): ProjectedKeys {
    const { heads } = this.attention.config;
    return tf.tidy(() => ({
      k: splitHeads(this.attention.key.apply(tokens), heads),
      v: splitHeads(this.attention.value.apply(tokens), heads),
      locations: tf.clone(locations),
      ...(mask === undefined ? {} : { mask: tf.clone(mask) }),
    }));
  }

  read(keys: ProjectedKeys, queries: tf.Tensor3D, locations: tf.Tensor3D): tf.Tensor3D {
    const { heads, bias, queryChunk, keyChunk } = this.attention.config;
    return tf.tidy(() => {
      const q = splitHeads(this.attention.query.apply(queries), heads);
      const options = {
        ...(keys.mask === undefined ? {} : { keyMask: keys.mask }),
        ...(bias === undefined ? {} : { bias: { bias, locQ: locations, locK: keys.locations } }),
      };
      const [batch, , queryCount] = q.shape;
      const scan = this.mechanism === 'scan' || (this.mechanism === 'auto' && batch * heads * queryCount * keys.k.shape[2] > DEFAULT_BLOCK_ELEMENTS);
      const attended = scan ? scanAttention(q, keys.k, keys.v, { ...options, queryChunk, keyChunk }) : denseAttention(q, keys.k, keys.v, options);
      return this.attention.output.apply(mergeHeads(attended)) as tf.Tensor3D;
    });
  }
}

/** Deep kernel attention; its keys are the kernel sums over the context. */
export class DeepKernelContextAttention implements ContextAttention<KernelSummary> {
  constructor(readonly attention: DeepKernelAttention) {}

  keys(tokens: tf.Tensor3D, locations: tf.Tensor3D, mask?: tf.Tensor2D): KernelSummary {
    return this.attention.summarize(tokens, locations, mask);
  }

  read(keys: KernelSummary, queries: tf.Tensor3D, locations: tf.Tensor3D): tf.Tensor3D {
    return this.attention.read(keys, queries, locations);
  }
}

/** Performer attention; its keys are the feature-space sums over the context. Locations are not used. */
export class PerformerContextAttention implements ContextAttention<FavorSummary> {
  constructor(readonly attention: PerformerAttention) {}

  keys(tokens: tf.Tensor3D, _locations: tf.Tensor3D, mask?: tf.Tensor2D): FavorSummary {
    return this.attention.summarize(tokens, tokens, mask);
  }

  read(keys: FavorSummary, queries: tf.Tensor3D): tf.Tensor3D {
    return this.attention.read(keys, queries);
  }
}
