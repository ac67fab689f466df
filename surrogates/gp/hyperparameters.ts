/**
 * The GP's hyper-parameters θ = (ℓ_1..ℓ_d, s², σ_n²) as the fit sees them (bo.md §4): a vector of their logs
 * (`log ℓ_1..log ℓ_d, log s², log σ_n²`), box bounds, the prior density on θ and draws from it.
 *
 * Priors: `ℓ_i ~ LogNormal(μ₀ + ½·ln d, σ₀)` with `(μ₀, σ₀) = (√2, √3)` by default (configurable, see
 * {@link LengthscalePrior}), `s² ~ Gamma(2, rate 1)`, `σ_n² ~ Gamma(1.1, rate 30)`. The MAP objective is defined
 * on θ, so the log density is evaluated at θ without the change-of-variables term.
 */

import type { Rng } from '../../src/core/rng.js';
import type { KernelParameters } from './kernel.js';

/** Smallest noise variance (standardised units); `deterministic` GPs pin σ_n² here. */
export const NOISE_FLOOR = 1e-6;

const LENGTHSCALE_BOUNDS = [1e-3, 1e3] as const;
const SIGNAL_BOUNDS = [1e-4, 1e4] as const;
const NOISE_BOUNDS = [NOISE_FLOOR, 1] as const;
const SIGNAL_PRIOR = { shape: 2, rate: 1, logGammaShape: 0 } as const;
/** `logGammaShape` is ln Γ(1.1). */
const NOISE_PRIOR = { shape: 1.1, rate: 30, logGammaShape: -0.04987244125984036 } as const;
/** Noise variance of the prior-mode start. */
const NOISE_START = 1e-3;

/**
 * The lengthscale prior `log ℓ_i ~ N(location + ½·ln d, scale²)`: the dimension-scaled LogNormal of "Vanilla
 * Bayesian Optimization Performs Great in High Dimensions" (arXiv:2402.02229), whose defaults are
 * `location = √2`, `scale = √3`. A smaller `location` favours shorter lengthscales (more exploration).
 */
export interface LengthscalePrior {
  /** `μ₀`, the location of `log ℓ` before the `½·ln d` term. */
  readonly location: number;
  /** `σ₀ > 0`, the standard deviation of `log ℓ`. */
  readonly scale: number;
}

/** The lengthscale prior of bo.md §4: `LogNormal(√2 + ½·ln d, √3)`. */
export const DEFAULT_LENGTHSCALE_PRIOR: LengthscalePrior = { location: Math.SQRT2, scale: Math.sqrt(3) };

/** Throws an Error naming `field` unless `prior` has a finite location and a finite positive scale. */
export function checkLengthscalePrior(prior: LengthscalePrior, field: string): void {
  if (!Number.isFinite(prior?.location)) throw new Error(`${field}.location: expected a finite number, got ${prior?.location}`);
  if (!(Number.isFinite(prior.scale) && prior.scale > 0)) throw new Error(`${field}.scale: expected a finite number > 0, got ${prior.scale}`);
}

/** Decoded hyper-parameters. */
export interface HyperParameters extends KernelParameters {
  /** `σ_n²`. */
  readonly noiseVariance: number;
}

/** Decode the log vector of a `d`-dimensional GP. */
export function decodeHyperParameters(logTheta: Float64Array, d: number): HyperParameters {
  const inverseSquaredLengthscales = new Float64Array(d);
  for (let i = 0; i < d; i++) inverseSquaredLengthscales[i] = Math.exp(-2 * logTheta[i]);
  return { inverseSquaredLengthscales, signalVariance: Math.exp(logTheta[d]), noiseVariance: Math.exp(logTheta[d + 1]) };
}

/** θ in natural units `(ℓ_1..ℓ_d, s², σ_n²)`. */
export function naturalHyperParameters(logTheta: Float64Array): number[] {
  return Array.from(logTheta, Math.exp);
}

/** Box bounds of the log vector; with `deterministic`, the noise is fixed at the floor. */
export function hyperParameterBounds(d: number, deterministic: boolean): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(d + 2);
  const upper = new Float64Array(d + 2);
  lower.fill(Math.log(LENGTHSCALE_BOUNDS[0]), 0, d);
  upper.fill(Math.log(LENGTHSCALE_BOUNDS[1]), 0, d);
  lower[d] = Math.log(SIGNAL_BOUNDS[0]);
  upper[d] = Math.log(SIGNAL_BOUNDS[1]);
  lower[d + 1] = Math.log(NOISE_BOUNDS[0]);
  upper[d + 1] = deterministic ? lower[d + 1] : Math.log(NOISE_BOUNDS[1]);
  return { lower, upper };
}

/** Location `μ = μ₀ + ½·ln d` of the log-lengthscale prior. */
function lengthscalePriorMean(d: number, prior: LengthscalePrior): number {
  return prior.location + 0.5 * Math.log(d);
}

/**
 * Log prior density of θ at the log vector `logTheta`; when `gradient` is given, adds the derivative with
 * respect to each log hyper-parameter to it.
 */
export function logPrior(
  logTheta: Float64Array,
  d: number,
  gradient?: Float64Array,
  prior: LengthscalePrior = DEFAULT_LENGTHSCALE_PRIOR,
): number {
  const mu = lengthscalePriorMean(d, prior);
  const sigma2 = prior.scale * prior.scale;
  let total = 0;
  for (let i = 0; i < d; i++) {
    const u = logTheta[i];
    total += -u - Math.log(prior.scale) - 0.5 * Math.log(2 * Math.PI) - ((u - mu) * (u - mu)) / (2 * sigma2);
    if (gradient !== undefined) gradient[i] += -1 - (u - mu) / sigma2;
  }
  for (const [index, prior] of [
    [d, SIGNAL_PRIOR],
    [d + 1, NOISE_PRIOR],
  ] as const) {
    const v = logTheta[index];
    const x = Math.exp(v);
    total += prior.shape * Math.log(prior.rate) - prior.logGammaShape + (prior.shape - 1) * v - prior.rate * x;
    if (gradient !== undefined) gradient[index] += prior.shape - 1 - prior.rate * x;
  }
  return total;
}

/** The default start: ℓ at the prior mode `exp(μ − σ²)`, s² = 1, σ_n² = 1e-3 (the floor if deterministic). */
export function priorModeStart(
  d: number,
  deterministic: boolean,
  prior: LengthscalePrior = DEFAULT_LENGTHSCALE_PRIOR,
): Float64Array {
  const start = new Float64Array(d + 2);
  start.fill(lengthscalePriorMean(d, prior) - prior.scale * prior.scale, 0, d);
  start[d] = 0;
  start[d + 1] = Math.log(deterministic ? NOISE_FLOOR : NOISE_START);
  return start;
}

/** A draw of θ from the prior as a log vector, clamped into the bounds (noise at the floor if deterministic). */
export function samplePrior(
  d: number,
  deterministic: boolean,
  rng: Rng,
  prior: LengthscalePrior = DEFAULT_LENGTHSCALE_PRIOR,
): Float64Array {
  const mu = lengthscalePriorMean(d, prior);
  const draw = new Float64Array(d + 2);
  for (let i = 0; i < d; i++) draw[i] = mu + prior.scale * rng.normal();
  draw[d] = Math.log(rng.gamma(SIGNAL_PRIOR.shape) / SIGNAL_PRIOR.rate);
  draw[d + 1] = Math.log(rng.gamma(NOISE_PRIOR.shape) / NOISE_PRIOR.rate);
  if (deterministic) draw[d + 1] = Math.log(NOISE_FLOOR);
  const { lower, upper } = hyperParameterBounds(d, deterministic);
  for (let i = 0; i < d + 2; i++) draw[i] = Math.min(upper[i], Math.max(lower[i], draw[i]));
  return draw;
}
