import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import type { EncodedDimension } from '../../../src/core/types.js';
import { fitHyperparameters } from '../../../surrogates/gp/fit.js';
import { NOISE_FLOOR, priorModeStart } from '../../../surrogates/gp/hyperparameters.js';
import { Kernel, MATERN52 } from '../../../surrogates/gp/kernel.js';
import { LogPosterior } from '../../../surrogates/gp/likelihood.js';
import { choleskyInto } from '../../../surrogates/gp/linalg.js';

const continuous: EncodedDimension = { kind: 'continuous' };

/** n points in [0,1]^d and one draw of a zero-mean Matérn-5/2 GP with the given lengthscales, s² = 1, noise. */
function gpDraw(lengthscales: number[], n: number, noise: number, seed: string) {
  const d = lengthscales.length;
  const rng = new Rng(seed);
  const kernel = new Kernel(MATERN52, Array.from({ length: d }, () => continuous));
  const points = Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.uniform()));
  const x = kernel.encode(points, 'X');
  const params = { inverseSquaredLengthscales: Float64Array.from(lengthscales, (l) => 1 / (l * l)), signalVariance: 1 };
  const covariance = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    kernel.crossCovariance(x, a * d, x, n, params, covariance.subarray(a * n, (a + 1) * n));
    covariance[a * n + a] += noise;
  }
  const factor = new Float64Array(n * n);
  if (!choleskyInto(covariance, n, 0, factor)) throw new Error('test data: covariance not positive definite');
  const epsilon = rng.normals(n);
  const y = new Float64Array(n);
  for (let a = 0; a < n; a++) for (let b = 0; b <= a; b++) y[a] += factor[a * n + b] * epsilon[b];
  return { kernel, x, y };
}

describe('fitHyperparameters', () => {
  it('recovers the lengthscales of data drawn from a GP with known ℓ', () => {
    const { kernel, x, y } = gpDraw([0.12, 0.6], 150, 1e-4, 'recover');
    const fit = fitHyperparameters(new LogPosterior(kernel, x, y), { full: true, deterministic: false, rng: new Rng('fit') });
    expect(fit.flagged).toBe(false);
    expect(fit.restarts).toBe(5);
    const [l0, l1] = [Math.exp(fit.logTheta[0]), Math.exp(fit.logTheta[1])];
    expect(l0).toBeGreaterThan(0.12 / 1.3);
    expect(l0).toBeLessThan(0.12 * 1.3);
    expect(l1).toBeGreaterThan(0.6 / 1.3);
    expect(l1).toBeLessThan(0.6 * 1.3);
    expect(Math.exp(fit.logTheta[3])).toBeLessThan(1e-2);
  });

  it('finds a better objective than every start and is reproducible', () => {
    const { kernel, x, y } = gpDraw([0.3], 40, 1e-3, 'repro');
    const objective = new LogPosterior(kernel, x, y);
    const options = { full: true, deterministic: false, rng: new Rng('same') };
    const first = fitHyperparameters(objective, options);
    const second = fitHyperparameters(objective, { ...options, rng: new Rng('same') });
    expect(Array.from(second.logTheta)).toEqual(Array.from(first.logTheta));
    expect(first.objective).toBe(objective.evaluate(first.logTheta));
    expect(first.objective).toBeGreaterThan(objective.evaluate(priorModeStart(1, false)));
    // A local maximum: the gradient is small in every coordinate that is not at a bound.
    const gradient = new Float64Array(3);
    objective.evaluate(first.logTheta, gradient);
    gradient.forEach((g) => expect(Math.abs(g)).toBeLessThan(0.05));
  });

  it('warm-starts from the previous θ plus one prior draw', () => {
    const { kernel, x, y } = gpDraw([0.3, 0.5], 30, 1e-3, 'warm');
    const objective = new LogPosterior(kernel, x, y);
    const full = fitHyperparameters(objective, { full: true, deterministic: false, rng: new Rng('a') });
    const warm = fitHyperparameters(objective, {
      previous: full.logTheta,
      full: false,
      deterministic: false,
      rng: new Rng('b'),
    });
    expect(warm.restarts).toBe(2);
    expect(warm.objective).toBeGreaterThanOrEqual(full.objective - 1e-6);
    const refit = fitHyperparameters(objective, { previous: full.logTheta, full: true, deterministic: false, rng: new Rng('b') });
    expect(refit.restarts).toBe(5);
  });

  it('keeps the noise at the floor when deterministic', () => {
    const { kernel, x, y } = gpDraw([0.3], 20, 1e-2, 'deterministic');
    const fit = fitHyperparameters(new LogPosterior(kernel, x, y), { full: true, deterministic: true, rng: new Rng('c') });
    expect(Math.exp(fit.logTheta[2])).toBeCloseTo(NOISE_FLOOR, 18);
  });

  it('keeps the previous θ and flags the fit when no start is finite', () => {
    const kernel = new Kernel(MATERN52, [continuous]);
    const x = kernel.encode([Float64Array.of(0.2), Float64Array.of(0.7)], 'X');
    // ỹᵀK⁻¹ỹ overflows for every θ.
    const objective = new LogPosterior(kernel, x, Float64Array.of(1e200, -1e200));
    const previous = Float64Array.of(-1, 0.5, -5);
    const fit = fitHyperparameters(objective, { previous, full: false, deterministic: false, rng: new Rng('d') });
    expect(fit.flagged).toBe(true);
    expect(fit.objective).toBe(-Infinity);
    expect(Array.from(fit.logTheta)).toEqual(Array.from(previous));
    const first = fitHyperparameters(objective, { full: true, deterministic: false, rng: new Rng('d') });
    expect(first.flagged).toBe(true);
    expect(Array.from(first.logTheta)).toEqual(Array.from(priorModeStart(1, false)));
  });
});
