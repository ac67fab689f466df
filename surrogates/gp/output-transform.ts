/**
 * Output transforms of the GP (bo.md §3): the monotone map from raw objective values to the scale the GP
 * models, refitted on every `condition`.
 *
 * - `standardize`: `ỹ = (y − mean)/std`, with `std` replaced by 1 when it is < 1e-12·max(1, |mean|).
 * - `yeo-johnson`: standardise, apply the Yeo–Johnson power transform `ψ(·, λ)` with λ fitted by maximum
 *   likelihood (the values after `ψ` are modelled as i.i.d. normal), then standardise again. Standardising
 *   first makes the fitted map independent of the units of `y`. Skewed outputs (Rosenbrock's range of 1e0–1e6,
 *   say) become closer to Gaussian, as in HEBO ("HEBO: Pushing the Limits of Sample-Efficient Hyperparameter
 *   Optimisation", arXiv:2012.03826). It falls back to plain standardisation when the fit fails (fewer than
 *   three distinct values, or no finite likelihood).
 *
 * `ψ(z, λ) = ((1+z)^λ − 1)/λ` for z ≥ 0 (`log1p(z)` at λ = 0) and `−((1−z)^(2−λ) − 1)/(2−λ)` for z < 0
 * (`−log1p(−z)` at λ = 2). It is strictly increasing in z for every λ, so minimisers are preserved.
 */

/** Name of an output transform. */
export type OutputTransformName = 'standardize' | 'yeo-johnson';

/** Every {@link OutputTransformName}. */
export const OUTPUT_TRANSFORM_NAMES: readonly OutputTransformName[] = ['standardize', 'yeo-johnson'];

/** A fitted strictly increasing map from raw outputs to the GP's modelling scale. */
export interface OutputTransform {
  /** The transform actually applied (`standardize` when a requested `yeo-johnson` fit fell back). */
  readonly name: OutputTransformName;
  /** The fitted Yeo–Johnson λ (`yeo-johnson` only). */
  readonly lambda?: number;
  /** Raw value → modelling scale. */
  forward(y: number): number;
  /**
   * The affine map `raw ≈ offset + scale·ỹ` tangent to the inverse transform at the raw value `anchor`: exact
   * everywhere for `standardize`, first-order around `anchor` for `yeo-johnson`.
   */
  tangentAt(anchor: number): { offset: number; scale: number };
}

/** Standard deviations below this fraction of `max(1, |mean|)` are replaced by 1 when standardising. */
const SCALE_FLOOR = 1e-12;
/** λ is searched on this interval: a grid of step {@link LAMBDA_STEP}, then golden-section refinement. */
const LAMBDA_RANGE = [-3, 5] as const;
const LAMBDA_STEP = 0.1;
const GOLDEN_ITERATIONS = 40;

/** Yeo–Johnson `ψ(z, λ)`. */
export function yeoJohnson(z: number, lambda: number): number {
  if (z >= 0) return Math.abs(lambda) < 1e-12 ? Math.log1p(z) : (Math.pow(1 + z, lambda) - 1) / lambda;
  const mirrored = 2 - lambda;
  return Math.abs(mirrored) < 1e-12 ? -Math.log1p(-z) : -(Math.pow(1 - z, mirrored) - 1) / mirrored;
}

/** `∂ψ(z, λ)/∂z` (always > 0). */
export function yeoJohnsonSlope(z: number, lambda: number): number {
  return z >= 0 ? Math.pow(1 + z, lambda - 1) : Math.pow(1 - z, 1 - lambda);
}

/**
 * Profile log-likelihood of λ: `−(n/2)·log σ̂²(λ) + (λ − 1)·Σ sign(z_i)·log1p(|z_i|)`, with `σ̂²(λ)` the (biased)
 * variance of `ψ(z_i, λ)`; `-Infinity` when that variance is not finite or the values are constant (standard
 * deviation below 1e-12·max(1, |mean|), as in standardisation).
 */
export function yeoJohnsonLogLikelihood(values: Float64Array, lambda: number): number {
  const n = values.length;
  let sum = 0;
  let jacobian = 0;
  const transformed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    transformed[i] = yeoJohnson(values[i], lambda);
    sum += transformed[i];
    jacobian += Math.sign(values[i]) * Math.log1p(Math.abs(values[i]));
  }
  const average = sum / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (transformed[i] - average) ** 2;
  variance /= n;
  if (!(Number.isFinite(variance) && Math.sqrt(variance) >= SCALE_FLOOR * Math.max(1, Math.abs(average)))) return -Infinity;
  return -0.5 * n * Math.log(variance) + (lambda - 1) * jacobian;
}

/**
 * Maximum-likelihood λ for `values` on [−3, 5] (a grid of step 0.1, then golden-section search around the best
 * grid point); `undefined` when no λ gives a finite likelihood.
 */
export function fitYeoJohnsonLambda(values: Float64Array): number | undefined {
  const steps = Math.round((LAMBDA_RANGE[1] - LAMBDA_RANGE[0]) / LAMBDA_STEP);
  let best: { lambda: number; value: number } | undefined;
  for (let k = 0; k <= steps; k++) {
    const lambda = LAMBDA_RANGE[0] + k * LAMBDA_STEP;
    const value = yeoJohnsonLogLikelihood(values, lambda);
    if (Number.isFinite(value) && (best === undefined || value > best.value)) best = { lambda, value };
  }
  if (best === undefined) return undefined;
  let low = Math.max(LAMBDA_RANGE[0], best.lambda - LAMBDA_STEP);
  let high = Math.min(LAMBDA_RANGE[1], best.lambda + LAMBDA_STEP);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < GOLDEN_ITERATIONS; k++) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (yeoJohnsonLogLikelihood(values, left) >= yeoJohnsonLogLikelihood(values, right)) high = right;
    else low = left;
  }
  const refined = (low + high) / 2;
  return yeoJohnsonLogLikelihood(values, refined) >= best.value ? refined : best.lambda;
}

/** Mean and floored standard deviation of `values` (bo.md §3). */
function standardisation(values: Float64Array): { mean: number; scale: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const deviation = Math.sqrt(squares / values.length);
  return { mean, scale: deviation < SCALE_FLOOR * Math.max(1, Math.abs(mean)) ? 1 : deviation };
}

/** The standardisation of `y` as an {@link OutputTransform}. */
function standardize(y: Float64Array): OutputTransform {
  const { mean, scale } = standardisation(y);
  return {
    name: 'standardize',
    forward: (v) => (v - mean) / scale,
    tangentAt: () => ({ offset: mean, scale }),
  };
}

/** Standardise, Yeo–Johnson with the ML λ, standardise again; `undefined` if the fit fails. */
function yeoJohnsonTransform(y: Float64Array): OutputTransform | undefined {
  if (new Set(y).size < 3) return undefined;
  const inner = standardisation(y);
  const z = y.map((v) => (v - inner.mean) / inner.scale);
  const lambda = fitYeoJohnsonLambda(z);
  if (lambda === undefined) return undefined;
  const outer = standardisation(z.map((v) => yeoJohnson(v, lambda)));
  if (!(Number.isFinite(outer.mean) && Number.isFinite(outer.scale))) return undefined;
  const forward = (v: number): number => (yeoJohnson((v - inner.mean) / inner.scale, lambda) - outer.mean) / outer.scale;
  return {
    name: 'yeo-johnson',
    lambda,
    forward,
    tangentAt: (anchor) => {
      const slope = yeoJohnsonSlope((anchor - inner.mean) / inner.scale, lambda) / (inner.scale * outer.scale);
      const scale = 1 / slope;
      return { offset: anchor - forward(anchor) * scale, scale };
    },
  };
}

/** Fits the transform `name` to the raw outputs `y` (at least one, all finite). */
export function fitOutputTransform(y: Float64Array, name: OutputTransformName): OutputTransform {
  return (name === 'yeo-johnson' ? yeoJohnsonTransform(y) : undefined) ?? standardize(y);
}
