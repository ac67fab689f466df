/**
 * Dense float64 linear algebra for the Gaussian process: Cholesky factorisation with escalating jitter,
 * triangular solves, the inverse of an SPD matrix from its factor, and the O(n²) row-append of a factor.
 *
 * Matrices are row-major `Float64Array`s of `n·n` entries; factors are lower triangular with zeros above the
 * diagonal. Everything works in place or into caller-provided buffers.
 */

/** Thrown when a covariance matrix stays numerically non-positive-definite after the largest jitter. */
export class GPNumericalError extends Error {
  /** Error class name. */
  override readonly name = 'GPNumericalError';

  /**
   * @param n size of the matrix that failed to factor
   * @param theta hyper-parameters `(ℓ_1..ℓ_d, s², σ_n²)` in natural units
   * @param jitter the last (largest) jitter tried
   */
  constructor(
    readonly n: number,
    readonly theta: readonly number[],
    readonly jitter: number,
  ) {
    super(
      `Cholesky factorisation failed for an ${n}×${n} covariance matrix even with jitter ${jitter.toExponential(2)} ` +
        `(θ = [${theta.map((v) => v.toPrecision(4)).join(', ')}])`,
    );
  }
}

/** Relative size of the first jitter: `j = FIRST_JITTER·mean(diag)`. */
const FIRST_JITTER = 1e-9;
/** Number of jitter levels tried after the plain factorisation (each ×10, ending at 1e-3·mean(diag)). */
const JITTER_STEPS = 7;

/** `Σ_{k<length} x[xOffset+k]·y[yOffset+k]` (four accumulators, which V8 runs markedly faster). */
export function dot(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += x[xOffset + k] * y[yOffset + k];
    s1 += x[xOffset + k + 1] * y[yOffset + k + 1];
    s2 += x[xOffset + k + 2] * y[yOffset + k + 2];
    s3 += x[xOffset + k + 3] * y[yOffset + k + 3];
  }
  for (; k < length; k++) s0 += x[xOffset + k] * y[yOffset + k];
  return s0 + s1 + s2 + s3;
}

/**
 * Cholesky factor of `a + shift·I` into `out` (lower triangular, zeros above the diagonal). Returns false if a
 * pivot is not positive (or not finite); `out` then holds garbage.
 */
export function choleskyInto(a: Float64Array, n: number, shift: number, out: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j < i; j++) {
      const rowJ = j * n;
      out[rowI + j] = (a[rowI + j] - dot(out, rowI, out, rowJ, j)) / out[rowJ + j];
    }
    const pivot = a[rowI + i] + shift - dot(out, rowI, out, rowI, i);
    if (!(pivot > 0) || pivot === Infinity) return false;
    out[rowI + i] = Math.sqrt(pivot);
    out.fill(0, rowI + i + 1, rowI + n);
  }
  return true;
}

/**
 * Cholesky factor of `a` into `out`, retrying with jitter `j·I`, `j = 1e-9·scale`, ×10 up to 7 times.
 * Returns the jitter used (0 if none was needed).
 * @param theta hyper-parameters in natural units, reported by the {@link GPNumericalError} on failure
 * @param scale reference size of the diagonal (default `mean(diag a)`)
 * @throws GPNumericalError when even `1e-3·scale` does not make the matrix positive definite
 */
export function jitteredCholesky(
  a: Float64Array,
  n: number,
  out: Float64Array,
  theta: ArrayLike<number>,
  scale = meanDiagonal(a, n),
): number {
  if (choleskyInto(a, n, 0, out)) return 0;
  let jitter = FIRST_JITTER * Math.abs(scale);
  for (let step = 0; step < JITTER_STEPS; step++, jitter *= 10) {
    if (choleskyInto(a, n, jitter, out)) return jitter;
  }
  throw new GPNumericalError(n, Array.from(theta), jitter / 10);
}

/** Mean of the diagonal of the `n×n` matrix `a`. */
export function meanDiagonal(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i * n + i];
  return sum / n;
}

/** Solve `L·x = b` in place (`L` lower triangular `n×n`). */
export function solveLower(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) b[i] = (b[i] - dot(l, i * n, b, 0, i)) / l[i * n + i];
}

/** Solve `Lᵀ·x = b` in place (`L` lower triangular `n×n`). */
export function solveLowerTransposed(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    const row = i * n;
    const xi = (b[i] /= l[row + i]);
    for (let k = 0; k < i; k++) b[k] -= l[row + k] * xi;
  }
}

/**
 * `A⁻¹ = L⁻ᵀL⁻¹` from the Cholesky factor `L` of `A`, into `out` (full symmetric). `scratch` (n·n) receives
 * `U = L⁻ᵀ` (upper triangular), so that both steps are contiguous dot products.
 */
export function inverseFromCholesky(l: Float64Array, n: number, scratch: Float64Array, out: Float64Array): void {
  // Row j of U is column j of L⁻¹: forward substitution of L·x = e_j, where x_k = 0 for k < j.
  scratch.fill(0);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    scratch[rowJ + j] = 1 / l[rowJ + j];
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      scratch[rowJ + i] = -dot(l, rowI + j, scratch, rowJ + j, i - j) / l[rowI + i];
    }
  }
  // (A⁻¹)[a, b] = Σ_k L⁻¹[k, a]·L⁻¹[k, b] = Σ_{k ≥ a} U[a, k]·U[b, k] for b ≤ a.
  for (let a = 0; a < n; a++) {
    const rowA = a * n;
    for (let b = 0; b <= a; b++) {
      const value = dot(scratch, rowA + a, scratch, b * n + a, n - a);
      out[rowA + b] = value;
      out[b * n + a] = value;
    }
  }
}

/**
 * Extend the Cholesky factor `L` (n×n) of `A` to the factor of `[[A, Cᵀ], [C, B]]` in O(n²·m + m³), without
 * refactorising `A`. `cross` is `C` (m×n, row j = covariances of new point j with the old ones), `block` is
 * `B` (m×m). The new block is factored with the jitter rule of {@link jitteredCholesky}, scaled by `mean(diag B)`.
 * @returns the (n+m)×(n+m) factor and the jitter added to the new block
 */
export function appendCholeskyRows(
  l: Float64Array,
  n: number,
  cross: Float64Array,
  block: Float64Array,
  m: number,
  theta: ArrayLike<number>,
): { factor: Float64Array; jitter: number } {
  const size = n + m;
  const factor = new Float64Array(size * size);
  for (let i = 0; i < n; i++) factor.set(l.subarray(i * n, i * n + i + 1), i * size);
  // Rows of L21 = C·L⁻ᵀ, i.e. L·(row j of L21) = row j of C.
  const l21 = cross.slice(0, m * n);
  for (let j = 0; j < m; j++) solveLower(l, n, l21.subarray(j * n, (j + 1) * n));
  // Schur complement B − L21·L21ᵀ, then its factor L22.
  const schur = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = block[i * m + j];
      for (let k = 0; k < n; k++) sum -= l21[i * n + k] * l21[j * n + k];
      schur[i * m + j] = sum;
      schur[j * m + i] = sum;
    }
  }
  const l22 = new Float64Array(m * m);
  const jitter = jitteredCholesky(schur, m, l22, theta, meanDiagonal(block, m));
  for (let j = 0; j < m; j++) {
    factor.set(l21.subarray(j * n, (j + 1) * n), (n + j) * size);
    factor.set(l22.subarray(j * m, j * m + j + 1), (n + j) * size + n);
  }
  return { factor, jitter };
}
