/**
 * Seeded samplers of the two GP meta-regression protocols of models.md §9, producing {@link TaskBatch}es.
 *
 * (a) `gp-tnpkr` (§9.1). Per batch: `n_ctx ~ U{3..49}`, `ℓ ~ Beta(3, 7)`, for the periodic kernel
 * `p ~ U(0.5, 2)`; 50 uniform locations on [−2, 2] followed by the 100-point grid `linspace(−2, 2, 100)`, shared by
 * the batch (2-D, RBF only: 128 uniform locations on [−2, 2]² and the 16×16 grid, `n_ctx ~ U{12..127}`, batch 16).
 * Each function is its own joint draw at all locations from `k + 1e-5·I` (variance 1; RBF, Matérn-3/2 or
 * periodic). Context: the first `n_ctx` uniform locations with `y = f + 0.1ε`; targets: all 150 (384) locations
 * with the noiseless `f`. Default batch 32 (1-D).
 *
 * (b) `gp-standard` (§9.2). Per batch of 16: `Nc ~ U{3..46}`, `Nt ~ U{3..49−Nc}`. Per function: `Nc + Nt`
 * locations `x ~ U[−2, 2)`, `ℓ ~ U[0.1, 0.6)`, `s ~ U[0.1, 1.0)`, for the periodic kernel `p ~ U[0.1, 0.5)`;
 * values drawn jointly from `s²ρ + 0.02²·I` (RBF, Matérn-5/2 or periodic), so context and targets are both noisy;
 * the first `Nc` points are the context. ℓ follows the released code's range, not the CMANP paper text.
 *
 * Determinism: a batch is a function of the `Rng` it is given only. {@link evaluationBatch} derives batch `k` of an
 * evaluation set from `(seed, k)` alone, so batch `k` is the same whatever the number of batches requested.
 */

import { Rng } from '../../src/core/rng.js';
import { checkedInteger } from './checks.js';
import { createPriorKernel, multiplyLower, priorCholesky, type KernelFamily } from './kernels.js';
import { assembleTaskBatch, type TaskBatch, type TaskFunction } from './task-batch.js';

/** The two GP meta-regression protocols. */
export type GPProtocol = 'gp-tnpkr' | 'gp-standard';

/** The kernel names of the protocols; `'matern'` is Matérn-3/2 in `gp-tnpkr` and Matérn-5/2 in `gp-standard`. */
export type ProtocolKernel = 'rbf' | 'matern' | 'periodic';

/** Overrides of a protocol's defaults. */
export interface SampleBatchOptions {
  /** Functions per batch (default 32 for 1-D `gp-tnpkr`, 16 otherwise). */
  readonly batchSize?: number;
  /** Input dimension: 1 (default), or 2 for `gp-tnpkr` with the RBF kernel. */
  readonly dim?: number;
  /** A fixed number of context points instead of the protocol's random draw. */
  readonly numContext?: number;
  /** A fixed number of target points (`gp-standard` only; `gp-tnpkr` always targets every location). */
  readonly numTarget?: number;
}

/** The fixed settings of protocol (a) in one input dimension count. */
interface TnpkrSetup {
  readonly uniformPoints: number;
  readonly gridSide: number;
  readonly minContext: number;
  readonly maxContext: number;
  readonly batchSize: number;
}

const DOMAIN_LOW = -2;
const DOMAIN_HIGH = 2;

const TNPKR_SETUPS: Readonly<Record<number, TnpkrSetup>> = {
  1: { uniformPoints: 50, gridSide: 100, minContext: 3, maxContext: 49, batchSize: 32 },
  2: { uniformPoints: 128, gridSide: 16, minContext: 12, maxContext: 127, batchSize: 16 },
};
const TNPKR_LENGTHSCALE_BETA = [3, 7] as const;
const TNPKR_PERIOD_RANGE = [0.5, 2] as const;
const TNPKR_CONTEXT_NOISE = 0.1;
const TNPKR_JITTER = 1e-5;

const STANDARD_BATCH_SIZE = 16;
const STANDARD_MAX_POINTS = 49;
const STANDARD_MIN_POINTS = 3;
const STANDARD_LENGTHSCALE_RANGE = [0.1, 0.6] as const;
const STANDARD_SCALE_RANGE = [0.1, 1.0] as const;
const STANDARD_PERIOD_RANGE = [0.1, 0.5] as const;
const STANDARD_NOISE = 0.02;

const PROTOCOL_KERNELS: readonly ProtocolKernel[] = ['rbf', 'matern', 'periodic'];

/** The kernel family a protocol uses for a kernel name (`'matern'`: Matérn-3/2 in (a), Matérn-5/2 in (b)). */
export function protocolKernelFamily(protocol: GPProtocol, kernel: ProtocolKernel): KernelFamily {
  if (!PROTOCOL_KERNELS.includes(kernel)) {
    throw new Error(`kernel: unknown kernel '${String(kernel)}' (expected ${PROTOCOL_KERNELS.join(', ')})`);
  }
  if (kernel !== 'matern') return kernel;
  return protocol === 'gp-tnpkr' ? 'matern32' : 'matern52';
}

/** One batch of `protocol` with the kernel `kernel`, all randomness from `rng`. */
export function sampleBatch(protocol: GPProtocol, kernel: ProtocolKernel, rng: Rng, options: SampleBatchOptions = {}): TaskBatch {
  if (protocol === 'gp-tnpkr') return sampleTnpkrBatch(kernel, rng, options);
  if (protocol === 'gp-standard') return sampleStandardBatch(kernel, rng, options);
  throw new Error(`protocol: unknown protocol '${String(protocol)}' (expected 'gp-tnpkr' or 'gp-standard')`);
}

/** Batch `index` of the evaluation set of `protocol`/`kernel` seeded by `seed` (drawn from `Rng(seed).fork(index)`). */
export function evaluationBatch(
  protocol: GPProtocol,
  kernel: ProtocolKernel,
  seed: string | number,
  index: number,
  options: SampleBatchOptions = {},
): TaskBatch {
  if (!Number.isInteger(index) || index < 0) throw new Error(`index: expected an integer ≥ 0, got ${index}`);
  return sampleBatch(protocol, kernel, new Rng(seed).fork(index), options);
}

/** Batches `0..batches−1` of the evaluation set of `protocol`/`kernel` seeded by `seed` (see {@link evaluationBatch}). */
export function evaluationSet(
  protocol: GPProtocol,
  kernel: ProtocolKernel,
  seed: string | number,
  batches: number,
  options: SampleBatchOptions = {},
): TaskBatch[] {
  if (!Number.isInteger(batches) || batches < 0) throw new Error(`batches: expected an integer ≥ 0, got ${batches}`);
  return Array.from({ length: batches }, (_, k) => evaluationBatch(protocol, kernel, seed, k, options));
}

/** A Beta(a, b) draw as `G_a / (G_a + G_b)`. */
function beta(rng: Rng, a: number, b: number): number {
  const ga = rng.gamma(a);
  return ga / (ga + rng.gamma(b));
}

/** The `side^dim` grid of `linspace(−2, 2, side)` per axis, row-major (last coordinate fastest), flat `[n, dim]`. */
function domainGrid(side: number, dim: number): Float64Array {
  const axis = Float64Array.from({ length: side }, (_, i) => DOMAIN_LOW + ((DOMAIN_HIGH - DOMAIN_LOW) * i) / (side - 1));
  const count = side ** dim;
  const grid = new Float64Array(count * dim);
  for (let p = 0; p < count; p++) {
    let rest = p;
    for (let k = dim - 1; k >= 0; k--) {
      grid[p * dim + k] = axis[rest % side];
      rest = Math.floor(rest / side);
    }
  }
  return grid;
}

/** `count` values uniform in `[−2, 2)`. */
function uniformDomain(rng: Rng, count: number): Float64Array {
  return Float64Array.from({ length: count }, () => rng.uniformIn(DOMAIN_LOW, DOMAIN_HIGH));
}

/** Protocol (a), models.md §9.1. */
function sampleTnpkrBatch(kernel: ProtocolKernel, rng: Rng, options: SampleBatchOptions): TaskBatch {
  const family = protocolKernelFamily('gp-tnpkr', kernel);
  const dim = checkedInteger('options.dim', options.dim ?? 1, 1, 2);
  if (dim === 2 && family !== 'rbf') throw new Error(`options.dim: protocol gp-tnpkr is 2-D for the RBF kernel only, not '${kernel}'`);
  if (options.numTarget !== undefined) {
    throw new Error('options.numTarget: protocol gp-tnpkr always targets every location (uniform and grid)');
  }
  const setup = TNPKR_SETUPS[dim];
  const batchSize = checkedInteger('options.batchSize', options.batchSize ?? setup.batchSize, 1);
  const numContext =
    options.numContext === undefined
      ? rng.intIn(setup.minContext, setup.maxContext)
      : checkedInteger('options.numContext', options.numContext, 1, setup.uniformPoints);
  const lengthscale = beta(rng, ...TNPKR_LENGTHSCALE_BETA);
  const period = family === 'periodic' ? rng.uniformIn(...TNPKR_PERIOD_RANGE) : undefined;
  const grid = domainGrid(setup.gridSide, dim);
  const locations = new Float64Array(setup.uniformPoints * dim + grid.length);
  locations.set(uniformDomain(rng, setup.uniformPoints * dim));
  locations.set(grid, setup.uniformPoints * dim);
  const numTarget = locations.length / dim;

  const shared: TaskFunction = Object.freeze({
    kernel: createPriorKernel({ family, lengthscales: new Float64Array(dim).fill(lengthscale), period, jitter: TNPKR_JITTER }),
    contextNoise: TNPKR_CONTEXT_NOISE,
    targetNoise: 0,
  });
  const factor = priorCholesky(shared.kernel, locations);
  const xc = new Float64Array(batchSize * numContext * dim);
  const yc = new Float64Array(batchSize * numContext);
  const xt = new Float64Array(batchSize * numTarget * dim);
  const yt = new Float64Array(batchSize * numTarget);
  for (let b = 0; b < batchSize; b++) {
    const f = multiplyLower(factor, rng.normals(numTarget));
    xt.set(locations, b * numTarget * dim);
    yt.set(f, b * numTarget);
    xc.set(locations.subarray(0, numContext * dim), b * numContext * dim);
    for (let i = 0; i < numContext; i++) yc[b * numContext + i] = f[i] + TNPKR_CONTEXT_NOISE * rng.normal();
  }
  const functions = new Array<TaskFunction>(batchSize).fill(shared);
  return assembleTaskBatch({ protocol: 'gp-tnpkr', kernel, dx: dim, numContext, numTarget, xc, yc, xt, yt, functions });
}

/** Protocol (b), models.md §9.2. */
function sampleStandardBatch(kernel: ProtocolKernel, rng: Rng, options: SampleBatchOptions): TaskBatch {
  const family = protocolKernelFamily('gp-standard', kernel);
  checkedInteger('options.dim', options.dim ?? 1, 1, 1);
  const batchSize = checkedInteger('options.batchSize', options.batchSize ?? STANDARD_BATCH_SIZE, 1);
  const maxContext = STANDARD_MAX_POINTS - STANDARD_MIN_POINTS;
  const numContext =
    options.numContext === undefined
      ? rng.intIn(STANDARD_MIN_POINTS, maxContext)
      : checkedInteger('options.numContext', options.numContext, 1);
  let numTarget: number;
  if (options.numTarget !== undefined) {
    numTarget = checkedInteger('options.numTarget', options.numTarget, 1);
  } else {
    if (numContext > maxContext) {
      throw new Error(`options.numContext: ${numContext} > ${maxContext} leaves no room for the random Nt ~ U{3..49−Nc}; also give options.numTarget`);
    }
    numTarget = rng.intIn(STANDARD_MIN_POINTS, STANDARD_MAX_POINTS - numContext);
  }
  const n = numContext + numTarget;
  const xc = new Float64Array(batchSize * numContext);
  const yc = new Float64Array(batchSize * numContext);
  const xt = new Float64Array(batchSize * numTarget);
  const yt = new Float64Array(batchSize * numTarget);
  const functions: TaskFunction[] = [];
  for (let b = 0; b < batchSize; b++) {
    const x = uniformDomain(rng, n);
    const lengthscale = rng.uniformIn(...STANDARD_LENGTHSCALE_RANGE);
    const scale = rng.uniformIn(...STANDARD_SCALE_RANGE);
    const period = family === 'periodic' ? rng.uniformIn(...STANDARD_PERIOD_RANGE) : undefined;
    const fn: TaskFunction = Object.freeze({
      kernel: createPriorKernel({ family, lengthscales: [lengthscale], variance: scale * scale, period }),
      contextNoise: STANDARD_NOISE,
      targetNoise: STANDARD_NOISE,
    });
    const y = multiplyLower(priorCholesky(fn.kernel, x, STANDARD_NOISE * STANDARD_NOISE), rng.normals(n));
    xc.set(x.subarray(0, numContext), b * numContext);
    yc.set(y.subarray(0, numContext), b * numContext);
    xt.set(x.subarray(numContext), b * numTarget);
    yt.set(y.subarray(numContext), b * numTarget);
    functions.push(fn);
  }
  return assembleTaskBatch({ protocol: 'gp-standard', kernel, dx: 1, numContext, numTarget, xc, yc, xt, yt, functions });
}
