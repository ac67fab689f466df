/**
 * The Constant Memory Attention Block (CMAB) of CMANP. With its own learned latents `LB [L, d]`, context tokens
 * `X [B, N, d]` and incoming latents `Lin [B, L, d]`:
 * ```
 * LB' = PN(CrossAttn)(q = LB, kv = X)          # the only place X is read
 * LB' = PN(FF)(LB');  LB' = PN(SelfAttn)(LB');  LB' = PN(FF)(LB')
 * Lo  = PN(CrossAttn)(q = Lin, kv = LB');  Lo = PN(FF)(Lo);  Lo = PN(SelfAttn)(Lo);  Lo = PN(FF)(Lo)
 * ```
 * with `PN(f)(x) = f(LN(x)) + LN(x)` (the reference's pre-norm, whose residual adds the normalised input) and a
 * separate LayerNorm on the key/value input of each cross-attention.
 *
 * X enters only through the first cross-attention's {@link SoftmaxSummary} (per head and latent: log-normaliser
 * and normalised output), so context can be added point by point with {@link ConstantMemoryAttentionBlock.update}
 * in memory independent of how many points were absorbed; everything after the summary costs `O(L²·d)`.
 */

import * as tf from '@tensorflow/tfjs';
import { normal } from '../nn/initializers.js';
import { LayerNorm } from '../nn/layer-norm.js';
import type { ParameterScope } from '../nn/parameters.js';
import { GegluFeedForward } from './geglu-feed-forward.js';
import { LatentAttention } from './latent-attention.js';
import { combineSummaries, emptySummary, type SoftmaxSummary } from './softmax-summary.js';

/** Configuration of {@link ConstantMemoryAttentionBlock} (defaults: CMANP's). */
export interface CmabConfig {
  /** Token width d (default 64). */
  readonly dim?: number;
  /** Latents L (default 128). */
  readonly latents?: number;
  /** Attention heads (default 4, each of width dim/heads). */
  readonly heads?: number;
  /** GEGLU hidden width (default 128). */
  readonly feedForward?: number;
}

/** What a CMAB remembers of its context: the first cross-attention's summary (`[B, H, L, 1]` and `[B, H, L, d/H]`). */
export type CmabState = SoftmaxSummary;

/** A pre-normed feed-forward or self-attention sub-layer. */
interface PreNormed<T> {
  readonly norm: LayerNorm;
  readonly layer: T;
}

/** One CMAB; parameter groups `latents`, `encodeCross`, `encodeFeedForward1`, … (see the module comment). */
export class ConstantMemoryAttentionBlock {
  readonly dim: number;
  readonly numLatents: number;
  /** The block's own latents `LB [L, d]`. */
  readonly latents: tf.Variable;
  private readonly encodeQueryNorm: LayerNorm;
  private readonly encodeContextNorm: LayerNorm;
  private readonly encodeCross: LatentAttention;
  private readonly encodeTail: ReadonlyArray<PreNormed<GegluFeedForward | LatentAttention>>;
  private readonly decodeQueryNorm: LayerNorm;
  private readonly decodeContextNorm: LayerNorm;
  private readonly decodeCross: LatentAttention;
  private readonly decodeTail: ReadonlyArray<PreNormed<GegluFeedForward | LatentAttention>>;

  constructor(params: ParameterScope, config: CmabConfig = {}) {
    const dim = config.dim ?? 64;
    const latents = config.latents ?? 128;
    const heads = config.heads ?? 4;
    const hidden = config.feedForward ?? 128;
    if (dim % heads !== 0) throw new Error(`ConstantMemoryAttentionBlock: dim ${dim} is not a multiple of heads ${heads}`);
    const attention = (name: string): LatentAttention => new LatentAttention(params.scope(name), { dim, heads, headDim: dim / heads });
    const norm = (name: string): LayerNorm => new LayerNorm(params.scope(name), dim);
    const tail = (prefix: string): Array<PreNormed<GegluFeedForward | LatentAttention>> => [
      { norm: norm(`${prefix}FeedForward1Norm`), layer: new GegluFeedForward(params.scope(`${prefix}FeedForward1`), dim, hidden) },
      { norm: norm(`${prefix}SelfNorm`), layer: attention(`${prefix}Self`) },
      { norm: norm(`${prefix}FeedForward2Norm`), layer: new GegluFeedForward(params.scope(`${prefix}FeedForward2`), dim, hidden) },
    ];
    this.dim = dim;
    this.numLatents = latents;
    this.latents = params.create('latents', [latents, dim], normal(1));
    this.encodeQueryNorm = norm('encodeCrossQueryNorm');
    this.encodeContextNorm = norm('encodeCrossContextNorm');
    this.encodeCross = attention('encodeCross');
    this.encodeTail = tail('encode');
    this.decodeQueryNorm = norm('decodeCrossQueryNorm');
    this.decodeContextNorm = norm('decodeCrossContextNorm');
    this.decodeCross = attention('decodeCross');
    this.decodeTail = tail('decode');
  }

  /** The normalised own latents, batched: `LN(LB)` as `[B, L, d]`. */
  private normalisedLatents(batch: number): tf.Tensor3D {
    return tf.tidy(() => this.encodeQueryNorm.apply(tf.broadcastTo(tf.expandDims(this.latents, 0), [batch, this.numLatents, this.dim])) as tf.Tensor3D);
  }

  /** The state of a block that has seen no context (batch size `batch`). */
  emptyState(batch: number): CmabState {
    const heads = this.encodeCross.heads;
    return emptySummary(batch, heads, this.numLatents, this.dim / heads);
  }

  /** Absorbs context tokens `[B, U, d]` (mask `[B, U]`) into the state; cost `O(U·L·d)`, independent of the points seen before. */
  update(state: CmabState, tokens: tf.Tensor, keyMask?: tf.Tensor): CmabState {
    const [batch, , width] = tokens.shape as number[];
    if (tokens.rank !== 3 || width !== this.dim || batch !== state.output.shape[0]) {
      throw new Error(`ConstantMemoryAttentionBlock: tokens [${tokens.shape.join(', ')}] must be [${state.output.shape[0]}, U, ${this.dim}]`);
    }
    return tf.tidy(() => {
      const queries = this.encodeCross.queries(this.normalisedLatents(batch));
      const added = this.encodeCross.summarize(queries, this.encodeContextNorm.apply(tokens), keyMask);
      return combineSummaries(state, added);
    });
  }

  /** The state after all of `tokens [B, N, d]` at once. */
  encode(tokens: tf.Tensor, keyMask?: tf.Tensor): CmabState {
    return tf.tidy(() => this.update(this.emptyState(tokens.shape[0] as number), tokens, keyMask));
  }

  /** Runs a pre-normed tail `x ← f(LN(x)) + LN(x)` over `layers`. */
  private runTail(x: tf.Tensor, layers: ReadonlyArray<PreNormed<GegluFeedForward | LatentAttention>>): tf.Tensor {
    let h = x;
    for (const { norm, layer } of layers) {
      const normed = norm.apply(h);
      h = tf.add(layer instanceof LatentAttention ? layer.apply(normed, normed) : layer.apply(normed), normed);
    }
    return h;
  }

  /** The block's output latents `[B, L, d]` for incoming latents `latentsIn [B, L, d]` given the context state. */
  output(state: CmabState, latentsIn: tf.Tensor): tf.Tensor3D {
    const batch = state.output.shape[0] as number;
    return tf.tidy(() => {
      const encoded = this.runTail(tf.add(this.encodeCross.project(state), this.normalisedLatents(batch)), this.encodeTail);
      const query = this.decodeQueryNorm.apply(latentsIn);
      const decoded = tf.add(this.decodeCross.apply(query, this.decodeContextNorm.apply(encoded)), query);
      return this.runTail(decoded, this.decodeTail) as tf.Tensor3D;
    });
  }

  /** `output(encode(tokens, keyMask), latentsIn)`: the block applied to a whole context at once. */
  apply(tokens: tf.Tensor, latentsIn: tf.Tensor, keyMask?: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() => this.output(this.encode(tokens, keyMask), latentsIn));
  }
}
