/**
 * The standard normal distribution and the error function family in float64, accurate far into the tails.
 *
 * Everything rests on {@link erfcx}, the scaled complementary error function `e^{x²}·erfc(x)`, which is smooth
 * and never underflows: `erfc`, `Φ` and `log Φ` are `erfcx` times (or plus, in log space) an exactly split
 * Gaussian factor, so they keep full relative precision where `1 − erf(x)` would cancel to nothing.
 * {@link logH} is the numerically stable `log(φ(z) + zΦ(z))` on which logEI is built (bo.md §5).
 */

const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_PI = 0.5641895835477563; // 1/√π
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const SQRT_HALF_PI = 1.2533141373155003; // √(π/2)
const HALF_LOG_2PI = 0.9189385332046728; // ½·log(2π)
const HALF_LOG_HALF_PI = 0.22579135264472744; // ½·log(π/2)
/** Below this z, `log h(z)` equals its asymptote `−z²/2 − ½log(2π) − 2log|z|` to machine precision. */
const LOG_H_ASYMPTOTE_BELOW = -1 / Math.sqrt(Number.EPSILON);
/** From this |z| on (z < 0), `d log h/dz` comes from its continued fraction, which then needs ≤ 24 terms. */
const CONTINUED_FRACTION_FROM = 8;
const CONTINUED_FRACTION_TERMS = 24;

/** The standard normal density `φ(z) = e^{−z²/2}/√(2π)`. */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * expOfScaledSquare(z, -0.5);
}

/**
 * The standard normal distribution function `Φ(z)`, with full relative precision in the lower tail:
 * `½·erfcx(−z/√2)·e^{−z²/2}` for z ≤ 0 (the Gaussian factor from z itself, so rounding `z/√2` costs nothing),
 * `1 − Φ(−z)` for z > 0.
 */
export function normalCdf(z: number): number {
  if (z > 0) return 1 - normalCdf(-z);
  return 0.5 * erfcx(-z * SQRT_HALF) * expOfScaledSquare(z, -0.5);
}

/**
 * `log Φ(z)`, finite for every finite z: for z < −5 it is `log(½·erfcx(−z/√2)) − z²/2` (no underflow), for
 * z ≥ 0 `log1p(−Φ(−z))` (no loss next to 0).
 */
export function logNormalCdf(z: number): number {
  if (z < -5) return Math.log(0.5 * erfcx(-z * SQRT_HALF)) - 0.5 * z * z;
  if (z <= 0) return Math.log(normalCdf(z));
  return Math.log1p(-normalCdf(-z));
}

/**
 * `log h(z)` with `h(z) = φ(z) + zΦ(z)` (the expected improvement of a unit normal over `−z`), by the three
 * regimes of bo.md §5: direct for z > −1; for −1/√ε < z ≤ −1
 * `−z²/2 − ½log(2π) + log1mexp(log(|z|·erfcx(|z|/√2)) + ½log(π/2))`; below that the asymptote
 * `−z²/2 − ½log(2π) − 2log|z|`. Finite for every finite z.
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(expectedImprovementDirect(z));
  if (z > LOG_H_ASYMPTOTE_BELOW) {
    const u = -z;
    return -0.5 * z * z - HALF_LOG_2PI + log1mexp(Math.log(u * erfcx(u * SQRT_HALF)) + HALF_LOG_HALF_PI);
  }
  return -0.5 * z * z - HALF_LOG_2PI - 2 * Math.log(-z);
}

/** `h(z) = φ(z) + zΦ(z)` evaluated as written; accurate for z > −1, where `h ≥ h(−1) ≈ 0.083`. */
function expectedImprovementDirect(z: number): number {
  return normalPdf(z) + z * normalCdf(z);
}

/** A function value together with its derivative. */
export interface ValueWithDerivative {
  /** The value. */
  readonly value: number;
  /** Its derivative with respect to the argument. */
  readonly derivative: number;
}

/**
 * {@link logH} and its derivative `d log h/dz = Φ(z)/h(z)` (since `h′ = Φ`). For z ≤ −1 the ratio is
 * `R/(1 − |z|R)` with the Mills ratio `R = Φ(z)/φ(z) = √(π/2)·erfcx(|z|/√2)`; from |z| ≥ 8 on, where that
 * difference would lose `log₂ z²` bits, it is the continued fraction `|z| + 2/(|z| + 3/(|z| + 4/(|z| + …)))`,
 * which is accurate to the last bit and tends to `|z| + 2/|z|`. For large positive z it tends to `1/z`.
 */
export function logHWithDerivative(z: number): ValueWithDerivative {
  if (z > -1) {
    const h = expectedImprovementDirect(z);
    return { value: Math.log(h), derivative: normalCdf(z) / h };
  }
  const value = logH(z);
  const u = -z;
  if (u < CONTINUED_FRACTION_FROM) {
    const millsRatio = SQRT_HALF_PI * erfcx(u * SQRT_HALF);
    return { value, derivative: millsRatio / (1 - u * millsRatio) };
  }
  let tail = u;
  for (let k = CONTINUED_FRACTION_TERMS; k >= 2; k--) tail = u + k / tail;
  return { value, derivative: tail };
}

/**
 * `log(1 − e^a)` for `a ≤ 0`, by the two branches that keep it accurate: `log(−expm1(a))` for `a > −ln 2`,
 * `log1p(−e^a)` otherwise. Returns `−∞` at `a = 0` and NaN for `a > 0` (where `1 − e^a < 0`).
 */
export function log1mexp(a: number): number {
  return a > -Math.LN2 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
}

/** The error function `erf(x) = 1 − erfc(x)`, with full relative precision near 0 (Taylor series there). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.5) return x * erfTaylorSeries(x * x);
  const value = 1 - erfc(ax);
  return x < 0 ? -value : value;
}

/**
 * The complementary error function `erfc(x) = 1 − erf(x)`, with relative error ~1e-15 on the whole real line
 * (until it underflows past x ≈ 26.5): `e^{−x²}·erfcx(x)` for x ≥ 0, `2 − erfc(−x)` for x < 0.
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  return expOfScaledSquare(x, -1) * erfcx(x);
}

/**
 * The scaled complementary error function `erfcx(x) = e^{x²}·erfc(x)`, relative error ≲ 1e-15; finite for
 * every x ≥ −26.6 and tending to `1/(x√π)` as x → ∞. For x ≥ 0 it is a Chebyshev series (27 terms) of
 * `(1 + 2x)·erfcx(x)` in `t = (x − 4)/(x + 4)`, whose coefficients scripts/derive-erfcx-chebyshev.py
 * computes with 50-digit arithmetic; for x < 0 it is `2e^{x²} − erfcx(−x)`, overflowing to ∞ below −26.6.
 */
export function erfcx(x: number): number {
  if (x < 0) return 2 * expOfScaledSquare(x, 1) - erfcx(-x);
  // Past 5e7 the series' t rounds to 1 and the asymptote's next term, −1/(2x²), is below 1e-16.
  if (x > 5e7) return INV_SQRT_PI / x;
  const t = (x - ERFCX_CHEBYSHEV_SCALE) / (x + ERFCX_CHEBYSHEV_SCALE);
  return chebyshevSeries(ERFCX_CHEBYSHEV, t) / (1 + 2 * x);
}

/** `K` of the substitution `t = (x − K)/(x + K)` behind {@link ERFCX_CHEBYSHEV}. */
const ERFCX_CHEBYSHEV_SCALE = 4;

/** Chebyshev coefficients (the first one halved) of `(1 + 2x)·erfcx(x)` in `t = (x − 4)/(x + 4)`. */
const ERFCX_CHEBYSHEV: readonly number[] = [
  1.1774832005374487, -0.007260796620301901, -0.081265123236185, 0.06009212804122225, -0.02875393558027666,
  0.01059566336347286, -0.003136927294554264, 0.0007456494372536184, -0.0001369696503010054,
  1.7183861600300937e-5, -7.158364623450346e-7, -2.4261399442449534e-7, 5.5765709395703566e-8,
  -2.1057869513809494e-9, -1.1717889351884957e-9, 1.9098355172456688e-10, 1.408871764208813e-11,
  -6.901108320480815e-12, 9.167958364111294e-14, 2.1454508286554553e-13, -1.4716575027010623e-14,
  -6.668675118770408e-15, 7.504598509880083e-16, 2.22009300666632e-16, -3.1704898956330886e-17,
  -8.193570309884333e-18, 1.2459819733129574e-18,
];

/** `Σ_j c_j T_j(t)` by Clenshaw's recurrence. */
function chebyshevSeries(coefficients: readonly number[], t: number): number {
  let next = 0;
  let nextNext = 0;
  for (let j = coefficients.length - 1; j >= 1; j--) {
    const current = 2 * t * next - nextNext + coefficients[j];
    nextNext = next;
    next = current;
  }
  return t * next - nextNext + coefficients[0];
}

/**
 * `e^{c·x²}` for `c ∈ {−1, −½, 1}` without the relative error `|c|x²·ε` that rounding `x²` would cause:
 * with `x = hi + lo`, `hi` a multiple of 1/16, `hi²` is exact and `x² = hi² + lo·(x + hi)`. Past |x| = 40 the
 * result has under- or overflowed for every such c, and the split would give `0·∞`.
 */
function expOfScaledSquare(x: number, c: number): number {
  if (!(Math.abs(x) <= 40)) return Math.exp(c * x * x);
  const hi = Math.round(x * 16) / 16;
  const lo = x - hi;
  return Math.exp(c * hi * hi) * Math.exp(c * lo * (x + hi));
}

/** Coefficients `a_n = (2/√π)·(−1)^n/(n!(2n+1))` of `erf(x)/x = Σ a_n x^{2n}`; 13 terms suffice for |x| < ½. */
const ERF_TAYLOR: readonly number[] = (() => {
  const out: number[] = [];
  let factorial = 1;
  for (let n = 0; n < 13; n++) {
    if (n > 0) factorial *= n;
    out.push(((n % 2 === 0 ? 2 : -2) * INV_SQRT_PI) / (factorial * (2 * n + 1)));
  }
  return out;
})();

/** `erf(x)/x` as a polynomial in `x²` (Horner). */
function erfTaylorSeries(xSquared: number): number {
  let sum = 0;
  for (let n = ERF_TAYLOR.length - 1; n >= 0; n--) sum = sum * xSquared + ERF_TAYLOR[n];
  return sum;
}
