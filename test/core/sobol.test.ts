import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { SOBOL_MAX_DIMENSION, SobolSequence, primitivePolynomial, sobolPoints } from '../../src/core/sobol.js';

/** The base-2 radical inverse of `i`: its binary digits mirrored about the binary point. */
function vanDerCorput(i: number): number {
  let value = 0;
  let weight = 0.5;
  for (let rest = i; rest > 0; rest = Math.floor(rest / 2), weight /= 2) value += (rest % 2) * weight;
  return value;
}

/** Checks that coordinate `j` of `points` puts exactly one point in each interval `[i/n, (i+1)/n)`. */
function expectStratified(points: readonly Float64Array[], j: number): void {
  const n = points.length;
  const counts = new Uint32Array(n);
  for (const p of points) counts[Math.floor(p[j] * n)]++;
  expect(counts.every((c) => c === 1), `dimension ${j + 1}, ${n} points`).toBe(true);
}

/**
 * The t-value of `points` (2^m of them) projected on coordinates `a`, `b` as a (t,m,2)-net: the least t such that
 * every dyadic box of area `2^{t−m}` holds `2^t` points.
 */
function tValue(points: readonly Float64Array[], a: number, b: number): number {
  const m = Math.log2(points.length);
  for (let t = 0; t <= m; t++) {
    let isNet = true;
    for (let da = 0; da <= m - t && isNet; da++) {
      const db = m - t - da;
      const counts = new Uint32Array(2 ** (m - t));
      for (const p of points) counts[Math.floor(p[a] * 2 ** da) * 2 ** db + Math.floor(p[b] * 2 ** db)]++;
      isNet = counts.every((c) => c === 2 ** t);
    }
    if (isNet) return t;
  }
  return m;
}

/** Squared L2-star discrepancy (Warnock's formula). */
function squaredL2StarDiscrepancy(points: readonly Float64Array[]): number {
  const n = points.length;
  const d = points[0].length;
  let single = 0;
  let pairs = 0;
  for (const p of points) {
    let product = 1;
    for (let k = 0; k < d; k++) product *= (1 - p[k] * p[k]) / 2;
    single += product;
    for (const q of points) {
      let pairProduct = 1;
      for (let k = 0; k < d; k++) pairProduct *= 1 - Math.max(p[k], q[k]);
      pairs += pairProduct;
    }
  }
  return 3 ** -d - (2 * single) / n + pairs / (n * n);
}

describe('primitivePolynomial', () => {
  it('starts with the known primitive polynomials of degrees 1 to 5', () => {
    const expected = [0b11, 0b111, 0b1011, 0b1101, 0b10011, 0b11001, 37, 41, 47, 55, 59, 61];
    expect(expected.map((_, n) => primitivePolynomial(n))).toEqual(expected);
  });

  it('lists exactly the polynomials in which x has order 2^s − 1, for every degree up to 10', () => {
    /** The multiplicative order of x modulo `p`, by repeated multiplication (independent of the module). */
    const orderOfX = (p: number, degree: number): number => {
      let power = degree === 1 ? 1 : 2; // x mod p
      for (let order = 1; order < 2 ** degree; order++) {
        if (power === 1) return order;
        power <<= 1;
        if (power & (1 << degree)) power ^= p;
      }
      return 0;
    };
    const listed = new Set(Array.from({ length: 160 }, (_, n) => primitivePolynomial(n)));
    for (let degree = 1; degree <= 10; degree++) {
      for (let p = 2 ** degree + 1; p < 2 ** (degree + 1); p += 2) {
        expect(listed.has(p), `polynomial ${p.toString(2)}`).toBe(orderOfX(p, degree) === 2 ** degree - 1);
      }
    }
  });

  it('finds φ(2^s − 1)/s polynomials of each degree s up to 16, in increasing order', () => {
    const totient = (n: number): number => {
      let result = n;
      let rest = n;
      for (let q = 2; q * q <= rest; q++) {
        if (rest % q !== 0) continue;
        while (rest % q === 0) rest /= q;
        result -= result / q;
      }
      return rest > 1 ? result - result / rest : result;
    };
    const counts = new Map<number, number>();
    let previous = 0;
    for (let n = 0; n <= SOBOL_MAX_DIMENSION - 2; n++) {
      const p = primitivePolynomial(n);
      expect(p).toBeGreaterThan(previous);
      previous = p;
      const degree = 31 - Math.clz32(p);
      counts.set(degree, (counts.get(degree) ?? 0) + 1);
    }
    for (let s = 1; s <= 16; s++) expect(counts.get(s), `degree ${s}`).toBe(totient(2 ** s - 1) / s);
  });

  it('rejects indices beyond the supported dimensions', () => {
    expect(() => primitivePolynomial(SOBOL_MAX_DIMENSION - 1)).toThrow(/n: must be an integer/);
    expect(() => primitivePolynomial(-1)).toThrow(/n: must be an integer/);
  });
});

describe('SobolSequence (unscrambled)', () => {
  it('has the van der Corput sequence as dimension 1', () => {
    const sequence = new SobolSequence(3);
    sequence.points(1024).forEach((p, i) => expect(p[0]).toBe(vanDerCorput(i)));
    for (const i of [2 ** 31 - 1, 2 ** 31 + 5, 2 ** 32 - 1]) expect(sequence.point(i)[0]).toBe(vanDerCorput(i));
  });

  it('starts with the classical first points in dimensions 1–3', () => {
    const expected = [
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.25, 0.75, 0.25],
      [0.75, 0.25, 0.75],
    ];
    expect(new SobolSequence(3).points(4).map((p) => Array.from(p))).toEqual(expected);
  });

  it('stratifies every 1-D projection of 20 dimensions for 2^k points, k ≤ 10, and for later blocks', () => {
    const sequence = new SobolSequence(20);
    for (let k = 0; k <= 10; k++) {
      const points = sequence.points(2 ** k);
      for (let j = 0; j < 20; j++) expectStratified(points, j);
    }
    for (const [k, block] of [[6, 3], [8, 17], [10, 1]]) {
      const points = sequence.points(2 ** k, block * 2 ** k);
      for (let j = 0; j < 20; j++) expectStratified(points, j);
    }
  });

  it('makes the first two dimensions a (0,m,2)-net for every m ≤ 10', () => {
    const sequence = new SobolSequence(2);
    for (let m = 0; m <= 10; m++) expect(tValue(sequence.points(2 ** m), 0, 1), `m=${m}`).toBe(0);
    expect(tValue(sequence.points(256, 256 * 5), 0, 1)).toBe(0);
  });

  it('keeps every 2-D projection of the first 20 dimensions at t ≤ 5 for 2048 points', () => {
    const points = new SobolSequence(20).points(2048);
    let worst = 0;
    for (let a = 0; a < 20; a++) {
      for (let b = a + 1; b < 20; b++) worst = Math.max(worst, tValue(points, a, b));
    }
    expect(worst).toBeLessThanOrEqual(5);
  });

  it('is deterministic and does not depend on the number of dimensions requested', () => {
    const small = new SobolSequence(7).points(64);
    const large = new SobolSequence(40).points(64);
    small.forEach((p, i) => expect(Array.from(large[i].subarray(0, 7))).toEqual(Array.from(p)));
  });
});

describe('SobolSequence (randomised)', () => {
  it('keeps the 1-D stratification of 20 dimensions for 2^k points, k ≤ 10', () => {
    const sequence = new SobolSequence(20, new Rng('strata'));
    for (let k = 0; k <= 10; k++) {
      const points = sequence.points(2 ** k);
      for (let j = 0; j < 20; j++) expectStratified(points, j);
    }
  });

  it('keeps the (0,m,2)-net property of the first two dimensions', () => {
    for (const seed of [1, 2, 3]) {
      const sequence = new SobolSequence(5, new Rng(seed));
      for (let m = 0; m <= 10; m++) expect(tValue(sequence.points(2 ** m), 0, 1), `seed ${seed}, m=${m}`).toBe(0);
    }
  });

  it('gives the same points for the same seed and different points for different seeds', () => {
    const a = new SobolSequence(6, new Rng(42)).points(32);
    const b = new SobolSequence(6, new Rng(42)).points(32);
    const c = new SobolSequence(6, new Rng(43)).points(32);
    const plain = new SobolSequence(6).points(32);
    expect(a.map((p) => Array.from(p))).toEqual(b.map((p) => Array.from(p)));
    for (let i = 0; i < 32; i++) {
      for (let j = 0; j < 6; j++) {
        expect(a[i][j]).not.toBe(c[i][j]);
        expect(a[i][j]).not.toBe(plain[i][j]);
      }
    }
  });

  it('makes each point uniform: the first point averages to ½ over seeds', () => {
    const seeds = 400;
    const mean = new Float64Array(4);
    for (let s = 0; s < seeds; s++) {
      const p = new SobolSequence(4, new Rng(`uniform-${s}`)).point(0);
      for (let j = 0; j < 4; j++) mean[j] += p[j] / seeds;
    }
    // Standard error of the mean of 400 uniforms is 0.0144; allow 4 of them.
    for (const m of mean) expect(Math.abs(m - 0.5)).toBeLessThan(0.058);
  });

  it('works in 1000 dimensions with coordinates in [0, 1) and stratified projections', () => {
    const points = new SobolSequence(1000, new Rng('wide')).points(64);
    for (const p of points) expect(p.every((x) => x >= 0 && x < 1)).toBe(true);
    for (let j = 0; j < 1000; j++) expectStratified(points, j);
  });
});

describe('SobolSequence points and point', () => {
  it('points(n, offset) equals point(i) one by one, across bit boundaries up to the last index', () => {
    for (const rng of [undefined, new Rng('access')]) {
      const sequence = new SobolSequence(9, rng);
      for (const [n, offset] of [[100, 0], [37, 1000], [6, 2 ** 31 - 3], [4, 2 ** 32 - 4]]) {
        sequence.points(n, offset).forEach((p, i) => expect(Array.from(p)).toEqual(Array.from(sequence.point(offset + i))));
      }
      expect(sequence.points(0)).toEqual([]);
    }
  });

  it('never returns a coordinate of 1, even at the last index', () => {
    for (const rng of [undefined, new Rng(5), new Rng(6)]) {
      const sequence = new SobolSequence(30, rng);
      for (const p of [...sequence.points(512), sequence.point(2 ** 32 - 1)]) expect(p.every((x) => x >= 0 && x < 1)).toBe(true);
    }
  });

  it('has per-coordinate means within 2^-10 of ½ over 1024 points', () => {
    for (const rng of [undefined, new Rng('mean')]) {
      const points = new SobolSequence(12, rng).points(1024);
      for (let j = 0; j < 12; j++) {
        const mean = points.reduce((sum, p) => sum + p[j], 0) / 1024;
        expect(Math.abs(mean - 0.5)).toBeLessThanOrEqual(2 ** -10);
      }
    }
  });

  it('has a much lower L2-star discrepancy than random points', () => {
    const d = 3;
    const n = 1024;
    const expectedRandom = (2 ** -d - 3 ** -d) / n;
    expect(squaredL2StarDiscrepancy(new SobolSequence(d).points(n))).toBeLessThan(0.05 * expectedRandom);
    expect(squaredL2StarDiscrepancy(new SobolSequence(d, new Rng(11)).points(n))).toBeLessThan(0.05 * expectedRandom);
    const rng = new Rng('iid');
    const iid = Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.uniform()));
    expect(squaredL2StarDiscrepancy(iid)).toBeGreaterThan(0.2 * expectedRandom);
  });

  it('sobolPoints is the first n points of the sequence', () => {
    const direct = new SobolSequence(4, new Rng(8)).points(16).map((p) => Array.from(p));
    expect(sobolPoints(16, 4, new Rng(8)).map((p) => Array.from(p))).toEqual(direct);
    expect(sobolPoints(3, 2).map((p) => Array.from(p))).toEqual([[0, 0], [0.5, 0.5], [0.25, 0.75]]);
  });
});

describe('SobolSequence argument checks', () => {
  it('rejects bad dimensions, indices, counts and offsets, naming the argument', () => {
    expect(() => new SobolSequence(0)).toThrow(/dimension/);
    expect(() => new SobolSequence(2.5)).toThrow(/dimension/);
    expect(() => new SobolSequence(SOBOL_MAX_DIMENSION + 1)).toThrow(/dimension/);
    const sequence = new SobolSequence(2);
    expect(() => sequence.point(-1)).toThrow(/index/);
    expect(() => sequence.point(0.5)).toThrow(/index/);
    expect(() => sequence.point(2 ** 32)).toThrow(/index/);
    expect(() => sequence.points(-1)).toThrow(/\bn\b/);
    expect(() => sequence.points(4, -2)).toThrow(/offset/);
    expect(() => sequence.points(8, 2 ** 32 - 4)).toThrow(/offset/);
  });
});
