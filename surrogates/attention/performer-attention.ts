/**
 * Performer (FAVOR+) attention: softmax attention approximated with positive orthogonal random features,
 * `φ(u) = exp(u·Ωᵀ − ‖u‖²/2)/√m` with `u = x·dh^{-1/4}`, in time linear in the number of queries and keys:
 * `out = φ(Q)·[φ(K)ᵀV] / φ(Q)·[φ(K)ᵀ1]`.
 *
 * Stabilisation (exact, the constants cancel in the ratio): the max is taken over the whole exponent
 * `u·ωᵢ − ‖u‖²/2`, so each query row's largest feature and the largest key feature are exactly 1. Each query row
 * subtracts its own max (its `‖u‖²/2` cancels entirely), the keys subtract one max over all valid keys and features
 * (a per-key max would reweight keys). ε = 1e-6 is then added to the features — a floor relative to the largest
 * feature. Masked keys get zero features. With that floor the denominator `R = φ(q)·Σφ(k)` of a row with any valid key
 * is at least ε² > 0, so only rows whose keys are all masked (`R = 0`) are guarded, `R ← R + [R = 0]`, and give 0.
 * (A max over `u·ωᵢ` alone leaves the factor `exp(−‖u‖²/2)` in, and a guard in absolute units such as
 * `R ← R + 2ε·[|R| ≤ ε]` ignores the scale of `R`: once the norms grow, the features sink below ε, `R` below the
 * guard, and the output shrinks towards 0 — attention is switched off.)
 *
 * Ω (one per module, shared by its heads) is a seeded, non-trainable parameter saved with the weights. It never
 * changes at inference; training may redraw it every N steps (off by default, as in TNP-KR).
 */

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/core/rng.js';
import { fastExp } from '../backend/fast-math.js';
import { Dense } from '../nn/dense.js';
import { linear } from '../nn/linear.js';
import type { ParameterScope } from '../nn/parameters.js';
import { stopGradient } from '../nn/stop-gradient.js';
import { chunkRanges, DEFAULT_KEY_CHUNK, sliceAxis, type ChunkRange } from './chunking.js';
import { mergeHeads, splitHeads } from './heads.js';
import { orthogonalFeatures, type FeatureNorms } from './orthogonal-features.js';
import { MASKED_LOGIT } from './scores.js';

/** Default ε added to the stabilised features (a floor relative to the largest feature, which is 1). */
export const FAVOR_EPSILON = 1e-6;

/** Options of {@link favorAttention}. */
export interface FavorOptions {
  /** `[B, K]`, 1 = valid. */
  readonly keyMask?: tf.Tensor;
  /** Feature ε (default {@link FAVOR_EPSILON}). */
  readonly epsilon?: number;
  /** Subtract the max exponents (default true; false only to test that it changes nothing). */
  readonly stabilise?: boolean;
  /** Keys per summarising step (default {@link DEFAULT_KEY_CHUNK}). */
  readonly keyChunk?: number;
}

/** The exponents `u·Ωᵀ − ‖u‖²/2` `[B,H,L,m]` of `x [B,H,L,dh]`, with `u = x·dh^{-1/4}`; masked rows at −1e30. */
function exponents(x: tf.Tensor, omega: tf.Tensor, mask4?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.mul(x, (x.shape[3] as number) ** -0.25);
    const exponent = tf.sub(linear(u, tf.transpose(omega)), tf.div(tf.sum(tf.mul(u, u), -1, true), 2));
    return mask4 === undefined ? exponent : tf.add(exponent, tf.mul(tf.sub(mask4, 1), -MASKED_LOGIT));
  });
}

/**
 * `(exp(exponent − shift) + ε)/√m` → `[B,H,L,m]`, zero on masked rows. `shift` is the stabilising max of the
 * exponents (a constant for differentiation); without it (`undefined`) the plain exponential is used.
 */
function features(exponent: tf.Tensor, shift: tf.Tensor | undefined, epsilon: number, mask4?: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => {
    const m = exponent.shape[3] as number;
    const positive = shift === undefined ? tf.exp(exponent) : fastExp(tf.sub(exponent, stopGradient(shift)));
    let phi = tf.mul(tf.add(positive, epsilon), 1 / Math.sqrt(m));
    if (mask4 !== undefined) phi = tf.mul(phi, mask4);
    return phi as tf.Tensor4D;
  });
}

/** The key side of FAVOR+: `φ(K)ᵀ·V` `[B, H, m, dv]` and `φ(K)ᵀ·1` `[B, H, m, 1]`. */
export type FavorSummary = {
  readonly keyValues: tf.Tensor4D;
  readonly keySums: tf.Tensor4D;
};

/**
 * Sums the keys `k [B,H,K,dh]` and values `v [B,H,K,dv]` into their feature-space summary (masked keys excluded),
 * `keyChunk` keys at a time: a first pass finds the one max exponent over all valid keys, a second
 * accumulates the features' sums.
 */
export function favorSummarize(k: tf.Tensor, v: tf.Tensor, omega: tf.Tensor, options: FavorOptions = {}): FavorSummary {
  const [batch, heads, keys, headDim] = k.shape as number[];
  if (k.rank !== 4 || v.rank !== 4 || v.shape[0] !== batch || v.shape[1] !== heads || v.shape[2] !== keys || omega.rank !== 2 || omega.shape[1] !== headDim) {
    throw new Error(`favorSummarize: k [${k.shape.join(', ')}], v [${v.shape.join(', ')}], omega [${omega.shape.join(', ')}] do not fit [B,H,K,dh], [B,H,K,dv], [m,dh]`);
  }
  const mask = options.keyMask;
  if (mask !== undefined && (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== keys)) {
    throw new Error(`favorSummarize: keyMask [${mask.shape.join(', ')}] must be [${batch}, ${keys}]`);
  }
  const epsilon = options.epsilon ?? FAVOR_EPSILON;
  const stabilise = options.stabilise ?? true;
  const ranges = chunkRanges(keys, options.keyChunk ?? DEFAULT_KEY_CHUNK);
  if (ranges.length === 0) throw new Error('favorSummarize: no keys to summarise');
  const chunkMask = (range: ChunkRange): tf.Tensor | undefined =>
    mask === undefined ? undefined : tf.reshape(tf.cast(sliceAxis(mask, 1, range), 'float32'), [batch, 1, range.length, 1]);
  const summarizeChunk = (range: ChunkRange, shiftOf: (exponent: tf.Tensor) => tf.Tensor | undefined): [tf.Tensor, tf.Tensor] => {
    const mask4 = chunkMask(range);
    const e = exponents(sliceAxis(k, 2, range), omega, mask4);
    const phi = features(e, shiftOf(e), epsilon, mask4);
    return [tf.matMul(phi, sliceAxis(v, 2, range) as tf.Tensor4D, true, false), tf.reshape(tf.sum(phi, 2), [batch, heads, -1, 1])];
  };
  const globalMax = (exponent: tf.Tensor): tf.Tensor => tf.max(exponent, [2, 3], true);
  return tf.tidy(() => {
    if (ranges.length === 1) {
      const [keyValues, keySums] = summarizeChunk(ranges[0], (e) => (stabilise ? globalMax(e) : undefined));
      return { keyValues: keyValues as tf.Tensor4D, keySums: keySums as tf.Tensor4D };
    }
    let shift: tf.Tensor | undefined;
    if (stabilise) {
      for (const range of ranges) {
        const next = tf.tidy(() => {
          const top = globalMax(exponents(sliceAxis(k, 2, range), omega, chunkMask(range)));
          return shift === undefined ? top : tf.maximum(shift, top);
        });
        shift?.dispose();
        shift = next;
      }
    }
    let keyValues: tf.Tensor | undefined;
    let keySums: tf.Tensor | undefined;
    for (const range of ranges) {
      const [kv, ks] = tf.tidy(() => {
        const [partValues, partSums] = summarizeChunk(range, () => shift);
        return keyValues === undefined ? [partValues, partSums] : [tf.add(keyValues, partValues), tf.add(keySums!, partSums)];
      });
      tf.dispose([keyValues ?? [], keySums ?? []]);
      keyValues = kv;
      keySums = ks;
    }
    return { keyValues: keyValues as tf.Tensor4D, keySums: keySums as tf.Tensor4D };
  });
}

/** Reads a summary at queries `q [B,H,Q,dh]` → `[B,H,Q,dv]`; 0 for rows whose keys were all masked. */
export function favorRead(summary: FavorSummary, q: tf.Tensor, omega: tf.Tensor, options: Omit<FavorOptions, 'keyMask'> = {}): tf.Tensor4D {
  const [batch, heads, , headDim] = q.shape as number[];
  const [sb, sh, m] = summary.keySums.shape;
  if (q.rank !== 4 || sb !== batch || sh !== heads || omega.shape[0] !== m || omega.shape[1] !== headDim) {
    throw new Error(`favorRead: q [${q.shape.join(', ')}] does not fit the summary [${summary.keySums.shape.join(', ')}] and omega [${omega.shape.join(', ')}]`);
  }
  const epsilon = options.epsilon ?? FAVOR_EPSILON;
  return tf.tidy(() => {
    const e = exponents(q, omega);
    const phiQ = features(e, (options.stabilise ?? true) ? tf.max(e, -1, true) : undefined, epsilon);
    const numerator = tf.matMul(phiQ, summary.keyValues);
    const denominator = tf.matMul(phiQ, summary.keySums);
    const guarded = tf.add(denominator, tf.sub(1, tf.step(denominator)));
    return tf.div(numerator, guarded) as tf.Tensor4D;
  });
}

/**
 * FAVOR+ attention for `q [B,H,Q,dh]`, `k [B,H,K,dh]`, `v [B,H,K,dv]` with feature directions `omega [m, dh]`
 * → `[B,H,Q,dv]`, approximating `softmax(q·kᵀ/√dh)·v`. Rows whose keys are all masked give 0.
 */
export function favorAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, omega: tf.Tensor, options: FavorOptions = {}): tf.Tensor4D {
  return tf.tidy(() => favorRead(favorSummarize(k, v, omega, options), q, omega, options));
}

/** Configuration of {@link PerformerAttention} (TNP-KR: 4 heads, headDim 32, 128 features, never redrawn). */
export interface PerformerConfig {
  /** Width of the query, key and value tokens. */
  readonly inputDim: number;
  readonly heads: number;
  /** Per-head width of queries, keys and values. */
  readonly headDim: number;
  readonly outputDim: number;
  /** Random features m (default 128). */
  readonly features?: number;
  /** Row norms of Ω (default 'fixed', √headDim). */
  readonly featureNorms?: FeatureNorms;
  /** Redraw Ω every this many training steps (default 0 = never). */
  readonly redrawEvery?: number;
  /** Keys per summarising step (default {@link DEFAULT_KEY_CHUNK}). */
  readonly keyChunk?: number;
}

/** Inputs of {@link PerformerAttention.apply}. */
export interface PerformerInputs {
  /** `[B, Q, inputDim]`. */
  readonly query: tf.Tensor;
  /** `[B, K, inputDim]`. */
  readonly key: tf.Tensor;
  /** `[B, K, inputDim]` (default: `key`). */
  readonly value?: tf.Tensor;
  /** `[B, K]`, 1 = valid. */
  readonly keyMask?: tf.Tensor;
}

/** Multi-head FAVOR+ attention; parameters `query`, `key`, `value`, `output` and the non-trainable `omega`. */
export class PerformerAttention {
  readonly query: Dense;
  readonly key: Dense;
  readonly value: Dense;
  readonly output: Dense;
  /** Feature directions `[features, headDim]`, not trained. */
  readonly omega: tf.Variable;
  private readonly redraws: Rng;

  constructor(params: ParameterScope, readonly config: PerformerConfig) {
    const { inputDim, heads, headDim, outputDim } = config;
    const features = config.features ?? 128;
    const norms = config.featureNorms ?? 'fixed';
    if (config.redrawEvery !== undefined && (!Number.isInteger(config.redrawEvery) || config.redrawEvery < 0)) {
      throw new Error(`PerformerAttention: redrawEvery must be a non-negative integer, got ${config.redrawEvery}`);
    }
    this.query = new Dense(params.scope('query'), inputDim, heads * headDim);
    this.key = new Dense(params.scope('key'), inputDim, heads * headDim);
    this.value = new Dense(params.scope('value'), inputDim, heads * headDim);
    this.output = new Dense(params.scope('output'), heads * headDim, outputDim);
    this.omega = params.create('omega', [features, headDim], (_, rng) => orthogonalFeatures(features, headDim, rng, norms), { trainable: false });
    this.redraws = params.randomStream('omega-redraws');
  }

  /** Replaces Ω with a fresh draw (from the module's own seeded stream: the sequence of draws is reproducible). */
  redrawFeatures(): void {
    const [features, headDim] = this.omega.shape;
    const values = orthogonalFeatures(features, headDim, this.redraws, this.config.featureNorms ?? 'fixed');
    tf.tidy(() => this.omega.assign(tf.tensor2d(values, [features, headDim])));
  }

  /** Called by a trainer after training step `step` (1-based): redraws Ω when `redrawEvery` divides it. Returns whether it did. */
  maybeRedraw(step: number): boolean {
    const every = this.config.redrawEvery ?? 0;
    if (every === 0 || step % every !== 0) return false;
    this.redrawFeatures();
    return true;
  }

  /** The key side for `key [B, K, inputDim]` (values from `value`, default `key`), reusable for any number of query chunks. */
  summarize(key: tf.Tensor, value?: tf.Tensor, keyMask?: tf.Tensor): FavorSummary {
    const { heads } = this.config;
    return tf.tidy(() => {
      const k = splitHeads(this.key.apply(key), heads);
      const v = splitHeads(this.value.apply(value ?? key), heads);
      return favorSummarize(k, v, this.omega, {
        ...(keyMask === undefined ? {} : { keyMask }),
        ...(this.config.keyChunk === undefined ? {} : { keyChunk: this.config.keyChunk }),
      });
    });
  }

  /** Reads a summary at `query [B, Q, inputDim]` → `[B, Q, outputDim]`. */
  read(summary: FavorSummary, query: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() => {
      const q = splitHeads(this.query.apply(query), this.config.heads);
      return this.output.apply(mergeHeads(favorRead(summary, q, this.omega))) as tf.Tensor3D;
    });
  }

  /** Attends from `query` to `key`/`value` → `[B, Q, outputDim]`. */
  apply(inputs: PerformerInputs): tf.Tensor3D {
    return tf.tidy(() => this.read(this.summarize(inputs.key, inputs.value, inputs.keyMask), inputs.query));
  }
}
