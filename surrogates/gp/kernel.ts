/**
 * Stationary ARD kernels on the unit cube with a mismatch term for categorical coordinates (bo.md §4):
 * `k(x, x') = s²·ρ(r²)` with `r² = Σ_{continuous/integer i} (x_i − x'_i)²/ℓ_i² + Σ_{categorical j} [x_j ≠ x'_j]/ℓ_j²`.
 *
 * Derivatives, all through the slope `ρ'(r²) = dρ/d(r²)`:
 * - w.r.t. a log lengthscale: `∂k/∂log ℓ_i = −2·s²·ρ'(r²)·q_i`, with `q_i` the dimension's term of `r²·ℓ_i²`;
 * - w.r.t. the log signal variance: `∂k/∂log s² = k`;
 * - w.r.t. a continuous coordinate of the first point: `∂k/∂x_i = 2·s²·ρ'(r²)·(x_i − x'_i)/ℓ_i²` (categorical
 *   coordinates have zero derivative).
 */

import type { EncodedDimension, Point } from '../../src/core/types.js';

/** The kernel families the GP offers. */
export type KernelName = 'matern52' | 'rbf';

/** The correlation `ρ` of a stationary kernel as a function of the scaled squared distance `r²`, vectorised. */
export interface KernelProfile {
  /** Which family this is. */
  readonly name: KernelName;
  /**
   * For `t < count`: `correlations[t] = ρ(r2[t])` (with `ρ(0) = 1`) and, when `slopes` is given,
   * `slopes[t] = dρ/d(r²)` there. `correlations` may be `r2` itself.
   */
  evaluate(r2: Float64Array, count: number, correlations: Float64Array, slopes?: Float64Array): void;
}

const SQRT5 = Math.sqrt(5);

/** Matérn-5/2: `ρ = (1 + √5r + 5r²/3)·e^{−√5r}`, `dρ/d(r²) = −(5/6)(1 + √5r)·e^{−√5r}`. */
export const MATERN52: KernelProfile = {
  name: 'matern52',
  evaluate(r2, count, correlations, slopes) {
    for (let t = 0; t < count; t++) {
      const squared = r2[t];
      const a = SQRT5 * Math.sqrt(squared);
      const decay = Math.exp(-a);
      correlations[t] = (1 + a + (5 / 3) * squared) * decay;
      if (slopes !== undefined) slopes[t] = (-5 / 6) * (1 + a) * decay;
    }
  },
};

/** Squared exponential (RBF): `ρ = e^{−r²/2}`, `dρ/d(r²) = −½e^{−r²/2}`. */
export const RBF: KernelProfile = {
  name: 'rbf',
  evaluate(r2, count, correlations, slopes) {
    for (let t = 0; t < count; t++) {
      const correlation = Math.exp(-0.5 * r2[t]);
      correlations[t] = correlation;
      if (slopes !== undefined) slopes[t] = -0.5 * correlation;
    }
  },
};

/** The profile of a kernel family by name. */
export function kernelProfile(name: KernelName): KernelProfile {
  if (name === 'matern52') return MATERN52;
  if (name === 'rbf') return RBF;
  throw new Error(`options.kernel: unknown kernel '${String(name)}' (expected 'matern52' or 'rbf')`);
}

/** The kernel's hyper-parameters in the form the inner loops use. */
export interface KernelParameters {
  /** `1/ℓ_i²` per coordinate. */
  readonly inverseSquaredLengthscales: Float64Array;
  /** `s²`. */
  readonly signalVariance: number;
}

/**
 * A kernel bound to the coordinates of a space. Points are stored flat (row-major `n×d`) in the kernel's
 * encoding: continuous and integer coordinates as given, categorical ones as their level index.
 */
export class Kernel {
  /** Number of coordinates. */
  readonly d: number;
  /** 1 for categorical coordinates. */
  private readonly categorical: Uint8Array;
  /** Number of levels of each categorical coordinate (0 elsewhere). */
  private readonly levels: Int32Array;

  /** A kernel of family `profile` on the coordinates `dims`. */
  constructor(
    readonly profile: KernelProfile,
    dims: readonly EncodedDimension[],
  ) {
    this.d = dims.length;
    this.categorical = new Uint8Array(this.d);
    this.levels = new Int32Array(this.d);
    dims.forEach((dim, i) => {
      if (dim.kind === 'categorical') {
        this.categorical[i] = 1;
        this.levels[i] = dim.values.length;
      }
    });
  }

  /**
   * Flatten points into the kernel's encoding (categorical coordinate `u` with `k` levels becomes the level
   * `⌊u·k⌋`, clamped). Throws an Error naming `argument` on a wrong dimension or a non-finite coordinate.
   */
  encode(points: readonly Point[], argument: string): Float64Array {
    const d = this.d;
    const flat = new Float64Array(points.length * d);
    points.forEach((point, p) => {
      if (!(point instanceof Float64Array) || point.length !== d) {
        throw new Error(`${argument}[${p}]: expected a Float64Array of length ${d}`);
      }
      for (let i = 0; i < d; i++) {
        const u = point[i];
        if (!Number.isFinite(u)) throw new Error(`${argument}[${p}]: non-finite coordinate ${u} at index ${i}`);
        const k = this.levels[i];
        flat[p * d + i] = this.categorical[i] ? Math.min(k - 1, Math.max(0, Math.floor(u * k))) : u;
      }
    });
    return flat;
  }

  /**
   * Per-dimension terms `q_i` (squared difference, or mismatch 0/1 for categorical coordinates) of every pair
   * `a > b` of the `n` encoded points `x`, dimension-major: entry `i·P + p` for pair `p` of `P = n(n−1)/2`,
   * pairs in the order (1,0), (2,0), (2,1), (3,0), …
   */
  pairTerms(x: Float64Array, n: number): Float64Array {
    const d = this.d;
    const pairs = (n * (n - 1)) / 2;
    const terms = new Float64Array(pairs * d);
    for (let i = 0; i < d; i++) {
      const base = i * pairs;
      let p = 0;
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < a; b++, p++) {
          const diff = x[a * d + i] - x[b * d + i];
          terms[base + p] = this.categorical[i] ? (diff === 0 ? 0 : 1) : diff * diff;
        }
      }
    }
    return terms;
  }

  /**
   * The `n×n` kernel matrix (no noise) from {@link Kernel.pairTerms} into `out`; per pair, `ρ` goes to
   * `correlations` and `ρ'(r²)` to `slopes` (both of length `n(n−1)/2`).
   */
  gram(
    terms: Float64Array,
    n: number,
    params: KernelParameters,
    correlations: Float64Array,
    slopes: Float64Array,
    out: Float64Array,
  ): void {
    const pairs = (n * (n - 1)) / 2;
    const invL2 = params.inverseSquaredLengthscales;
    const s2 = params.signalVariance;
    correlations.fill(0, 0, pairs);
    for (let i = 0; i < this.d; i++) {
      const base = i * pairs;
      const scale = invL2[i];
      for (let p = 0; p < pairs; p++) correlations[p] += scale * terms[base + p];
    }
    this.profile.evaluate(correlations, pairs, correlations, slopes);
    let p = 0;
    for (let a = 0; a < n; a++) {
      out[a * n + a] = s2;
      for (let b = 0; b < a; b++, p++) {
        const k = s2 * correlations[p];
        out[a * n + b] = k;
        out[b * n + a] = k;
      }
    }
  }

  /**
   * `out_i = ½·Σ_{a,b} W_ab·∂K_ab/∂log ℓ_i` for a symmetric `n×n` weight matrix `W` (only its entries below the
   * diagonal are read), from the pair terms and slopes of {@link Kernel.gram}; `work` is a scratch buffer of
   * `n(n−1)/2` entries.
   */
  lengthscaleGradient(
    terms: Float64Array,
    slopes: Float64Array,
    n: number,
    weights: Float64Array,
    params: KernelParameters,
    work: Float64Array,
    out: Float64Array,
  ): void {
    const pairs = (n * (n - 1)) / 2;
    let p = 0;
    for (let a = 0; a < n; a++) for (let b = 0; b < a; b++, p++) work[p] = weights[a * n + b] * slopes[p];
    // Each unordered pair appears twice in the sum over (a, b), cancelling the ½.
    const s2 = params.signalVariance;
    for (let i = 0; i < this.d; i++) {
      const base = i * pairs;
      let sum = 0;
      for (let q = 0; q < pairs; q++) sum += work[q] * terms[base + q];
      out[i] = -2 * s2 * params.inverseSquaredLengthscales[i] * sum;
    }
  }

  /**
   * Covariances `k(q, x_a)` between the encoded point `query[offset..offset+d)` and the `n` encoded points `x`
   * into `out`; with `slopes`, also `∂k/∂(r²) = s²·ρ'(r²)` per point.
   */
  crossCovariance(
    query: Float64Array,
    offset: number,
    x: Float64Array,
    n: number,
    params: KernelParameters,
    out: Float64Array,
    slopes?: Float64Array,
  ): void {
    const d = this.d;
    const invL2 = params.inverseSquaredLengthscales;
    const s2 = params.signalVariance;
    for (let a = 0; a < n; a++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        const diff = query[offset + i] - x[a * d + i];
        r2 += (this.categorical[i] ? (diff === 0 ? 0 : 1) : diff * diff) * invL2[i];
      }
      out[a] = r2;
    }
    this.profile.evaluate(out, n, out, slopes);
    for (let a = 0; a < n; a++) out[a] *= s2;
    if (slopes !== undefined) for (let a = 0; a < n; a++) slopes[a] *= s2;
  }
  /**
   * `out_i = Σ_a c_a·∂k(q, x_a)/∂q_i` given `c_a` already multiplied by the point's `∂k/∂(r²)` (see
   * {@link Kernel.crossCovariance}), i.e. `out_i = (2/ℓ_i²)·Σ_a c_a·(q_i − x_a,i)`; 0 for categorical `i`.
   */
  queryGradient(
    query: Float64Array,
    offset: number,
    x: Float64Array,
    n: number,
    coefficients: Float64Array,
    params: KernelParameters,
    out: Float64Array,
  ): void {
    const d = this.d;
    out.fill(0, 0, d);
    for (let a = 0; a < n; a++) {
      const c = coefficients[a];
      for (let i = 0; i < d; i++) out[i] += c * (query[offset + i] - x[a * d + i]);
    }
    for (let i = 0; i < d; i++) {
      out[i] = this.categorical[i] ? 0 : 2 * params.inverseSquaredLengthscales[i] * out[i];
    }
  }
}
