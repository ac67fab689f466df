/**
 * Scan attention: exact softmax attention computed block by block (query chunks × key chunks) with an online
 * softmax, the distance bias built inside each block from the locations, so no `[B, H, Q, K]` score or bias
 * tensor ever exists in full. A custom gradient recomputes each block in the backward pass from the saved inputs
 * and per-row log-normalisers, so training memory is also bounded by the block size.
 *
 * Backward pass per block: with the final log-normaliser `c`, output `o`, upstream `dO` and `D = rowsum(dO ⊙ o)`,
 * the block's weights are `P = exp(S − c) ⊙ mask`, and the vector-Jacobian product of the block equals the
 * gradient of the scalar `Σ dO ⊙ (P·V) − Σ D ⊙ rowsum(P)` (with `c`, `dO`, `D` held constant), which autodiff
 * takes for the block's queries, keys, values, locations and bias parameters.
 */

import * as tf from '@tensorflow/tfjs';
import { fastExp } from '../backend/fast-math.js';
import { customGradient, gradsWithinGradient } from '../nn/custom-gradient.js';
import { chunkRanges, sliceAxis, type ChunkRange } from './chunking.js';
import { checkAttentionInputs, type AttentionOptions } from './dense-attention.js';
import type { DistanceBias } from './distance-bias.js';
import { attentionScores, maskForScores, type BlockBias } from './scores.js';
import { combineSummaries, disposeSummary, emptySummary, summarizeBlock, type SoftmaxSummary } from './softmax-summary.js';

/** Default cap on the elements of one `[B, H, Qc, Kc]` block (2^22 floats = 16 MiB per block tensor). */
export const DEFAULT_BLOCK_ELEMENTS = 2 ** 22;

/** Largest default chunk length along either axis (the reference uses 1024 × 1024). */
export const MAX_DEFAULT_CHUNK = 1024;

/** Options of {@link scanAttention}. */
export interface ScanOptions extends AttentionOptions {
  /** Queries per chunk (default: as many as fit the block budget, at most 1024). */
  readonly queryChunk?: number;
  /** Keys per chunk (default: at most 1024). */
  readonly keyChunk?: number;
  /** Element budget for default chunk sizes (default {@link DEFAULT_BLOCK_ELEMENTS}). */
  readonly blockElements?: number;
}

/** Chunk lengths for `batch·heads` rows of attention between `queries` and `keys` within an element budget. */
export function chooseChunks(
  batchHeads: number,
  queries: number,
  keys: number,
  options: Pick<ScanOptions, 'queryChunk' | 'keyChunk' | 'blockElements'> = {},
): { queryChunk: number; keyChunk: number } {
  const budget = options.blockElements ?? DEFAULT_BLOCK_ELEMENTS;
  for (const [name, value] of Object.entries({ queryChunk: options.queryChunk, keyChunk: options.keyChunk, blockElements: budget })) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new Error(`scanAttention: ${name} must be a positive integer, got ${value}`);
  }
  const keyChunk = Math.min(keys, options.keyChunk ?? Math.max(1, Math.min(MAX_DEFAULT_CHUNK, Math.floor(budget / batchHeads))));
  const fit = Math.max(1, Math.floor(budget / (batchHeads * keyChunk)));
  const queryChunk = Math.min(queries, options.queryChunk ?? Math.min(MAX_DEFAULT_CHUNK, fit));
  return { queryChunk, keyChunk };
}

/** The tensors of one problem, as passed through `tf.customGrad`. */
interface ScanInputs {
  readonly q: tf.Tensor;
  readonly k: tf.Tensor;
  readonly v: tf.Tensor;
  readonly mask: tf.Tensor;
  readonly locQ?: tf.Tensor;
  readonly locK?: tf.Tensor;
  readonly params: readonly tf.Tensor[];
}

/** Static facts about one problem. */
interface ScanPlan {
  readonly scale: number;
  readonly masked: boolean;
  readonly bias?: DistanceBias;
  readonly queryChunks: readonly ChunkRange[];
  readonly keyChunks: readonly ChunkRange[];
}

/** One query chunk's slices. */
interface QueryBlock {
  readonly q: tf.Tensor;
  readonly locQ?: tf.Tensor;
}

/** One key chunk's slices. */
interface KeyBlock {
  readonly k: tf.Tensor;
  readonly v: tf.Tensor;
  readonly mask4?: tf.Tensor;
  readonly locK?: tf.Tensor;
}

function queryBlock(inputs: ScanInputs, range: ChunkRange): QueryBlock {
  return {
    q: sliceAxis(inputs.q, 2, range),
    ...(inputs.locQ === undefined ? {} : { locQ: sliceAxis(inputs.locQ, 1, range) }),
  };
}

function keyBlock(inputs: ScanInputs, plan: ScanPlan, range: ChunkRange): KeyBlock {
  return {
    k: sliceAxis(inputs.k, 2, range),
    v: sliceAxis(inputs.v, 2, range),
    ...(plan.masked ? { mask4: maskForScores(sliceAxis(inputs.mask, 1, range)) } : {}),
    ...(inputs.locK === undefined ? {} : { locK: sliceAxis(inputs.locK, 1, range) }),
  };
}

/** Masked, biased logits of one block, from explicit tensors (so that they can be differentiated). */
function blockScores(plan: ScanPlan, q: tf.Tensor, k: tf.Tensor, mask4?: tf.Tensor, locQ?: tf.Tensor, locK?: tf.Tensor, params: readonly tf.Tensor[] = []): tf.Tensor4D {
  const bias: BlockBias | undefined = plan.bias === undefined ? undefined : { bias: plan.bias, params, locQ: locQ!, locK: locK! };
  return attentionScores(q, k, plan.scale, mask4, bias);
}

/** Forward pass: per query chunk, the summary over all key chunks. Returns the output and log-normalisers. */
function scanForward(inputs: ScanInputs, plan: ScanPlan): { output: tf.Tensor4D; logNorm: tf.Tensor4D } {
  const [batch, heads] = inputs.q.shape as number[];
  const valueDim = inputs.v.shape[3] as number;
  const outputs: tf.Tensor[] = [];
  const logNorms: tf.Tensor[] = [];
  for (const qRange of plan.queryChunks) {
    const summary = tf.tidy(() => {
      const qb = queryBlock(inputs, qRange);
      let running: SoftmaxSummary = emptySummary(batch, heads, qRange.length, valueDim);
      for (const kRange of plan.keyChunks) {
        const next = tf.tidy(() => {
          const kb = keyBlock(inputs, plan, kRange);
          const scores = blockScores(plan, qb.q, kb.k, kb.mask4, qb.locQ, kb.locK, inputs.params);
          return combineSummaries(running, summarizeBlock(scores, kb.v, kb.mask4));
        });
        disposeSummary(running);
        running = next;
      }
      return running;
    });
    outputs.push(summary.output);
    logNorms.push(summary.logNorm);
  }
  const result = {
    output: (outputs.length === 1 ? outputs[0] : tf.concat(outputs, 2)) as tf.Tensor4D,
    logNorm: (logNorms.length === 1 ? logNorms[0] : tf.concat(logNorms, 2)) as tf.Tensor4D,
  };
  if (outputs.length > 1) tf.dispose([...outputs, ...logNorms]);
  return result;
}

/** Adds `increment` into slot `i` of `sums`, kept out of the enclosing `tf.tidy` (the previous partial sum is released). */
function accumulate(sums: Array<tf.Tensor | undefined>, i: number, increment: tf.Tensor): void {
  const previous = sums[i];
  sums[i] = tf.keep(previous === undefined ? increment : tf.add(previous, increment));
  if (previous !== undefined) tf.dispose([previous, increment]);
}

/** Backward pass: gradients for q, k, v, mask (zeros), locations and bias parameters, block by block. */
function scanBackward(inputs: ScanInputs, plan: ScanPlan, output: tf.Tensor, logNorm: tf.Tensor, dOutput: tf.Tensor): tf.Tensor[] {
  const located = inputs.locQ !== undefined;
  const dQ: Array<tf.Tensor | undefined> = [];
  const dLocQ: Array<tf.Tensor | undefined> = [];
  const dK: Array<tf.Tensor | undefined> = [];
  const dV: Array<tf.Tensor | undefined> = [];
  const dLocK: Array<tf.Tensor | undefined> = [];
  const dParams: Array<tf.Tensor | undefined> = [];
  const rowDot = tf.sum(tf.mul(dOutput, output), -1, true);
  plan.queryChunks.forEach((qRange, i) => tf.tidy(() => {
    const qb = queryBlock(inputs, qRange);
    const dOut = sliceAxis(dOutput, 2, qRange);
    const c = sliceAxis(logNorm, 2, qRange);
    const d = sliceAxis(rowDot, 2, qRange);
    plan.keyChunks.forEach((kRange, j) => {
      const grads = tf.tidy(() => {
        const kb = keyBlock(inputs, plan, kRange);
        const surrogate = (...xs: tf.Tensor[]): tf.Scalar => {
          const [q, k, v, locQ, locK] = located ? xs : [xs[0], xs[1], xs[2], undefined, undefined];
          const params = located ? xs.slice(5) : [];
          let weights = fastExp(tf.sub(blockScores(plan, q, k, kb.mask4, locQ, locK, params), c));
          if (kb.mask4 !== undefined) weights = tf.mul(weights, kb.mask4);
          const viaValues = tf.sum(tf.mul(dOut, tf.matMul(weights as tf.Tensor4D, v as tf.Tensor4D)));
          return tf.sub(viaValues, tf.sum(tf.mul(d, tf.sum(weights, -1, true)))) as tf.Scalar;
        };
        // Fresh handles (zero-copy clones): a block may be the whole input, and q/k or locQ/locK may be one tensor.
        const xs = (located ? [qb.q, kb.k, kb.v, qb.locQ!, kb.locK!, ...inputs.params] : [qb.q, kb.k, kb.v]).map((t) => tf.clone(t));
        return gradsWithinGradient(surrogate, xs);
      });
      const [gq, gk, gv, gLocQ, gLocK, ...gParams] = grads;
      accumulate(dQ, i, gq);
      accumulate(dK, j, gk);
      accumulate(dV, j, gv);
      if (located) {
        accumulate(dLocQ, i, gLocQ);
        accumulate(dLocK, j, gLocK);
        gParams.forEach((g, p) => accumulate(dParams, p, g));
      }
    });
  }));
  tf.dispose(rowDot);
  // The sums were kept out of the tidies; the returned gradients are fresh handles (clones share the data).
  const join = (parts: Array<tf.Tensor | undefined>, axis: number): tf.Tensor => {
    const list = parts as tf.Tensor[];
    const joined = list.length === 1 ? tf.clone(list[0]) : tf.concat(list, axis);
    tf.dispose(list);
    return joined;
  };
  const grads = [join(dQ, 2), join(dK, 2), join(dV, 2), tf.zerosLike(inputs.mask)];
  if (located) grads.push(join(dLocQ, 1), join(dLocK, 1), ...dParams.map((g) => join([g], 0)));
  return grads;
}

/**
 * Exact softmax attention (equal to {@link denseAttention}) for `q [B,H,Q,dk]`, `k [B,H,K,dk]`, `v [B,H,K,dv]`
 * → `[B,H,Q,dv]`, computed in `queryChunk × keyChunk` blocks with bounded memory in the forward and backward
 * passes. A row whose keys are all masked gives 0.
 */
export function scanAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, options: ScanOptions = {}): tf.Tensor4D {
  checkAttentionInputs('scanAttention', q, k, v, options);
  const [batch, heads, queries, keyDim] = q.shape as number[];
  const keys = k.shape[2] as number;
  const { queryChunk, keyChunk } = chooseChunks(batch * heads, queries, keys, options);
  const plan: ScanPlan = {
    scale: options.scale ?? 1 / Math.sqrt(keyDim),
    masked: options.keyMask !== undefined,
    ...(options.bias === undefined ? {} : { bias: options.bias.bias }),
    queryChunks: chunkRanges(queries, queryChunk),
    keyChunks: chunkRanges(keys, keyChunk),
  };
  return tf.tidy(() => {
    const mask = options.keyMask === undefined ? tf.ones([batch, keys]) : tf.cast(options.keyMask, 'float32');
    const located = options.bias === undefined ? [] : [options.bias.locQ, options.bias.locK, ...options.bias.bias.params];
    const run = customGradient<tf.Tensor4D>((tensors, save) => {
      const [tq, tk, tv, tmask, ...rest] = tensors;
      const inputs: ScanInputs = {
        q: tq, k: tk, v: tv, mask: tmask,
        ...(rest.length > 0 ? { locQ: rest[0], locK: rest[1] } : {}),
        params: rest.slice(2),
      };
      const { output, logNorm } = scanForward(inputs, plan);
      save([...tensors, output, logNorm]);
      return {
        value: output,
        gradFunc: (dy, saved) => {
          const n = tensors.length;
          const [sq, sk, sv, smask, ...srest] = saved.slice(0, n);
          const savedInputs: ScanInputs = {
            q: sq, k: sk, v: sv, mask: smask,
            ...(srest.length > 0 ? { locQ: srest[0], locK: srest[1] } : {}),
            params: srest.slice(2),
          };
          return scanBackward(savedInputs, plan, saved[n], saved[n + 1], dy);
        },
      };
    });
    return run([q, k, v, mask, ...located]);
  });
}
