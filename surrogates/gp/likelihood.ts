/**
 * The MAP objective of the GP fit: `log p(ỹ|θ) + log p(θ)` for a fixed data set, with its analytic gradient
 * with respect to log θ (bo.md §4):
 * `log p(ỹ|θ) = −½ỹᵀα − Σ_i log L_ii − (n/2)·log 2π`, `L = chol(K + σ_n²I)`, `α = K_y⁻¹ỹ`, and
 * `∂ log p(ỹ|θ)/∂θ_j = ½·tr((ααᵀ − K_y⁻¹)·∂K_y/∂θ_j)`.
 */

import {
  DEFAULT_LENGTHSCALE_PRIOR,
  decodeHyperParameters,
  logPrior,
  naturalHyperParameters,
  type LengthscalePrior,
} from './hyperparameters.js';
import type { Kernel } from './kernel.js';
import { inverseFromCholesky, jitteredCholesky, solveLower, solveLowerTransposed } from './linalg.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * `log N(ỹ; 0, K_y) = −½·quadratic − Σ_i log L_ii − (n/2)·log 2π` from the Cholesky factor `L` (n×n) of `K_y`
 * and `quadratic = ỹᵀK_y⁻¹ỹ`.
 */
export function gaussianLogLikelihood(factor: Float64Array, n: number, quadratic: number): number {
  let logDeterminant = 0;
  for (let a = 0; a < n; a++) logDeterminant += Math.log(factor[a * n + a]);
  return -0.5 * quadratic - logDeterminant - n * HALF_LOG_2PI;
}

/**
 * Evaluates the log posterior of θ for one data set, reusing its buffers across evaluations. After each
 * evaluation, {@link LogPosterior.factor}, {@link LogPosterior.alpha} and {@link LogPosterior.jitter} describe
 * the covariance at the evaluated θ.
 */
export class LogPosterior {
  /** Number of observations. */
  readonly n: number;
  /** Number of input coordinates. */
  readonly d: number;
  /** Cholesky factor of `K + (σ_n² + jitter)·I` at the last evaluated θ. */
  readonly factor: Float64Array;
  /** `K_y⁻¹ỹ` at the last evaluated θ. */
  readonly alpha: Float64Array;
  /** Jitter the last factorisation needed (0 if none). */
  jitter = 0;
  private readonly terms: Float64Array;
  private readonly covariance: Float64Array;
  private readonly weights: Float64Array;
  private readonly scratch: Float64Array;
  private readonly correlations: Float64Array;
  private readonly slopes: Float64Array;

  /**
   * @param kernel the kernel (its family and coordinate kinds)
   * @param x encoded inputs, row-major `n×d` (see {@link Kernel.encode})
   * @param y standardised outputs, length `n`
   * @param lengthscalePrior the prior on the lengthscales (default bo.md §4's)
   */
  constructor(
    private readonly kernel: Kernel,
    x: Float64Array,
    private readonly y: Float64Array,
    readonly lengthscalePrior: LengthscalePrior = DEFAULT_LENGTHSCALE_PRIOR,
  ) {
    const n = (this.n = y.length);
    this.d = kernel.d;
    this.terms = kernel.pairTerms(x, n);
    this.correlations = new Float64Array((n * (n - 1)) / 2);
    this.slopes = new Float64Array((n * (n - 1)) / 2);
    this.covariance = new Float64Array(n * n);
    this.factor = new Float64Array(n * n);
    this.weights = new Float64Array(n * n);
    this.scratch = new Float64Array(n * n);
    this.alpha = new Float64Array(n);
  }

  /**
   * `log p(ỹ|θ) + log p(θ)` at the log vector `logTheta`; when `gradient` is given, its derivative with respect
   * to each log hyper-parameter is written there.
   * @throws GPNumericalError if the covariance cannot be factored even with the largest jitter
   */
  evaluate(logTheta: Float64Array, gradient?: Float64Array): number {
    const { kernel, n, covariance, factor, alpha, weights } = this;
    const d = kernel.d;
    const params = decodeHyperParameters(logTheta, d);
    kernel.gram(this.terms, n, params, this.correlations, this.slopes, covariance);
    for (let a = 0; a < n; a++) covariance[a * n + a] += params.noiseVariance;
    this.jitter = jitteredCholesky(covariance, n, factor, naturalHyperParameters(logTheta));

    alpha.set(this.y);
    solveLower(factor, n, alpha);
    let quadratic = 0;
    for (let a = 0; a < n; a++) quadratic += alpha[a] * alpha[a];
    solveLowerTransposed(factor, n, alpha);
    const logLikelihood = gaussianLogLikelihood(factor, n, quadratic);
    if (gradient === undefined) return logLikelihood + logPrior(logTheta, d, undefined, this.lengthscalePrior);

    // W = ααᵀ − K_y⁻¹ (lower triangle); each gradient entry is ½·Σ_ab W_ab·∂(K_y)_ab/∂log θ_j.
    inverseFromCholesky(factor, n, this.scratch, weights);
    let offDiagonal = 0;
    let trace = 0;
    for (let a = 0; a < n; a++) {
      const row = a * n;
      const alphaA = alpha[a];
      for (let b = 0; b < a; b++) {
        const weight = (weights[row + b] = alphaA * alpha[b] - weights[row + b]);
        offDiagonal += weight * covariance[row + b];
      }
      trace += alphaA * alphaA - weights[row + a];
    }
    kernel.lengthscaleGradient(this.terms, this.slopes, n, weights, params, this.correlations, gradient);
    gradient[d] = offDiagonal + 0.5 * trace * params.signalVariance;
    gradient[d + 1] = 0.5 * trace * params.noiseVariance;
    return logLikelihood + logPrior(logTheta, d, gradient, this.lengthscalePrior);
  }
}
