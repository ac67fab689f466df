import { describe, it, expect } from 'vitest';
import {
  GPNumericalError,
  appendCholeskyRows,
  choleskyInto,
  dot,
  inverseFromCholesky,
  jitteredCholesky,
  solveLower,
  solveLowerRows,
  solveLowerTransposed,
  solveLowerTransposedRows,
} from '../../../surrogates/gp/linalg.js';

const mat = (rows: number[][]) => Float64Array.from(rows.flat());

/** A = LLᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]]. */
const A = mat([
  [4, 12, -16],
  [12, 37, -43],
  [-16, -43, 98],
]);
const L = mat([
  [2, 0, 0],
  [6, 1, 0],
  [-8, 5, 3],
]);

function randomSpd(n: number, seed: number): Float64Array {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const b = Array.from({ length: n * n }, next);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? 0.5 : 0;
      for (let k = 0; k < n; k++) sum += b[i * n + k] * b[j * n + k];
      a[i * n + j] = sum;
    }
  }
  return a;
}

/** Unblocked textbook Cholesky (Cholesky–Banachiewicz), the reference for the register-blocked kernel. */
function referenceCholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(sum) : sum / l[j * n + j];
    }
  }
  return l;
}

/** A⁻¹ column by column: forward then back substitution of L·Lᵀ·x = e_j with the reference factor. */
function referenceInverse(a: Float64Array, n: number): Float64Array {
  const l = referenceCholesky(a, n);
  const inverse = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = i === j ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k];
      x[i] = sum / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = x[i];
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
      x[i] = sum / l[i * n + i];
    }
    for (let i = 0; i < n; i++) inverse[i * n + j] = x[i];
  }
  return inverse;
}

/** Largest absolute entry of `a`. */
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Sizes around the 2×4 register tile (not multiples of it, and a few larger ones). */
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 30, 37, 53];

describe('choleskyInto', () => {
  it('factors a known 3×3 matrix exactly', () => {
    const out = new Float64Array(9).fill(99);
    expect(choleskyInto(A, 3, 0, out)).toBe(true);
    expect(Array.from(out)).toEqual(Array.from(L));
  });

  it('reports a non-positive pivot', () => {
    const singular = mat([
      [1, 2],
      [2, 4],
    ]);
    expect(choleskyInto(singular, 2, 0, new Float64Array(4))).toBe(false);
    expect(choleskyInto(mat([[NaN]]), 1, 0, new Float64Array(1))).toBe(false);
    expect(choleskyInto(singular, 2, 1e-3, new Float64Array(4))).toBe(true);
  });

  it('L·Lᵀ = A with zeros above the diagonal and equals the unblocked reference, for sizes around the tile', () => {
    for (const n of SIZES) {
      const a = randomSpd(n, 7 + n);
      const l = new Float64Array(n * n).fill(99);
      expect(choleskyInto(a, n, 0, l)).toBe(true);
      const reference = referenceCholesky(a, n);
      const scale = maxAbs(a);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          expect(Math.abs(dot(l, i * n, l, j * n, n) - a[i * n + j])).toBeLessThan(1e-13 * scale);
          if (j > i) expect(l[i * n + j]).toBe(0);
          else expect(Math.abs(l[i * n + j] - reference[i * n + j])).toBeLessThan(1e-12 * Math.sqrt(scale));
        }
      }
    }
  });

  it('factors a + shift·I and reports a failing pivot inside a tiled row', () => {
    const n = 13;
    const a = randomSpd(n, 5);
    const shifted = a.slice();
    for (let i = 0; i < n; i++) shifted[i * n + i] += 0.25;
    const l = new Float64Array(n * n);
    expect(choleskyInto(a, n, 0.25, l)).toBe(true);
    const reference = referenceCholesky(shifted, n);
    l.forEach((v, i) => expect(Math.abs(v - reference[i])).toBeLessThan(1e-12));
    // Row and column 11 duplicate row and column 10: the pivot of row 11 is zero up to rounding, negative after
    // subtracting a little more from the diagonal.
    const singular = a.slice();
    for (let k = 0; k < n; k++) {
      singular[11 * n + k] = a[10 * n + k];
      singular[k * n + 11] = a[k * n + 10];
    }
    singular[11 * n + 11] = a[10 * n + 10] - 1e-3;
    expect(choleskyInto(singular, n, 0, l)).toBe(false);
    const poisoned = a.slice();
    poisoned[9 * n + 2] = NaN;
    expect(choleskyInto(poisoned, n, 0, l)).toBe(false);
  });
});

describe('jitteredCholesky', () => {
  it('uses no jitter for a well-conditioned matrix', () => {
    expect(jitteredCholesky(A, 3, new Float64Array(9), [1, 1])).toBe(0);
  });

  it('escalates jitter from 1e-9·mean(diag) by factors of 10', () => {
    // Rank-1 matrix (all entries 2, mean diagonal 2): needs positive jitter; the first one tried is 2e-9.
    const rankOne = new Float64Array(16).fill(2);
    const out = new Float64Array(16);
    const jitter = jitteredCholesky(rankOne, 4, out, [1]);
    const relative = jitter / 2e-9;
    expect(Math.log10(relative)).toBeCloseTo(Math.round(Math.log10(relative)), 12);
    expect(jitter).toBeGreaterThanOrEqual(2e-9);
    expect(jitter).toBeLessThanOrEqual(2e-3);
  });

  it('throws GPNumericalError with n, θ and the last jitter when even 1e-3·mean(diag) fails', () => {
    const indefinite = mat([
      [1, 0],
      [0, -1],
    ]);
    try {
      jitteredCholesky(indefinite, 2, new Float64Array(4), [0.5, 2, 1e-6]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GPNumericalError);
      const e = error as GPNumericalError;
      expect(e.n).toBe(2);
      expect(e.theta).toEqual([0.5, 2, 1e-6]);
      expect(e.jitter).toBe(0); // mean diagonal 0 → every jitter is 0
      expect(e.message).toMatch(/2×2/);
    }
    const negativeDefinite = mat([
      [-1, 0],
      [0, -3],
    ]);
    expect(() => jitteredCholesky(negativeDefinite, 2, new Float64Array(4), [1])).toThrow(GPNumericalError);
    try {
      jitteredCholesky(negativeDefinite, 2, new Float64Array(4), [1]);
    } catch (error) {
      expect((error as GPNumericalError).jitter).toBeCloseTo(2e-3, 15);
    }
  });
});

describe('triangular solves and inverse', () => {
  it('solve L·x = b and Lᵀ·x = b for the known factor', () => {
    const x = Float64Array.from([1, -2, 0.5]);
    const b = new Float64Array(3);
    for (let i = 0; i < 3; i++) b[i] = dot(L, i * 3, x, 0, 3);
    solveLower(L, 3, b);
    b.forEach((v, i) => expect(v).toBeCloseTo(x[i], 14));
    const bt = new Float64Array(3);
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) bt[i] += L[k * 3 + i] * x[k];
    solveLowerTransposed(L, 3, bt);
    bt.forEach((v, i) => expect(v).toBeCloseTo(x[i], 14));
  });

  it('A⁻¹ from the factor matches the known inverse in its lower triangle and leaves the upper one alone', () => {
    // Inverse of A computed by hand (adjugate / det, det = 36).
    const expected = [
      [49.361111111111114, -13.555555555555555, 2.111111111111111],
      [-13.555555555555555, 3.7777777777777777, -0.5555555555555556],
      [2.111111111111111, -0.5555555555555556, 0.1111111111111111],
    ];
    const out = new Float64Array(9).fill(-7);
    inverseFromCholesky(L, 3, new Float64Array(9), out);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (j <= i) expect(out[i * 3 + j]).toBeCloseTo(expected[i][j], 11);
        else expect(out[i * 3 + j]).toBe(-7);
      }
    }
  });

  it('A·A⁻¹ = I and A⁻¹ equals the substitution reference, for sizes around the tile', () => {
    for (const n of SIZES) {
      const a = randomSpd(n, 3 + n);
      const l = new Float64Array(n * n);
      choleskyInto(a, n, 0, l);
      const lower = new Float64Array(n * n);
      inverseFromCholesky(l, n, new Float64Array(n * n).fill(5), lower);
      const inverse = lower.map((_, index) => {
        const i = Math.floor(index / n);
        const j = index % n;
        return j <= i ? lower[index] : lower[j * n + i];
      });
      const reference = referenceInverse(a, n);
      const scale = maxAbs(reference);
      inverse.forEach((v, index) => expect(Math.abs(v - reference[index])).toBeLessThan(1e-12 * scale));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += a[i * n + k] * inverse[k * n + j];
          expect(Math.abs(sum - (i === j ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });
});

describe('multi-RHS triangular solves', () => {
  /** `count` right-hand sides of length `n` as rows, with entries of mixed sign and size. */
  const rightHandSides = (n: number, count: number) => Float64Array.from({ length: n * count }, (_, i) => Math.sin(0.37 * i + n) * (1 + (i % 5)));
  /** The rows of `b` solved one at a time by `solve`. */
  const oneAtATime = (solve: (l: Float64Array, n: number, b: Float64Array) => void, l: Float64Array, n: number, b: Float64Array) => {
    const out = b.slice();
    for (let r = 0; r < b.length / n; r++) solve(l, n, out.subarray(r * n, (r + 1) * n));
    return out;
  };

  it('equal the one-at-a-time solves and satisfy L·x = b, Lᵀ·x = b, for sizes and counts around the tiles', () => {
    for (const n of SIZES) {
      const l = new Float64Array(n * n);
      choleskyInto(randomSpd(n, 13 + n), n, 0, l);
      for (const count of [1, 2, 3, 5, 8, 11]) {
        const b = rightHandSides(n, count);
        const forward = b.slice();
        solveLowerRows(l, n, forward, count);
        const backward = b.slice();
        solveLowerTransposedRows(l, n, backward, count);
        const references = [oneAtATime(solveLower, l, n, b), oneAtATime(solveLowerTransposed, l, n, b)];
        [forward, backward].forEach((solved, which) => {
          const scale = maxAbs(references[which]);
          solved.forEach((v, i) => expect(Math.abs(v - references[which][i])).toBeLessThan(1e-12 * scale));
        });
        for (let r = 0; r < count; r++) {
          for (let i = 0; i < n; i++) {
            let lx = 0;
            let ltx = 0;
            for (let k = 0; k < n; k++) {
              lx += l[i * n + k] * forward[r * n + k];
              ltx += l[k * n + i] * backward[r * n + k];
            }
            expect(Math.abs(lx - b[r * n + i])).toBeLessThan(1e-12 * maxAbs(b));
            expect(Math.abs(ltx - b[r * n + i])).toBeLessThan(1e-12 * maxAbs(b));
          }
        }
      }
    }
  });

  it('solve each row independently of the others, across cache panels, and leave rows beyond count alone', () => {
    // At n = 37 a cache panel holds 884 rows: 1771 rows make two full panels and a partial one.
    const n = 37;
    const count = 1771;
    const l = new Float64Array(n * n);
    choleskyInto(randomSpd(n, 99), n, 0, l);
    const b = rightHandSides(n, count + 1);
    for (const solve of [solveLowerRows, solveLowerTransposedRows]) {
      const all = b.slice();
      solve(l, n, all, count);
      expect(Array.from(all.subarray(count * n))).toEqual(Array.from(b.subarray(count * n)));
      for (const r of [0, 1, 882, 883, 884, 885, 1768, 1769, 1770]) {
        const alone = b.slice(r * n, (r + 1) * n);
        solve(l, n, alone, 1);
        expect(Array.from(alone)).toEqual(Array.from(all.subarray(r * n, (r + 1) * n)));
      }
      const none = b.slice();
      solve(l, n, none, 0);
      expect(none).toEqual(b);
    }
  });
});

describe('appendCholeskyRows', () => {
  it('equals the factor of the whole matrix', () => {
    const size = 12;
    const a = randomSpd(size, 11);
    for (const n of [0, 1, 7, 11]) {
      const m = size - n;
      const head = new Float64Array(n * n);
      for (let i = 0; i < n; i++) head.set(a.subarray(i * size, i * size + n), i * n);
      const l = new Float64Array(n * n);
      choleskyInto(head, n, 0, l);
      const cross = new Float64Array(m * n);
      const block = new Float64Array(m * m);
      for (let j = 0; j < m; j++) {
        cross.set(a.subarray((n + j) * size, (n + j) * size + n), j * n);
        block.set(a.subarray((n + j) * size + n, (n + j + 1) * size), j * m);
      }
      const { factor, jitter } = appendCholeskyRows(l, n, cross, block, m, [1]);
      expect(jitter).toBe(0);
      const full = new Float64Array(size * size);
      choleskyInto(a, size, 0, full);
      factor.forEach((v, i) => expect(v).toBeCloseTo(full[i], 12));
    }
  });

  it('jitters a duplicated row (relative to the new block) instead of failing', () => {
    const a = mat([
      [1, 0.5],
      [0.5, 1],
    ]);
    const l = new Float64Array(4);
    choleskyInto(a, 2, 0, l);
    // Appending an exact copy of point 0 gives a singular Schur complement.
    const { factor, jitter } = appendCholeskyRows(l, 2, Float64Array.from([1, 0.5]), Float64Array.from([1]), 1, [1]);
    expect(jitter).toBeGreaterThan(0);
    expect(factor.every(Number.isFinite)).toBe(true);
    expect(factor[8]).toBeGreaterThan(0);
  });
});
