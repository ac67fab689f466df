/**
 * Stationary prior kernels for neural-process meta-training (models.md §9) and for the d-dimensional BO prior,
 * in float64. Every kernel has the one form
 *
 *   k(x, x') = s²·ρ(r²) + j·[x = x'],
 *
 * where `s²` is the variance, `j` a nugget ("jitter") that belongs to the prior covariance, `[x = x']` is 1 only
 * for coordinate-wise identical points, and `r²` the scaled squared distance:
 * - RBF, Matérn-3/2, Matérn-5/2 (ARD): `r² = Σ_i (x_i − x'_i)²/ℓ_i²`, with `ρ = e^{−r²/2}`,
 *   `(1 + √3r)e^{−√3r}` and `(1 + √5r + 5r²/3)e^{−√5r}`;
 * - periodic (period `p`): `r² = Σ_i (2·sin(π|x_i − x'_i|/p)/ℓ_i)²` with the RBF profile, i.e. in 1-D
 *   `ρ = exp(−2 sin²(π|x − x'|/p)/ℓ²)` (and a product of such factors in more dimensions).
 *
 * Both GP meta-regression protocols are instances of this form; they differ only in family, variance, nugget
 * and hyper-parameter ranges (see `tasks.ts`):
 * - (a) `gp-tnpkr`: `s² = 1`, `j = 1e-5`; RBF `exp(−d²/(2ℓ²))`, Matérn-3/2, periodic;
 * - (b) `gp-standard`: `s² = scale²`, `j = 0`; RBF `s²exp(−r²/2)`, Matérn-5/2, periodic.
 *
 * The nugget makes the sampling jitter part of the kernel, so a GP conditioned with this kernel treats a target
 * at a context location as the very same latent value (protocol (a) scores context locations too).
 */

import { MATERN52, RBF } from '../gp/kernel.js';
import { choleskyInto } from '../gp/linalg.js';

/** The kernel families of the training priors. */
export type KernelFamily = 'rbf' | 'matern32' | 'matern52' | 'periodic';

/** A kernel family with its hyper-parameters; build one with {@link createPriorKernel}. */
export interface PriorKernel {
  /** The correlation family. */
  readonly family: KernelFamily;
  /** One lengthscale `ℓ_i > 0` per input dimension (its length is the input dimension). */
  readonly lengthscales: Float64Array;
  /** The variance `s² > 0`. */
  readonly variance: number;
  /** The period `p > 0` (periodic family only, `undefined` otherwise). */
  readonly period: number | undefined;
  /** The nugget `j ≥ 0` added to the covariance of identical points. */
  readonly jitter: number;
}

/** The hyper-parameters of {@link createPriorKernel}; `variance` defaults to 1, `jitter` to 0. */
export interface PriorKernelSpec {
  /** The correlation family. */
  readonly family: KernelFamily;
  /** One lengthscale per input dimension. */
  readonly lengthscales: ArrayLike<number>;
  /** The variance `s²` (default 1). */
  readonly variance?: number;
  /** The period, required for (and only for) the periodic family. */
  readonly period?: number;
  /** The nugget (default 0). */
  readonly jitter?: number;
}

const SQRT3 = Math.sqrt(3);
const FAMILIES: readonly KernelFamily[] = ['rbf', 'matern32', 'matern52', 'periodic'];

/** A validated, frozen {@link PriorKernel}; throws an Error naming the offending field. */
export function createPriorKernel(spec: PriorKernelSpec): PriorKernel {
  const { family, variance = 1, jitter = 0, period } = spec;
  if (!FAMILIES.includes(family)) {
    throw new Error(`kernel.family: unknown family '${String(family)}' (expected one of ${FAMILIES.join(', ')})`);
  }
  const lengthscales = Float64Array.from(spec.lengthscales);
  if (lengthscales.length === 0) throw new Error('kernel.lengthscales: expected at least one lengthscale');
  lengthscales.forEach((l, i) => {
    if (!(l > 0 && l < Infinity)) throw new Error(`kernel.lengthscales[${i}]: expected a positive finite number, got ${l}`);
  });
  if (!(variance > 0 && variance < Infinity)) {
    throw new Error(`kernel.variance: expected a positive finite number, got ${variance}`);
  }
  if (!(jitter >= 0 && jitter < Infinity)) throw new Error(`kernel.jitter: expected a finite number ≥ 0, got ${jitter}`);
  if (family === 'periodic') {
    if (period === undefined || !(period > 0 && period < Infinity)) {
      throw new Error(`kernel.period: the periodic family needs a positive finite period, got ${period}`);
    }
  } else if (period !== undefined) {
    throw new Error(`kernel.period: only the periodic family has a period (family is '${family}')`);
  }
  return Object.freeze({ family, lengthscales, variance, period, jitter });
}

/** `ρ(r²)` of a family, in place over `values[0..count)`. */
function applyCorrelation(family: KernelFamily, values: Float64Array, count: number): void {
  if (family === 'matern52') {
    MATERN52.evaluate(values, count, values);
  } else if (family === 'matern32') {
    for (let t = 0; t < count; t++) {
      const a = SQRT3 * Math.sqrt(values[t]);
      values[t] = (1 + a) * Math.exp(-a);
    }
  } else {
    // RBF, and periodic, whose r² already holds the warped distance.
    RBF.evaluate(values, count, values);
  }
}

/** The input dimension of `kernel` after checking that `points` holds whole points. */
function inputDimension(kernel: PriorKernel, points: Float64Array, argument: string): number {
  const dx = kernel.lengthscales.length;
  if (points.length % dx !== 0) {
    throw new Error(`${argument}: length ${points.length} is not a multiple of the input dimension ${dx}`);
  }
  return dx;
}

/**
 * The covariance matrix `k(a_i, b_j)` (row-major `na×nb`) between the points `a` and `b`, each stored flat
 * (row-major `n×dx`, `dx` = the kernel's input dimension).
 */
export function covarianceMatrix(kernel: PriorKernel, a: Float64Array, b: Float64Array): Float64Array {
  const dx = inputDimension(kernel, a, 'a');
  inputDimension(kernel, b, 'b');
  const na = a.length / dx;
  const nb = b.length / dx;
  const out = new Float64Array(na * nb);
  const inverseLengthscales = kernel.lengthscales.map((l) => 1 / l);
  const periodic = kernel.family === 'periodic';
  const frequency = periodic ? Math.PI / (kernel.period as number) : 0;
  for (let i = 0; i < na; i++) {
    const row = out.subarray(i * nb, (i + 1) * nb);
    for (let j = 0; j < nb; j++) {
      let r2 = 0;
      for (let k = 0; k < dx; k++) {
        const difference = a[i * dx + k] - b[j * dx + k];
        const scaled = (periodic ? 2 * Math.sin(frequency * difference) : difference) * inverseLengthscales[k];
        r2 += scaled * scaled;
      }
      row[j] = r2;
    }
    applyCorrelation(kernel.family, row, nb);
    for (let j = 0; j < nb; j++) {
      row[j] *= kernel.variance;
      if (kernel.jitter > 0 && samePoint(a, i, b, j, dx)) row[j] += kernel.jitter;
    }
  }
  return out;
}

/** Whether point `i` of `a` and point `j` of `b` are identical in every coordinate. */
function samePoint(a: Float64Array, i: number, b: Float64Array, j: number, dx: number): boolean {
  for (let k = 0; k < dx; k++) if (a[i * dx + k] !== b[j * dx + k]) return false;
  return true;
}

/**
 * The lower Cholesky factor (row-major `n×n`) of `k(x, x) + extraVariance·I` for the `n` points `x`, without
 * any jitter beyond the kernel's own nugget, so that draws have exactly the stated covariance.
 * @throws Error when the matrix is not numerically positive definite
 */
export function priorCholesky(kernel: PriorKernel, x: Float64Array, extraVariance = 0): Float64Array {
  const n = x.length / inputDimension(kernel, x, 'x');
  const covariance = covarianceMatrix(kernel, x, x);
  const factor = new Float64Array(n * n);
  if (!choleskyInto(covariance, n, extraVariance, factor)) {
    throw new Error(
      `kernel: the ${n}×${n} ${kernel.family} covariance (ℓ = [${Array.from(kernel.lengthscales).join(', ')}], ` +
        `s² = ${kernel.variance}, jitter = ${kernel.jitter}, extra variance = ${extraVariance}) is not positive definite`,
    );
  }
  return factor;
}

/** `L·z` for a lower triangular `n×n` factor `L` and a vector `z` of length `n`: a draw from `N(0, LLᵀ)`. */
export function multiplyLower(factor: Float64Array, z: Float64Array): Float64Array {
  const n = z.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k <= i; k++) sum += factor[i * n + k] * z[k];
    out[i] = sum;
  }
  return out;
}
