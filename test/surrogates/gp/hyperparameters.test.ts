import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import {
  NOISE_FLOOR,
  checkLengthscalePrior,
  decodeHyperParameters,
  hyperParameterBounds,
  logPrior,
  priorModeStart,
  samplePrior,
} from '../../../surrogates/gp/hyperparameters.js';

describe('GP hyper-parameters', () => {
  it('decode the log vector', () => {
    const decoded = decodeHyperParameters(Float64Array.of(Math.log(0.5), Math.log(2), Math.log(3), Math.log(1e-4)), 2);
    expect(decoded.inverseSquaredLengthscales[0]).toBeCloseTo(4, 14);
    expect(decoded.inverseSquaredLengthscales[1]).toBeCloseTo(0.25, 14);
    expect(decoded.signalVariance).toBeCloseTo(3, 14);
    expect(decoded.noiseVariance).toBeCloseTo(1e-4, 18);
  });

  it('have the bounds of bo.md §4, with the noise pinned when deterministic', () => {
    const { lower, upper } = hyperParameterBounds(2, false);
    expect(Array.from(lower, Math.exp).map((v) => +v.toPrecision(12))).toEqual([1e-3, 1e-3, 1e-4, 1e-6]);
    expect(Array.from(upper, Math.exp).map((v) => +v.toPrecision(12))).toEqual([1e3, 1e3, 1e4, 1]);
    const pinned = hyperParameterBounds(2, true);
    expect(pinned.lower[3]).toBe(pinned.upper[3]);
    expect(Math.exp(pinned.upper[3])).toBeCloseTo(NOISE_FLOOR, 18);
  });

  it('log prior matches the densities LogNormal(√2 + ½ln d, √3), Gamma(2, 1), Gamma(1.1, 30)', () => {
    // d = 1, ℓ = 1, s² = 1, σ_n² = 0.01; reference value computed independently.
    expect(logPrior(Float64Array.of(0, 0, Math.log(0.01)), 1)).toBeCloseTo(0.22909453161734206, 12);
  });

  it('log prior gradient matches central differences', () => {
    const logTheta = Float64Array.of(-0.7, 0.3, 1.2, -0.2, Math.log(0.02));
    const gradient = new Float64Array(5);
    logPrior(logTheta, 3, gradient);
    for (let i = 0; i < 5; i++) {
      const h = 1e-6;
      const plus = logTheta.slice();
      plus[i] += h;
      const minus = logTheta.slice();
      minus[i] -= h;
      expect(gradient[i]).toBeCloseTo((logPrior(plus, 3) - logPrior(minus, 3)) / (2 * h), 7);
    }
  });

  it('start at the prior mode exp(μ − σ²), s² = 1, σ_n² = 1e-3', () => {
    const start = priorModeStart(4, false);
    for (let i = 0; i < 4; i++) expect(Math.exp(start[i])).toBeCloseTo(0.40957335564521574, 12);
    expect(start[4]).toBe(0);
    expect(Math.exp(start[5])).toBeCloseTo(1e-3, 15);
    expect(Math.exp(priorModeStart(4, true)[5])).toBeCloseTo(NOISE_FLOOR, 18);
    // The density on ℓ (no Jacobian term) is maximal there, so its derivative in log ℓ vanishes.
    const gradient = new Float64Array(6);
    logPrior(start, 4, gradient);
    for (let i = 0; i < 4; i++) expect(gradient[i]).toBeCloseTo(0, 12);
  });

  it('prior draws are seeded, inside the bounds and spread like the priors', () => {
    const d = 2;
    const { lower, upper } = hyperParameterBounds(d, false);
    const draws = Array.from({ length: 4000 }, (_, i) => samplePrior(d, false, new Rng(`draw-${i}`)));
    expect(Array.from(samplePrior(d, false, new Rng('draw-7')))).toEqual(Array.from(draws[7]));
    for (const draw of draws) draw.forEach((v, i) => expect(v >= lower[i] && v <= upper[i]).toBe(true));
    const mean = (index: number, f: (v: number) => number) => draws.reduce((s, v) => s + f(v[index]), 0) / draws.length;
    // log ℓ ~ N(√2 + ½ln 2, 3): mean ≈ 1.761, sd ≈ 1.732 (4000 draws: standard error ≈ 0.03).
    expect(mean(0, (v) => v)).toBeCloseTo(Math.SQRT2 + 0.5 * Math.log(2), 1);
    expect(Math.sqrt(mean(0, (v) => (v - 1.761) ** 2))).toBeCloseTo(Math.sqrt(3), 1);
    expect(mean(d, Math.exp)).toBeCloseTo(2, 1); // Gamma(2, 1) mean
    expect(mean(d + 1, Math.exp) * 30).toBeCloseTo(1.1, 1); // Gamma(1.1, 30) mean × rate
    expect(samplePrior(d, true, new Rng('x'))[d + 1]).toBe(Math.log(NOISE_FLOOR));
  });

  it('take a custom lengthscale prior: its mode start, density and draws', () => {
    const prior = { location: -0.5, scale: 0.5 };
    const start = priorModeStart(4, false, prior);
    // mode exp(μ₀ + ½ln d − σ₀²) = exp(−0.5 + ln 2 − 0.25)
    for (let i = 0; i < 4; i++) expect(Math.exp(start[i])).toBeCloseTo(2 * Math.exp(-0.75), 12);
    const gradient = new Float64Array(6);
    logPrior(start, 4, gradient, prior);
    for (let i = 0; i < 4; i++) expect(gradient[i]).toBeCloseTo(0, 12);
    // Only the lengthscale terms change: the difference is the two LogNormal log densities at ℓ = 1.
    const theta = Float64Array.of(0, 0, Math.log(0.01));
    const logNormal = (mu: number, sigma: number) => -Math.log(sigma) - 0.5 * Math.log(2 * Math.PI) - (mu * mu) / (2 * sigma * sigma);
    expect(logPrior(theta, 1, undefined, prior) - logPrior(theta, 1)).toBeCloseTo(logNormal(-0.5, 0.5) - logNormal(Math.SQRT2, Math.sqrt(3)), 12);
    const draws = Array.from({ length: 2000 }, (_, i) => samplePrior(1, false, new Rng(`custom-${i}`), prior)[0]);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(-0.5, 1);
    expect(() => checkLengthscalePrior({ location: 0, scale: -1 }, 'p')).toThrow(/p.scale/);
    expect(() => checkLengthscalePrior({ location: Infinity, scale: 1 }, 'p')).toThrow(/p.location/);
  });
});
