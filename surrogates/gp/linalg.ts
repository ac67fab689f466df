/**
 * Dense float64 linear algebra for the Gaussian process: Cholesky factorisation with escalating jitter,
 * triangular solves, the inverse of an SPD matrix from its factor, and the O(n²) row-append of a factor.
 *
 * Matrices are row-major `Float64Array`s of `n·n` entries; factors are lower triangular with zeros above the
 * diagonal. Everything works in place or into caller-provided buffers.
 *
 * The O(n³) kernels (the factorisation and the inverse) are sums of products of contiguous row segments. They
 * are register-blocked: {@link tileDots} computes the 2×4 dot products of two rows against four rows (or columns) in one
 * pass, so that each loaded entry serves two or four products (about twice as fast as single dot products at
 * n ≥ 500). Results differ from the unblocked formulas only by the order of floating-point additions.
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

/** Rows and columns of the register tile of {@link tileDots}. */
const TILE_ROWS = 2;
const TILE_COLUMNS = 4;
/** Output buffer of {@link tileDots}, reused by every call. */
const tile = new Float64Array(TILE_ROWS * TILE_COLUMNS);

/**
 * The 2×4 sums `Σ_{k<length} x[x_r + k]·y[yOffset + c·columnStride + k·stepStride]` of the segments `x[x0 ..)`,
 * `x[x1 ..)` (tile rows r = 0, 1) with four vectors of `y` (c = 0..3), into `tile[r·4 + c]`. Rows of a row-major
 * matrix are `(columnStride, stepStride) = (n, 1)`; adjacent columns are `(1, n)`. Each sum has its own
 * accumulator, so a sum's value does not depend on what it is paired with (`x1 = x0` computes one row twice).
 */
function tileDots(
  x: Float64Array,
  x0: number,
  x1: number,
  y: Float64Array,
  yOffset: number,
  columnStride: number,
  stepStride: number,
  length: number,
): void {
  const c1 = columnStride;
  const c2 = 2 * columnStride;
  const c3 = 3 * columnStride;
  let s00 = 0;
  let s01 = 0;
  let s02 = 0;
  let s03 = 0;
  let s10 = 0;
  let s11 = 0;
  let s12 = 0;
  let s13 = 0;
  for (let k = 0, at = yOffset; k < length; k++, at += stepStride) {
    const a0 = x[x0 + k];
    const a1 = x[x1 + k];
    const b0 = y[at];
    const b1 = y[at + c1];
    const b2 = y[at + c2];
    const b3 = y[at + c3];
    s00 += a0 * b0;
    s01 += a0 * b1;
    s02 += a0 * b2;
    s03 += a0 * b3;
    s10 += a1 * b0;
    s11 += a1 * b1;
    s12 += a1 * b2;
    s13 += a1 * b3;
  }
  tile[0] = s00;
  tile[1] = s01;
  tile[2] = s02;
  tile[3] = s03;
  tile[4] = s10;
  tile[5] = s11;
  tile[6] = s12;
  tile[7] = s13;
}

/**
 * Cholesky factor of `a + shift·I` into `out` (lower triangular, zeros above the diagonal). Returns false if a
 * pivot is not positive (or not finite); `out` then holds garbage.
 *
 * Row by row, `L_ij = (a_ij − Σ_{k<j} L_ik·L_jk)/L_jj`; two rows at a time, the sums over `k` below a group of
 * four columns come from one {@link tileDots} pass, and the few in-group terms are added afterwards.
 */
export function choleskyInto(a: Float64Array, n: number, shift: number, out: Float64Array): boolean {
  for (let i = 0; i < n; i += TILE_ROWS) {
    const rowCount = Math.min(TILE_ROWS, n - i);
    let j = 0;
    if (rowCount === TILE_ROWS) {
      for (; j + TILE_COLUMNS <= i; j += TILE_COLUMNS) {
        tileDots(out, i * n, (i + 1) * n, out, j * n, n, 1, j);
        for (let r = 0; r < TILE_ROWS; r++) {
          const row = (i + r) * n;
          for (let c = 0; c < TILE_COLUMNS; c++) {
            const column = (j + c) * n;
            const inGroup = dot(out, row + j, out, column + j, c);
            out[row + j + c] = (a[row + j + c] - tile[r * TILE_COLUMNS + c] - inGroup) / out[column + j + c];
          }
        }
      }
    }
    // Remaining columns below the diagonal block, then the diagonal block itself (the pivots).
    for (let r = 0; r < rowCount; r++) {
      const row = (i + r) * n;
      for (let c = j; c < i + r; c++) out[row + c] = (a[row + c] - dot(out, row, out, c * n, c)) / out[c * n + c];
      const pivot = a[row + i + r] + shift - dot(out, row, out, row, i + r);
      if (!(pivot > 0) || pivot === Infinity) return false;
      out[row + i + r] = Math.sqrt(pivot);
      out.fill(0, row + i + r + 1, row + n);
    }
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

/** Bytes of right-hand sides that the multi-RHS solves keep in cache while a triangular factor streams past. */
const PANEL_BYTES = 256 * 1024;

/** Rows per panel of `n`-vectors in the multi-RHS solves: an even number (whole tile pairs), at least a pair. */
function panelRows(n: number): number {
  const rows = Math.max(TILE_ROWS, Math.floor(PANEL_BYTES / (8 * n)));
  return rows - (rows % TILE_ROWS);
}

/**
 * The diagonal blocks of the multi-RHS solves, as `[start, end)` pairs in ascending order: a first block of
 * `n mod 4` entries (if any), then blocks of four, so that every block after the first has a full tile of
 * {@link TILE_COLUMNS} rows of `L` and the first has nothing before it.
 */
function diagonalBlocks(n: number): Array<[number, number]> {
  const blocks: Array<[number, number]> = [];
  for (let start = 0; start < n; ) {
    const end = start === 0 ? n % TILE_COLUMNS || Math.min(TILE_COLUMNS, n) : start + TILE_COLUMNS;
    blocks.push([start, end]);
    start = end;
  }
  return blocks;
}

/**
 * Solve `L·x_r = b_r` in place for the `count` right-hand sides stored as the rows `b[r·n ..+n)` (i.e.
 * `X = B·L⁻ᵀ`; `L` lower triangular `n×n`). Blocked forward substitution: for each diagonal block of four
 * entries, the sums over the entries already solved come from one {@link tileDots} pass per pair of rows (the
 * block's four rows of `L` serve every pair of a cache panel of right-hand sides), and the few in-block terms
 * follow. Each row's result does not depend on the other rows; it differs from {@link solveLower} only by the
 * order of floating-point additions.
 */
export function solveLowerRows(l: Float64Array, n: number, b: Float64Array, count: number): void {
  const panel = panelRows(n);
  const blocks = diagonalBlocks(n);
  for (let first = 0; first < count; first += panel) {
    const last = Math.min(count, first + panel);
    for (const [start, end] of blocks) {
      for (let p = first; p < last; p += TILE_ROWS) {
        const rows = Math.min(TILE_ROWS, last - p);
        const x0 = p * n;
        tileDots(b, x0, rows === TILE_ROWS ? x0 + n : x0, l, start * n, n, 1, start);
        for (let r = 0; r < rows; r++) {
          const x = x0 + r * n;
          for (let i = start; i < end; i++) {
            const row = i * n;
            let sum = b[x + i] - tile[r * TILE_COLUMNS + i - start];
            for (let k = start; k < i; k++) sum -= l[row + k] * b[x + k];
            b[x + i] = sum / l[row + i];
          }
        }
      }
    }
  }
}

/**
 * Solve `Lᵀ·x_r = b_r` in place for the `count` right-hand sides stored as the rows `b[r·n ..+n)` (i.e.
 * `X = B·L⁻¹`). Blocked back substitution over the diagonal blocks in descending order: the sums over the
 * entries already solved (below the block) come from one {@link tileDots} pass over four columns of `L`
 * per pair of rows, and the in-block terms follow. Each row's result does not depend on the other rows; it
 * differs from {@link solveLowerTransposed} only by the order of floating-point additions.
 */
export function solveLowerTransposedRows(l: Float64Array, n: number, b: Float64Array, count: number): void {
  const panel = panelRows(n);
  const blocks = diagonalBlocks(n).reverse();
  for (let first = 0; first < count; first += panel) {
    const last = Math.min(count, first + panel);
    for (const [start, end] of blocks) {
      for (let p = first; p < last; p += TILE_ROWS) {
        const rows = Math.min(TILE_ROWS, last - p);
        const x0 = p * n;
        // Columns start..start+3 of the rows below the block (a first block narrower than four reads a few
        // columns it ignores; with n < 4 there are no rows below it).
        tileDots(b, x0 + end, (rows === TILE_ROWS ? x0 + n : x0) + end, l, end * n + start, 1, n, n - end);
        for (let r = 0; r < rows; r++) {
          const x = x0 + r * n;
          for (let i = end - 1; i >= start; i--) {
            let sum = b[x + i] - tile[r * TILE_COLUMNS + i - start];
            for (let k = i + 1; k < end; k++) sum -= l[k * n + i] * b[x + k];
            b[x + i] = sum / l[i * n + i];
          }
        }
      }
    }
  }
}

/**
 * The lower triangle (with the diagonal) of `A⁻¹ = L⁻ᵀL⁻¹` from the Cholesky factor `L` of `A`, into `out`;
 * entries of `out` above the diagonal are left as they were. `scratch` (n·n) receives `U = L⁻ᵀ` (upper
 * triangular), so that both steps are contiguous dot products.
 */
export function inverseFromCholesky(l: Float64Array, n: number, scratch: Float64Array, out: Float64Array): void {
  scratch.fill(0);
  for (let j = 0; j < n; j += TILE_COLUMNS) invertColumns(l, n, j, Math.min(TILE_COLUMNS, n - j), scratch);
  // (A⁻¹)[a, b] = Σ_k L⁻¹[k, a]·L⁻¹[k, b] = Σ_{k ≥ a} U[a, k]·U[b, k] for b ≤ a (U[a + 1, a] = 0).
  for (let a = 0; a < n; a += TILE_ROWS) {
    const rowCount = Math.min(TILE_ROWS, n - a);
    let b = 0;
    if (rowCount === TILE_ROWS) {
      for (; b + TILE_COLUMNS <= a + 1; b += TILE_COLUMNS) {
        tileDots(scratch, a * n + a, (a + 1) * n + a, scratch, b * n + a, n, 1, n - a);
        for (let r = 0; r < TILE_ROWS; r++) {
          for (let c = 0; c < TILE_COLUMNS; c++) out[(a + r) * n + b + c] = tile[r * TILE_COLUMNS + c];
        }
      }
    }
    for (let r = 0; r < rowCount; r++) {
      const row = (a + r) * n;
      for (let c = b; c <= a + r; c++) out[row + c] = dot(scratch, row + a, scratch, c * n + a, n - a);
    }
  }
}

/**
 * Rows `j..j+count` of `U = L⁻ᵀ` (columns of `L⁻¹`) into the zero-initialised `u`, by forward substitution of
 * `L·x = e_j`: `U[j, j] = 1/L_jj` and `U[j, i] = −(Σ_{j≤k<i} L_ik·U[j, k])/L_ii` for `i > j`. The four rows
 * share each pass over a row of `L`, two rows of `L` at a time.
 */
function invertColumns(l: Float64Array, n: number, j: number, count: number, u: Float64Array): void {
  const entry = (row: number, i: number): void => {
    u[row * n + i] = (row === i ? 1 : -dot(l, i * n + j, u, row * n + j, i - j)) / l[i * n + i];
  };
  const end = j + count;
  for (let row = j; row < end; row++) for (let i = row; i < end; i++) entry(row, i);
  let i = end;
  if (count === TILE_COLUMNS) {
    for (; i + TILE_ROWS <= n; i += TILE_ROWS) {
      tileDots(l, i * n + j, (i + 1) * n + j, u, j * n + j, n, 1, i - j);
      const pivot = l[i * n + i];
      const below = l[(i + 1) * n + i];
      const nextPivot = l[(i + 1) * n + i + 1];
      for (let c = 0; c < TILE_COLUMNS; c++) {
        const row = (j + c) * n;
        const value = (u[row + i] = -tile[c] / pivot);
        u[row + i + 1] = -(tile[TILE_COLUMNS + c] + below * value) / nextPivot;
      }
    }
  }
  for (; i < n; i++) for (let row = j; row < end; row++) entry(row, i);
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
  solveLowerRows(l, n, l21, m);
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
