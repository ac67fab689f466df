/**
 * MAP fit of the GP hyper-parameters (bo.md §4): maximise `log p(ỹ|θ) + log p(θ)` (with the objective's
 * lengthscale prior) over log θ inside the bounds with multi-start bounded L-BFGS (≤ 200 iterations,
 * projected-gradient tolerance 1e-2, relative tolerance 1e-9). A first fit (or a full refit) starts from the
 * prior mode and 4 prior draws; later fits start from the previous MAP and 1 prior draw. The best finite
 * objective wins; if no start reaches a finite objective, the previous θ (or the prior mode) is kept and the fit
 * is flagged.
 */

import { minimizeBox, type ValueAndGradient } from '../../src/core/lbfgsb.js';
import type { Rng } from '../../src/core/rng.js';
import { hyperParameterBounds, priorModeStart, samplePrior } from './hyperparameters.js';
import type { LogPosterior } from './likelihood.js';
import { GPNumericalError } from './linalg.js';

/** Prior draws added to the prior-mode start in a full fit. */
const FULL_FIT_DRAWS = 4;
/** Prior draws added to the warm start in a later fit. */
const WARM_FIT_DRAWS = 1;
const OPTIMIZER_OPTIONS = { maxIterations: 200, pgTolerance: 1e-2, relTolerance: 1e-9 } as const;

/** How to run one fit. */
export interface FitOptions {
  /** The previous MAP as a log vector; absent for a first fit. */
  readonly previous?: Float64Array;
  /** Use the full set of starts (prior mode + 4 draws) even though `previous` exists. */
  readonly full: boolean;
  /** Pin the noise at the floor. */
  readonly deterministic: boolean;
  /** Stream for the prior draws. */
  readonly rng: Rng;
}

/** What a fit found. */
export interface FitResult {
  /** The chosen log vector `(log ℓ_1..log ℓ_d, log s², log σ_n²)`. */
  readonly logTheta: Float64Array;
  /** Its log posterior `log p(ỹ|θ) + log p(θ)` (`-Infinity` when flagged). */
  readonly objective: number;
  /** Number of starts run. */
  readonly restarts: number;
  /** True when no start reached a finite objective and the previous θ was kept. */
  readonly flagged: boolean;
}

/** Maximise the log posterior `objective` over the hyper-parameters. */
export function fitHyperparameters(objective: LogPosterior, options: FitOptions): FitResult {
  const d = objective.d;
  const { lower, upper } = hyperParameterBounds(d, options.deterministic);
  const warm = options.previous !== undefined && !options.full;
  const prior = objective.lengthscalePrior;
  const starts = [warm ? options.previous! : priorModeStart(d, options.deterministic, prior)];
  for (let i = 0; i < (warm ? WARM_FIT_DRAWS : FULL_FIT_DRAWS); i++) {
    starts.push(samplePrior(d, options.deterministic, options.rng, prior));
  }

  const negativeLogPosterior = (logTheta: Float64Array): ValueAndGradient => {
    const gradient = new Float64Array(d + 2);
    try {
      const value = -objective.evaluate(logTheta, gradient);
      for (let i = 0; i < gradient.length; i++) gradient[i] = -gradient[i];
      return { value, gradient };
    } catch (error) {
      if (error instanceof GPNumericalError) return { value: Infinity, gradient };
      throw error;
    }
  };

  let best: { logTheta: Float64Array; value: number } | undefined;
  for (const start of starts) {
    const result = minimizeBox(negativeLogPosterior, start, lower, upper, OPTIMIZER_OPTIONS);
    if (Number.isFinite(result.value) && (best === undefined || result.value < best.value)) {
      best = { logTheta: result.x, value: result.value };
    }
  }
  if (best === undefined) {
    const kept = options.previous ?? priorModeStart(d, options.deterministic, prior);
    return { logTheta: kept.slice(), objective: -Infinity, restarts: starts.length, flagged: true };
  }
  return { logTheta: best.logTheta, objective: -best.value, restarts: starts.length, flagged: false };
}
