/**
 * A d-dimensional GP prior over BO objectives (d = 1..8) for meta-training NP surrogates, producing
 * {@link TaskBatch}es with everything the oracle GP needs.
 *
 * The prior lives on the unit cube `[0,1]^d`, the coordinates the BO loop works in, and the objective is seen
 * after standardisation (bo.md §3). Choices, per function unless stated:
 * - Kernel: ARD Matérn-5/2 (the GP surrogate's default, bo.md §4) or RBF, fixed per batch by the caller.
 * - Lengthscales: `ℓ_i = ℓ₀·√d·m_i` with `ℓ₀ ~ LogUniform[0.1, 1]` and `m_i ~ LogUniform[1/2, 2]`. The `√d`
 *   factor keeps the correlation of two random points of the cube comparable across d (the expected `r²` is
 *   `Σ_i 1/(6ℓ_i²)`), the reasoning behind the dimension-scaled GP prior of bo.md §4; `ℓ₀` spans rough (Forrester-
 *   or Ackley-like, about ten lengthscales across the cube) to near-quadratic objectives; `m_i` gives the mild
 *   anisotropy fitted GPs show on benchmark objectives.
 * - Variance: `s ~ LogUniform[1/2, 2]`, so standardised data (unit sample variance) are neither assumed to fill
 *   the prior's variance nor to sit at a fixed fraction of it.
 * - Noise on the context values: `σ = s·LogUniform[1e-3, 0.3]` by default, from effectively deterministic
 *   benchmarks to noisy objectives (signal-to-noise ratio 3 at worst); `relativeNoise` sets another range (e.g. a
 *   model for deterministic objectives only). Targets are the latent values (noise 0): the BO
 *   surrogate predicts the latent objective. A nugget `1e-6·s²` on the latent covariance keeps joint draws at up
 *   to a few hundred points numerically exact; it is part of the recorded kernel.
 * - Locations: BO concentrates its evaluations around incumbents, so each point is, with probability
 *   `π ~ U[0, 1/2)`, uniform in the box of half-width `τ ~ LogUniform[0.02, 0.2]` around a centre `c ~ U[0,1]^d`
 *   (intersected with the cube), and uniform on the cube otherwise. Context and targets come from the same
 *   mixture (acquisitions are evaluated where BO looks). Boxes rather than clipped Gaussians keep every point
 *   distinct almost surely.
 * - Sizes (shared by the batch): `Nc` log-uniform on `{1..256}` by default (`⌊exp(U[0, ln 257))⌋`), `Nt = 64`.
 *   A BO run of any budget conditions once on every size from its initial design up to its budget, so every
 *   octave of sizes matters equally: 1–2, …, 128–256 get the same share of batches (about one batch in eight
 *   has more than 128 points), and the many small contexts keep the quadratic attention cost of training low.
 *   `contextSizes: 'uniform'` gives `U{1..256}`.
 * - Dimension (shared by the batch): `dim` by default; with `minDim < dim`, a task dimension `d ~ U{minDim..dim}`
 *   per batch, the remaining `dim − d` coordinates of every point fixed at the centre of the box. One model of
 *   input width `dim` then serves every space of `minDim..dim` coordinates: the constant coordinates add nothing
 *   to any distance, and the surrogate fills them with the same centre (np-surrogate's input padding). Their
 *   recorded lengthscales equal the box width (any value would do: the kernel never sees a difference there).
 * Inputs can be mapped affinely onto another box `[low, high]^d` (e.g. the NP's `[−2, 2]^d` input domain); the
 * recorded lengthscales are then scaled by `high − low` so the kernel still describes the returned inputs.
 */

import type { Rng } from '../../src/core/rng.js';
import { checkedInteger } from './checks.js';
import { createPriorKernel, multiplyLower, priorCholesky } from './kernels.js';
import { assembleTaskBatch, type TaskBatch, type TaskFunction } from './task-batch.js';

/** The kernel families of the BO prior. */
export type BOPriorKernel = 'matern52' | 'rbf';

/** How the number of context points of a batch is drawn (see the file comment). */
export type ContextSizeDistribution = 'log-uniform' | 'uniform';

/** Settings of {@link sampleBOPriorBatch}. */
export interface BOPriorOptions {
  /** Input dimension of the returned points, 1..8 (the model's input width). */
  readonly dim: number;
  /** Smallest task dimension (default `dim`): each batch draws `d ~ U{minDim..dim}` and pads to `dim`. */
  readonly minDim?: number;
  /** Kernel family of the whole batch (default `'matern52'`). */
  readonly kernel?: BOPriorKernel;
  /** Functions per batch (default 16). */
  readonly batchSize?: number;
  /** A fixed number of context points instead of `U{1..maxContext}`. */
  readonly numContext?: number;
  /** Largest random number of context points (default 256). */
  readonly maxContext?: number;
  /** Distribution of the random number of context points on `{1..maxContext}` (default `'log-uniform'`). */
  readonly contextSizes?: ContextSizeDistribution;
  /** Target points per function (default 64). */
  readonly numTarget?: number;
  /** The box `[low, high]` every coordinate is mapped onto (default `[0, 1]`). */
  readonly domain?: readonly [number, number];
  /** Range `[low, high]` of the context noise's standard deviation relative to `s` (default `[1e-3, 0.3]`). */
  readonly relativeNoise?: readonly [number, number];
}

/** The fixed constants of the BO prior (see the file comment). */
export const BO_PRIOR = Object.freeze({
  maxDim: 8,
  baseLengthscale: [0.1, 1] as const,
  lengthscaleSpread: [0.5, 2] as const,
  scale: [0.5, 2] as const,
  relativeNoise: [1e-3, 0.3] as const,
  relativeJitter: 1e-6,
  clusterProbability: [0, 0.5] as const,
  clusterHalfWidth: [0.02, 0.2] as const,
  batchSize: 16,
  maxContext: 256,
  numTarget: 64,
});

/**
 * `range` if it is a noise range `[low, high]` with `0 < low ≤ high` (finite), else an error naming `field`.
 */
export function checkedNoiseRange(field: string, range: readonly [number, number]): readonly [number, number] {
  const valid = Array.isArray(range) && range.length === 2 && range[0] > 0 && range[0] <= range[1] && Number.isFinite(range[1]);
  if (!valid) throw new Error(`${field}: expected [low, high] with 0 < low ≤ high (finite), got ${JSON.stringify(range)}`);
  return range;
}

/** A log-uniform draw on `[low, high)`. */
function logUniform(rng: Rng, [low, high]: readonly [number, number]): number {
  return low * Math.pow(high / low, rng.uniform());
}

/** A draw of `{1..max}`: uniform, or log-uniform (`⌊exp(U[0, ln(max + 1)))⌋`). */
function contextSize(rng: Rng, max: number, distribution: ContextSizeDistribution): number {
  if (distribution === 'uniform') return rng.intIn(1, max);
  return Math.min(max, Math.floor(Math.exp(rng.uniform() * Math.log(max + 1))));
}

/**
 * `count` points of the unit cube `[0,1]^dim` from the location mixture of the file comment, flat
 * `[count, width]`: coordinates `dim..width−1` stay at the centre ½.
 */
function mixtureLocations(rng: Rng, count: number, dim: number, width: number): Float64Array {
  const probability = rng.uniformIn(...BO_PRIOR.clusterProbability);
  const halfWidth = logUniform(rng, BO_PRIOR.clusterHalfWidth);
  const centre = Float64Array.from({ length: dim }, () => rng.uniform());
  const points = new Float64Array(count * width).fill(0.5);
  for (let p = 0; p < count; p++) {
    const clustered = rng.uniform() < probability;
    for (let k = 0; k < dim; k++) {
      points[p * width + k] = clustered
        ? rng.uniformIn(Math.max(0, centre[k] - halfWidth), Math.min(1, centre[k] + halfWidth))
        : rng.uniform();
    }
  }
  return points;
}

/** One batch of BO-prior tasks, all randomness from `rng`. */
export function sampleBOPriorBatch(rng: Rng, options: BOPriorOptions): TaskBatch {
  const width = checkedInteger('options.dim', options.dim, 1, BO_PRIOR.maxDim);
  const minDim = checkedInteger('options.minDim', options.minDim ?? width, 1, width);
  const distribution = options.contextSizes ?? 'log-uniform';
  if (distribution !== 'log-uniform' && distribution !== 'uniform') {
    throw new Error(`options.contextSizes: expected 'log-uniform' or 'uniform', got ${JSON.stringify(distribution)}`);
  }
  const family = options.kernel ?? 'matern52';
  if (family !== 'matern52' && family !== 'rbf') {
    throw new Error(`options.kernel: unknown kernel '${String(family)}' (expected 'matern52' or 'rbf')`);
  }
  const batchSize = checkedInteger('options.batchSize', options.batchSize ?? BO_PRIOR.batchSize, 1);
  const numTarget = checkedInteger('options.numTarget', options.numTarget ?? BO_PRIOR.numTarget, 1);
  const [low, high] = options.domain ?? [0, 1];
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new Error(`options.domain: expected finite [low, high] with low < high, got [${low}, ${high}]`);
  }
  const span = high - low;
  const relativeNoise = checkedNoiseRange('options.relativeNoise', options.relativeNoise ?? BO_PRIOR.relativeNoise);
  const numContext =
    options.numContext === undefined
      ? contextSize(rng, checkedInteger('options.maxContext', options.maxContext ?? BO_PRIOR.maxContext, 1), distribution)
      : checkedInteger('options.numContext', options.numContext, 1);
  const dim = minDim === width ? width : rng.intIn(minDim, width);
  const n = numContext + numTarget;
  const xc = new Float64Array(batchSize * numContext * width);
  const yc = new Float64Array(batchSize * numContext);
  const xt = new Float64Array(batchSize * numTarget * width);
  const yt = new Float64Array(batchSize * numTarget);
  const functions: TaskFunction[] = [];
  for (let b = 0; b < batchSize; b++) {
    const base = logUniform(rng, BO_PRIOR.baseLengthscale) * Math.sqrt(dim);
    const lengthscales = Float64Array.from({ length: width }, (_, k) => (k < dim ? base * logUniform(rng, BO_PRIOR.lengthscaleSpread) : 1) * span);
    const scale = logUniform(rng, BO_PRIOR.scale);
    const variance = scale * scale;
    const fn: TaskFunction = Object.freeze({
      kernel: createPriorKernel({ family, lengthscales, variance, jitter: BO_PRIOR.relativeJitter * variance }),
      contextNoise: scale * logUniform(rng, relativeNoise),
      targetNoise: 0,
    });
    const x = mixtureLocations(rng, n, dim, width).map((u) => low + span * u);
    const f = multiplyLower(priorCholesky(fn.kernel, x), rng.normals(n));
    xc.set(x.subarray(0, numContext * width), b * numContext * width);
    for (let i = 0; i < numContext; i++) yc[b * numContext + i] = f[i] + fn.contextNoise * rng.normal();
    xt.set(x.subarray(numContext * width), b * numTarget * width);
    yt.set(f.subarray(numContext), b * numTarget);
    functions.push(fn);
  }
  return assembleTaskBatch({ protocol: 'bo-prior', kernel: family, dx: width, numContext, numTarget, xc, yc, xt, yt, functions });
}
