import { describe, it, expect } from 'vitest';
import {
  erf,
  erfc,
  erfcx,
  log1mexp,
  logH,
  logHWithDerivative,
  logNormalCdf,
  normalCdf,
  normalPdf,
} from '../../src/core/normal.js';

// Reference values [argument, value] computed with mpmath 1.3 at 60 significant digits (erfcx beyond 1e5 by
// its asymptotic series, 8 terms) and rounded to float64.
const ERFC: readonly (readonly [number, number])[] = [
  [-5, 1.9999999999984626],
  [-2, 1.9953222650189528],
  [-1, 1.8427007929497148],
  [-0.5, 1.5204998778130465],
  [-0.001, 1.0011283787909693],
  [0, 1],
  [1e-10, 0.999999999887162],
  [0.001, 0.9988716212090307],
  [0.1, 0.887537083981715],
  [0.4999, 0.4795880048386134],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [1.5, 0.033894853524689274],
  [2, 0.004677734981047266],
  [3, 2.209049699858544e-05],
  [3.9, 3.4792248597231765e-08],
  [4, 1.541725790028002e-08],
  [4.1, 6.700027654084918e-09],
  [5, 1.537459794428035e-12],
  [6, 2.1519736712498913e-17],
  [8, 1.1224297172982926e-29],
  [10, 2.088487583762545e-45],
  [15, 7.212994172451207e-100],
  [20, 5.395865611607901e-176],
  [26, 5.663192408856143e-296],
  [26.5, 2.2109076642637343e-307],
];

const ERFCX: readonly (readonly [number, number])[] = [
  [-26, 7.657724931490568e+293],
  [-10, 5.376234283632271e+43],
  [-3, 16205.988853999586],
  [-1, 5.008980080762283],
  [-1e-08, 1.0000000112837917],
  [0, 1],
  [1e-08, 0.9999999887162084],
  [0.3, 0.7345993345676551],
  [1, 0.427583576155807],
  [2, 0.25539567631050575],
  [3.5, 0.1552936556088943],
  [4, 0.13699945762506138],
  [4.5, 0.12248480427384142],
  [7, 0.07980005432915294],
  [12, 0.04685422101489376],
  [50, 0.011281536265323773],
  [1000, 0.0005641893014533876],
  [1000000, 5.641895835474742e-07],
  [49000000, 1.1514073133627678e-08],
  [51000000, 1.1062540853877572e-08],
  [10000000000, 5.641895835477563e-11],
  [1e+100, 5.6418958354775625e-101],
  [1e+300, 5.641895835477562e-301],
];

const ERF: readonly (readonly [number, number])[] = [
  [1e-300, 1.1283791670955126e-300],
  [1e-20, 1.1283791670955125e-20],
  [1e-08, 1.1283791670955126e-08],
  [0.001, 0.0011283787909692365],
  [0.3, 0.3286267594591274],
  [0.4999999, 0.5204997899347843],
  [0.5, 0.5204998778130465],
  [0.75, 0.7111556336535151],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [3, 0.9999779095030014],
  [5.9, 0.9999999999999999],
];

const NORMAL_CDF: readonly (readonly [number, number])[] = [
  [-37, 5.725571222524577e-300],
  [-30, 4.906713927148187e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160525e-24],
  [-5.5, 1.8989562465887718e-08],
  [-5, 2.866515718791939e-07],
  [-2, 0.02275013194817921],
  [-1, 0.15865525393145705],
  [-0.25, 0.4012936743170763],
  [0, 0.5],
  [0.25, 0.5987063256829237],
  [1, 0.8413447460685429],
  [2, 0.9772498680518208],
  [5, 0.9999997133484281],
  [8, 0.9999999999999993],
];

const LOG_NORMAL_CDF: readonly (readonly [number, number])[] = [
  [-10000, -50000010.12927891],
  [-1000, -500007.82669481216],
  [-100, -5005.524208694205],
  [-40, -804.6084420137538],
  [-20, -203.91715537109727],
  [-5.0001, -15.065517049221956],
  [-5, -15.064998393988725],
  [-4.9999, -15.06447974842853],
  [-1, -1.8410216450092636],
  [0, -0.6931471805599453],
  [1, -0.17275377902344988],
  [5, -2.866516129637636e-07],
  [10, -7.619853024160525e-24],
  [30, -4.906713927148187e-198],
];

const NORMAL_PDF: readonly (readonly [number, number])[] = [
  [-37, 2.1200065515246056e-298],
  [-10, 7.694598626706419e-23],
  [-1, 0.24197072451914334],
  [0, 0.3989422804014327],
  [0.5, 0.35206532676429947],
  [3, 0.0044318484119380075],
  [20, 5.520948362159764e-88],
];

const LOG1MEXP: readonly (readonly [number, number])[] = [
  [-1e-20, -46.051701859880914],
  [-1e-05, -11.512930464966061],
  [-0.5, -0.9327521295671886],
  [-0.6931471805599453, -0.6931471805599453],
  [-0.6931471805599454, -0.6931471805599452],
  [-1, -0.4586751453870819],
  [-10, -4.540096037048921e-05],
  [-50, -1.9287498479639178e-22],
  [-800, 0],
];

const LOG_H: readonly (readonly [number, number])[] = [
  [-100000000, -5000000000000038],
  [-67000000, -2244500000000037],
  [-1000000, -500000000028.55],
  [-10000, -50000019.33961931],
  [-1000, -500014.73445209116],
  [-100, -5010.12957880025],
  [-30, -457.724653760598],
  [-10, -55.55312203612235],
  [-8, -37.12236426169263],
  [-7.9, -36.30328600267221],
  [-5, -16.74430116266099],
  [-2, -4.768783523917114],
  [-1.0000001, -2.485121216139768],
  [-1, -2.4851210257126413],
  [-0.9999999, -2.485120835285522],
  [-0.5, -1.6205162643873199],
  [0, -0.9189385332046728],
  [0.5, -0.3598276837450638],
  [1, 0.08002621884930694],
  [3, 1.0987396653277077],
  [10, 2.302585092994046],
  [1000, 6.907755278982137],
  [100000000, 18.420680743952367],
];

const LOG_H_DERIVATIVE: readonly (readonly [number, number])[] = [
  [-100000000, 100000000.00000001],
  [-10000, 10000.000199999993],
  [-1000, 1000.001999994],
  [-100, 100.01999400419587],
  [-30, 30.06644615416242],
  [-10, 10.194383033412553],
  [-8.0000001, 8.239396604088341],
  [-8, 8.239396506840066],
  [-7.9999999, 8.239396409591793],
  [-5, 5.361816241288088],
  [-2, 2.679416883955586],
  [-1.0000001, 1.9042713055274623],
  [-1, 1.9042712333296918],
  [-0.9999999, 1.9042711611319227],
  [0, 1.2533141373155003],
  [1, 0.7766387252017393],
  [5, 0.19999994053122006],
  [30, 0.03333333333333333],
  [1000, 0.001],
  [100000000, 1e-08],
];

/** Checks `|actual − expected| ≤ tolerance·|expected|` with a message naming the argument. */
function expectRelativelyClose(actual: number, expected: number, tolerance: number, argument: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `at ${argument}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

function checkTable(f: (x: number) => number, table: readonly (readonly [number, number])[], tolerance: number): void {
  for (const [x, expected] of table) expectRelativelyClose(f(x), expected, tolerance, x);
}

/** `n + 1` equally spaced points from `a` to `b`. */
function grid(a: number, b: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => a + ((b - a) * i) / n);
}

describe('erfc', () => {
  it('matches high-precision values to 1e-14 relative, far into the upper tail', () => {
    checkTable(erfc, ERFC, 1e-14);
  });

  it('satisfies erfc(−x) = 2 − erfc(x) and tends to 0 and 2', () => {
    for (const x of [0.1, 0.7, 3, 9]) expect(erfc(-x)).toBe(2 - erfc(x));
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
  });

  it('is far more accurate in the tail than 1 − erf', () => {
    // 1 − erf(6) has no correct digit left; erfc keeps them all.
    expect(Math.abs(1 - erf(6) - 2.1519736712498913e-17)).toBeGreaterThan(1e-18);
    expectRelativelyClose(erfc(6), 2.1519736712498913e-17, 1e-15, 6);
  });
});

describe('erfcx', () => {
  it('matches high-precision values to 1e-14 relative, including negative and huge arguments', () => {
    checkTable(erfcx, ERFCX, 1e-14);
  });

  it('follows the asymptote 1/(x√π) and stays finite for every x ≥ −26', () => {
    for (const x of [1e8, 1e50, 1e200, Number.MAX_VALUE]) {
      expect(erfcx(x) * x * Math.sqrt(Math.PI)).toBeCloseTo(1, 15);
    }
    expect(erfcx(Infinity)).toBe(0);
    for (const x of grid(-26, 100, 1260)) expect(Number.isFinite(erfcx(x)), `x=${x}`).toBe(true);
    expect(erfcx(-27)).toBe(Infinity);
  });

  it('is continuous across the switch to the asymptote at 5e7', () => {
    expectRelativelyClose(erfcx(5e7), erfcx(5e7 * (1 + 1e-15)), 1e-14, 5e7);
  });

  it('is consistent with erfc over a dense grid', () => {
    for (const x of grid(0, 26, 520)) expectRelativelyClose(erfcx(x) * Math.exp(-x * x), erfc(x), 1e-12, x);
  });
});

describe('erf', () => {
  it('matches high-precision values with full relative precision near 0', () => {
    checkTable(erf, ERF, 1e-15);
  });

  it('is odd, bounded by ±1 and equal to 1 − erfc', () => {
    for (const x of grid(-6, 6, 240)) {
      expect(erf(-x)).toBe(-erf(x));
      expect(Math.abs(erf(x))).toBeLessThanOrEqual(1);
      expect(Math.abs(erf(x) - (1 - erfc(x)))).toBeLessThanOrEqual(3e-16);
    }
    expect(erf(0)).toBe(0);
  });
});

describe('normal distribution', () => {
  it('normalPdf matches high-precision values', () => {
    checkTable(normalPdf, NORMAL_PDF, 1e-14);
  });

  it('normalCdf matches high-precision values to 1e-14 relative deep in the lower tail', () => {
    checkTable(normalCdf, NORMAL_CDF, 1e-14);
  });

  it('normalCdf is symmetric and monotone', () => {
    for (const z of grid(-8, 8, 320)) expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
    const values = grid(-40, 10, 5000).map(normalCdf);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });

  it('logNormalCdf matches high-precision values on both sides of the −5 switch and in the upper tail', () => {
    checkTable(logNormalCdf, LOG_NORMAL_CDF, 1e-14);
  });

  it('logNormalCdf agrees with log(normalCdf) where the latter is accurate and is finite far below', () => {
    for (const z of grid(-30, 3, 330)) expectRelativelyClose(logNormalCdf(z), Math.log(normalCdf(z)), 1e-13, z);
    for (const z of [-1e5, -1e100, -1e154]) expect(Number.isFinite(logNormalCdf(z))).toBe(true);
  });
});

describe('log1mexp', () => {
  it('matches high-precision values on both branches', () => {
    checkTable(log1mexp, LOG1MEXP, 1e-15);
  });

  it('is −∞ at 0 and NaN for positive arguments', () => {
    expect(log1mexp(0)).toBe(-Infinity);
    expect(log1mexp(0.1)).toBeNaN();
  });
});

describe('logH', () => {
  /** `log(φ(z) + zΦ(z))` evaluated as written. */
  const direct = (z: number): number => Math.log(normalPdf(z) + z * normalCdf(z));

  it('matches high-precision values in all three regimes', () => {
    checkTable(logH, LOG_H, 1e-14);
  });

  it('matches a direct evaluation to 1e-12 (absolute) on [−5, 5]', () => {
    for (const z of grid(-5, 5, 2000)) expect(Math.abs(logH(z) - direct(z)), `z=${z}`).toBeLessThanOrEqual(1e-12);
  });

  it('is continuous at the regime boundaries z = −1 and z = −1/√ε', () => {
    for (const boundary of [-1, -1 / Math.sqrt(Number.EPSILON)]) {
      const step = 1e-9 * Math.abs(boundary);
      const slope = Math.abs(boundary) + 2 / Math.abs(boundary);
      const jump = Math.abs(logH(boundary - step) - logH(boundary + step));
      expect(jump, `at ${boundary}`).toBeLessThanOrEqual(2 * step * slope * (1 + 1e-6) + 1e-15 * Math.abs(logH(boundary)));
    }
  });

  it('is finite and strictly increasing from −1e4 to 1e3 (where EI itself underflows to 0)', () => {
    const zs = [...grid(-1e4, -100, 2000), ...grid(-100, 100, 4000).slice(1), ...grid(100, 1e3, 900).slice(1)];
    let previous = -Infinity;
    for (const z of zs) {
      const value = logH(z);
      expect(Number.isFinite(value), `z=${z}`).toBe(true);
      expect(value, `z=${z}`).toBeGreaterThan(previous);
      previous = value;
    }
    expect(Math.exp(logH(-40))).toBe(0);
  });

  it('handles infinite and enormous arguments', () => {
    expect(logH(-Infinity)).toBe(-Infinity);
    expect(logH(Infinity)).toBe(Infinity);
    expect(logH(-1e300)).toBe(-Infinity); // −z²/2 overflows: the true value is below −1.7e308 too
    expectRelativelyClose(logH(1e300), Math.log(1e300), 1e-15, 1e300);
  });
});

describe('logHWithDerivative', () => {
  it('returns the value of logH', () => {
    for (const z of [-1e6, -30, -8, -7.99, -1, -0.5, 0, 2, 1e4]) expect(logHWithDerivative(z).value).toBe(logH(z));
  });

  it('has a derivative matching high-precision Φ(z)/h(z) to 1e-13 relative', () => {
    checkTable((z) => logHWithDerivative(z).derivative, LOG_H_DERIVATIVE, 1e-13);
  });

  it('has a derivative matching central finite differences from −1e4 to 1e3', () => {
    const zs = [-1e4, -3000, -500, -60, -12, -8.5, -8, -7.5, -4, -1.5, -1, -0.5, 0, 0.7, 3, 20, 1e3];
    for (const z of zs) {
      const step = 1e-5 * Math.max(1, Math.abs(z));
      const difference = (logH(z + step) - logH(z - step)) / (2 * step);
      expectRelativelyClose(logHWithDerivative(z).derivative, difference, 1e-6, z);
    }
  });

  it('is finite and positive down to z = −1e4 and beyond, tending to |z| + 2/|z|', () => {
    for (const z of [-1e4, -1e6, -1e8, -1e12, -1e100]) {
      const { value, derivative } = logHWithDerivative(z);
      expect(Number.isFinite(value) && Number.isFinite(derivative), `z=${z}`).toBe(true);
      expectRelativelyClose(derivative, -z - 2 / z, 1e-15, z);
    }
    for (const z of grid(-1e4, 1e3, 11000)) {
      const { derivative } = logHWithDerivative(z);
      expect(Number.isFinite(derivative) && derivative > 0, `z=${z}`).toBe(true);
    }
  });

  it('tends to 1/z for large positive z', () => {
    for (const z of [50, 1e5, 1e300]) expectRelativelyClose(logHWithDerivative(z).derivative, 1 / z, 1e-15, z);
  });
});
