/**
 * Sobol low-discrepancy points in up to {@link SOBOL_MAX_DIMENSION} dimensions, plain or randomised.
 *
 * Construction (Sobol 1967; Bratley & Fox 1988). Dimension 1 is the van der Corput sequence. Dimension `j ≥ 2`
 * uses the `(j−1)`-th primitive polynomial over GF(2), `x^s + a_1x^{s−1} + … + a_{s−1}x + 1`, in order of degree
 * and then of its coefficient bits (x + 1, x² + x + 1, x³ + x + 1, x³ + x² + 1, …); the polynomials are found
 * here by testing that `x` has multiplicative order `2^s − 1` modulo the candidate. Its direction numbers
 * `v_k = m_k / 2^k` follow the recurrence
 * `m_k = 2a_1·m_{k−1} ⊕ 4a_2·m_{k−2} ⊕ … ⊕ 2^{s−1}a_{s−1}·m_{k−s+1} ⊕ 2^s·m_{k−s} ⊕ m_{k−s}` from `s` initial odd
 * numbers `m_k < 2^k`. Point `i` has coordinate `⊕_{bits k of i} v_k` (natural, not Gray-code, order), kept to
 * 32 bits, so coordinates lie on the grid `l/2^32` in `[0, 1)` and the first `2^32` indices are available.
 *
 * Initial direction numbers. Published tables (Joe & Kuo) come from a search that this package can neither
 * download nor copy. Any odd `m_k < 2^k` yields a valid Sobol sequence: every one-dimensional projection is a
 * (0,1)-sequence in base 2, whatever the choice; the choice only decides how well pairs of dimensions fill the
 * square. So the numbers are drawn from a fixed internal seed (one forked stream per dimension, so dimension
 * `j` never depends on how many dimensions were requested), and for the first 32 dimensions, which are the
 * ones BO problems mostly have, 16 draws are tried and the one whose 2-D projections with all lower dimensions
 * are closest to perfect nets (t-values for 2^1 … 2^12 points) is kept, in the spirit of Joe & Kuo's search.
 * This cut the worst t-value among the 190 pairs of 20 dimensions at 2048 points from 7 to 5, for ~0.15 s once
 * per process. Dimension 2 (polynomial x + 1) has the single choice `m_1 = 1`, which makes the first two
 * dimensions a (0,2)-sequence: every block of `2^m` points is a (0,m,2)-net.
 *
 * Randomisation (Matoušek's linear matrix scrambling plus a digital shift; Owen 1995, Matoušek 1998). Each
 * dimension's 32-bit digit vector `x` becomes `Lx ⊕ e`, with `L` a random lower-triangular binary matrix with
 * unit diagonal (each output digit depends on itself and more significant digits only) and `e` a random
 * digit vector. `L` is invertible and never mixes a digit into more significant ones, so every elementary
 * interval structure (net and stratification property) is preserved, while each point becomes uniform on
 * `[0,1)^d` (up to the 2^-32 grid). Being linear, `L` is applied to the direction numbers once; `e` is the
 * coordinate of the index 0.
 */

import { Rng } from './rng.js';

/** Bits of every coordinate; the sequence has `2^SOBOL_BITS` points. */
const SOBOL_BITS = 32;
const TWO_TO_BITS = 2 ** SOBOL_BITS;

/** The largest supported dimension (every primitive polynomial of degree ≤ 16 gives one dimension). */
export const SOBOL_MAX_DIMENSION = 5715;

/** Seed of the stream that picks the initial direction numbers; changing it changes every unscrambled point. */
const DIRECTION_NUMBER_SEED = 'tnpbo/sobol/initial-direction-numbers';

/** A Sobol sequence in `dimension` dimensions; randomised (scrambled and shifted) when given an {@link Rng}. */
export class SobolSequence {
  /** Number of coordinates of every point. */
  readonly dimension: number;
  /** `directions[j·32 + k]`: the (scrambled) direction number of dimension `j` for bit `k` of the index. */
  private readonly directions: Uint32Array;
  /** The digital shift per dimension (all zero without randomisation). */
  private readonly shift: Uint32Array;

  /**
   * Without `rng`, the plain sequence (point 0 is the origin). With `rng`, a randomisation drawn from it
   * (33 draws per dimension): the same seed gives the same points.
   */
  constructor(dimension: number, rng?: Rng) {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION) {
      throw new Error(`dimension: must be an integer in [1, ${SOBOL_MAX_DIMENSION}] (got ${dimension})`);
    }
    this.dimension = dimension;
    this.directions = new Uint32Array(dimension * SOBOL_BITS);
    this.shift = new Uint32Array(dimension);
    for (let j = 0; j < dimension; j++) {
      const plain = directionNumbers(j);
      const scramble = rng === undefined ? undefined : randomLowerTriangular(rng);
      for (let k = 0; k < SOBOL_BITS; k++) {
        this.directions[j * SOBOL_BITS + k] = scramble === undefined ? plain[k] : multiply(scramble, plain[k]);
      }
      if (rng !== undefined) this.shift[j] = rng.int32() >>> 0;
    }
  }

  /** Point number `index` (an integer in `[0, 2^32)`), coordinates in `[0, 1)`. */
  point(index: number): Float64Array {
    checkCount('index', index, 0, TWO_TO_BITS - 1);
    return this.toPoint(this.digits(index));
  }

  /** Points `offset, offset + 1, …, offset + n − 1`, the same as calling {@link point} for each. */
  points(n: number, offset = 0): Float64Array[] {
    checkCount('n', n, 0, TWO_TO_BITS);
    checkCount('offset', offset, 0, TWO_TO_BITS - n);
    const out: Float64Array[] = [];
    if (n === 0) return out;
    const digits = this.digits(offset);
    for (let index = offset; ; index++) {
      out.push(this.toPoint(digits));
      if (out.length === n) return out;
      // Going from index to index + 1 flips bit 0 and every bit up to the lowest zero bit of index.
      for (let k = 0, changed = index ^ (index + 1); changed !== 0; k++, changed >>>= 1) {
        if (changed & 1) this.flip(digits, k);
      }
    }
  }

  /** The 32-bit digit vectors of point `index`. */
  private digits(index: number): Uint32Array {
    const digits = Uint32Array.from(this.shift);
    for (let k = 0; k < SOBOL_BITS; k++) {
      if ((index >>> k) & 1) this.flip(digits, k);
    }
    return digits;
  }

  /** XORs every dimension's direction number for index bit `k` into `digits`. */
  private flip(digits: Uint32Array, k: number): void {
    for (let j = 0; j < this.dimension; j++) digits[j] ^= this.directions[j * SOBOL_BITS + k];
  }

  private toPoint(digits: Uint32Array): Float64Array {
    const point = new Float64Array(this.dimension);
    for (let j = 0; j < this.dimension; j++) point[j] = digits[j] / TWO_TO_BITS;
    return point;
  }
}

/** The first `n` points of a {@link SobolSequence} (randomised when `rng` is given). */
export function sobolPoints(n: number, dimension: number, rng?: Rng): Float64Array[] {
  return new SobolSequence(dimension, rng).points(n);
}

function checkCount(name: string, value: number, low: number, high: number): void {
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new Error(`${name}: must be an integer in [${low}, ${high}] (got ${value})`);
  }
}

/** Unscrambled direction numbers per dimension (index 0 = dimension 1), computed in order on first use. */
const directionNumberCache: Uint32Array[] = [];

/** The 32 direction numbers `v_k·2^32` (k = index bit) of dimension `j + 1`. */
function directionNumbers(j: number): Uint32Array {
  while (directionNumberCache.length <= j) directionNumberCache.push(nextDimensionDirections(directionNumberCache.length));
  return directionNumberCache[j];
}

/**
 * Direction numbers of dimension `j + 1`, given those of all lower dimensions (in the cache). For the first
 * {@link SEARCHED_DIMENSIONS} dimensions, the best of {@link CANDIDATES} draws by {@link projectionDefect}
 * against every lower dimension; beyond, the first draw.
 */
function nextDimensionDirections(j: number): Uint32Array {
  if (j === 0) return vanDerCorputDirections();
  const polynomial = primitivePolynomial(j - 1);
  const rng = new Rng(DIRECTION_NUMBER_SEED).fork(j);
  const first = polynomialDirections(polynomial, rng);
  if (j >= SEARCHED_DIMENSIONS) return first;
  const lowerRows = directionNumberCache.map(digitRows);
  let best = first;
  let bestDefect = projectionDefect(digitRows(first), lowerRows);
  for (let c = 1; c < CANDIDATES; c++) {
    const candidate = polynomialDirections(polynomial, rng);
    const defect = projectionDefect(digitRows(candidate), lowerRows, bestDefect);
    if (defect < bestDefect) {
      best = candidate;
      bestDefect = defect;
    }
  }
  return best;
}

function vanDerCorputDirections(): Uint32Array {
  return Uint32Array.from({ length: SOBOL_BITS }, (_, k) => 2 ** (SOBOL_BITS - 1 - k));
}

/**
 * Direction numbers of the primitive polynomial `polynomial` (bit `i` = coefficient of `x^i`, degree `s`):
 * initial odd `m_k < 2^k` (k = 1..s) drawn from `rng`, the rest by the recurrence in the module comment.
 */
function polynomialDirections(polynomial: number, rng: Rng): Uint32Array {
  const degree = 31 - Math.clz32(polynomial);
  const m: number[] = [];
  for (let k = 1; k <= Math.min(degree, SOBOL_BITS); k++) m.push(2 * rng.int(2 ** (k - 1)) + 1);
  for (let k = degree + 1; k <= SOBOL_BITS; k++) {
    let next = m[k - 1 - degree] ^ (m[k - 1 - degree] * 2 ** degree);
    for (let i = 1; i < degree; i++) {
      if ((polynomial >>> (degree - i)) & 1) next ^= m[k - 1 - i] * 2 ** i;
    }
    m.push(next);
  }
  // m_k < 2^k, so v_k·2^32 = m_k·2^(32−k) fits in 32 bits; `>>> 0` keeps the XORs above unsigned.
  return Uint32Array.from(m, (mk, i) => (mk * 2 ** (SOBOL_BITS - 1 - i)) >>> 0);
}

/** Dimensions whose initial direction numbers are searched (see {@link nextDimensionDirections}). */
const SEARCHED_DIMENSIONS = 32;
/** Candidate draws per searched dimension. */
const CANDIDATES = 16;
/** The projections are judged on the first `2^m` points for m = 1..PROJECTION_BITS. */
const PROJECTION_BITS = 12;

/**
 * The first {@link PROJECTION_BITS} rows of a dimension's generator matrix restricted to as many columns:
 * bit `k` of row `r` is digit `r` (0 = most significant) of the direction number for index bit `k`.
 */
function digitRows(directions: Uint32Array): Uint32Array {
  const rows = new Uint32Array(PROJECTION_BITS);
  for (let r = 0; r < PROJECTION_BITS; r++) {
    for (let k = 0; k < PROJECTION_BITS; k++) rows[r] |= ((directions[k] >>> (SOBOL_BITS - 1 - r)) & 1) << k;
  }
  return rows;
}

/**
 * How far the 2-D projections of a dimension (its {@link digitRows}) with each lower dimension are from perfect
 * nets: `Σ_lower Σ_{m ≤ PROJECTION_BITS} 2^{t(m)}`, with `t(m)` the t-value of the first `2^m` points as a
 * (t,m,2)-net (the least t such that every box of area `2^{t−m}` made of dyadic intervals holds `2^t` points).
 * Stops summing once the total exceeds `giveUpAbove`.
 */
function projectionDefect(rows: Uint32Array, lowerRows: readonly Uint32Array[], giveUpAbove = Infinity): number {
  let defect = 0;
  for (const other of lowerRows) {
    for (let m = 1; m <= PROJECTION_BITS; m++) defect += 2 ** netTValue(other, rows, m);
    if (defect > giveUpAbove) break;
  }
  return defect;
}

/**
 * The t-value of the first `2^m` points of a 2-D digital net with generator rows `a` and `b`: the least t such
 * that for every split `d_a + d_b = m − t` the first `d_a` rows of `a` and `d_b` rows of `b` (on m columns) are
 * linearly independent over GF(2). For each `d_a`, rows of `b` are added while they stay independent.
 */
function netTValue(a: Uint32Array, b: Uint32Array, m: number): number {
  const columns = 2 ** m - 1;
  const basis = new Uint32Array(m);
  let strength = m;
  for (let da = 0; da <= m; da++) {
    basis.fill(0);
    for (let r = 0; r < da; r++) insertIntoBasis(basis, a[r] & columns);
    let db = 0;
    while (da + db < m && insertIntoBasis(basis, b[db] & columns)) db++;
    strength = Math.min(strength, da + db);
  }
  return m - strength;
}

/** Adds `vector` to a GF(2) basis kept by leading bit; false (basis unchanged) if it depends on the basis. */
function insertIntoBasis(basis: Uint32Array, vector: number): boolean {
  let v = vector;
  while (v !== 0) {
    const lead = 31 - Math.clz32(v);
    if (basis[lead] === 0) {
      basis[lead] = v;
      return true;
    }
    v ^= basis[lead];
  }
  return false;
}

/** The rows (as 32-bit masks) of a random lower-triangular unit-diagonal matrix on digit vectors. */
function randomLowerTriangular(rng: Rng): Uint32Array {
  const rows = new Uint32Array(SOBOL_BITS);
  for (let r = 0; r < SOBOL_BITS; r++) {
    // Output digit r (r = 0 the most significant, bit 31) reads itself and the r more significant digits.
    const ownBit = 2 ** (SOBOL_BITS - 1 - r);
    const moreSignificant = TWO_TO_BITS - 2 * ownBit;
    rows[r] = (((rng.int32() >>> 0) & moreSignificant) | ownBit) >>> 0;
  }
  return rows;
}

/** The matrix-vector product over GF(2) of `rows` with the digit vector `digits`. */
function multiply(rows: Uint32Array, digits: number): number {
  let out = 0;
  for (let r = 0; r < SOBOL_BITS; r++) {
    if (parity(rows[r] & digits)) out |= 2 ** (SOBOL_BITS - 1 - r);
  }
  return out >>> 0;
}

function parity(word: number): number {
  let x = word ^ (word >>> 16);
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** Primitive polynomials found so far, in order (bit `i` = coefficient of `x^i`). */
const primitivePolynomials: number[] = [];
let nextCandidate = 0b11;

/**
 * The `n`-th (0-based) primitive polynomial over GF(2) in order of degree, then of coefficient bits, as a bit
 * mask (bit `i` = coefficient of `x^i`): 0b11 = x + 1, 0b111 = x² + x + 1, 0b1011 = x³ + x + 1, …
 */
export function primitivePolynomial(n: number): number {
  checkCount('n', n, 0, SOBOL_MAX_DIMENSION - 2);
  while (primitivePolynomials.length <= n) {
    if (isPrimitive(nextCandidate)) primitivePolynomials.push(nextCandidate);
    nextCandidate += 2; // only odd candidates: a primitive polynomial has constant term 1
  }
  return primitivePolynomials[n];
}

/** Whether `x` has order exactly `2^s − 1` modulo `polynomial` (degree s), i.e. the polynomial is primitive. */
function isPrimitive(polynomial: number): boolean {
  const degree = 31 - Math.clz32(polynomial);
  const order = 2 ** degree - 1;
  if (powerOfX(order, polynomial, degree) !== 1) return false;
  return primeFactors(order).every((q) => powerOfX(order / q, polynomial, degree) !== 1);
}

/** `x^exponent mod polynomial` (square and multiply; polynomials as bit masks). */
function powerOfX(exponent: number, polynomial: number, degree: number): number {
  let result = 1;
  let base = reduce(2, polynomial, degree);
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = multiplyModulo(result, base, polynomial, degree);
    base = multiplyModulo(base, base, polynomial, degree);
  }
  return result;
}

/** `a·b mod polynomial` over GF(2), both of degree < `degree`. */
function multiplyModulo(a: number, b: number, polynomial: number, degree: number): number {
  let out = 0;
  for (let bit = degree - 1; bit >= 0; bit--) {
    out = reduce(out << 1, polynomial, degree);
    if ((b >>> bit) & 1) out ^= a;
  }
  return out;
}

/** Reduces a polynomial of degree ≤ `degree` modulo `polynomial` (of exactly that degree). */
function reduce(a: number, polynomial: number, degree: number): number {
  return (a >>> degree) & 1 ? a ^ polynomial : a;
}

function primeFactors(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  for (let q = 2; q * q <= rest; q++) {
    if (rest % q !== 0) continue;
    factors.push(q);
    while (rest % q === 0) rest /= q;
  }
  if (rest > 1) factors.push(rest);
  return factors;
}
