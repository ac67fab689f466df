/** Upper confidence bound for minimisation: `−μ + √β·σ` (maximised). */

import type { AcquisitionValues, AnalyticAcquisition, Posterior } from '../src/core/types.js';
import { evaluatePointwise } from './improvement.js';

/** Options of {@link UpperConfidenceBound}. */
export interface UcbOptions {
  /** `√β`, the weight of σ (default 1.96). */
  readonly sqrtBeta?: number;
}

/** The (lower) confidence bound, negated so that larger is better. */
export class UpperConfidenceBound implements AnalyticAcquisition {
  /** Registry name. */
  readonly name = 'ucb';
  /** Closed form in the marginal posterior. */
  readonly kind = 'analytic';
  private readonly sqrtBeta: number;

  /** A UCB with weight `sqrtBeta` (default 1.96); it must be finite and ≥ 0. */
  constructor(options: UcbOptions = {}) {
    this.sqrtBeta = options.sqrtBeta ?? 1.96;
    if (!(this.sqrtBeta >= 0 && Number.isFinite(this.sqrtBeta))) throw new Error(`sqrtBeta: must be a finite number >= 0 (got ${options.sqrtBeta})`);
  }

  /** `−μ + √β·σ` per point. */
  score(posterior: Posterior, _incumbent: number): Float64Array {
    return this.scoreWithGradient(posterior).value;
  }

  /** Values with derivatives `−1` and `√β`. */
  scoreWithGradient(posterior: Posterior): AcquisitionValues {
    return evaluatePointwise(posterior, (mean, std) => ({ value: -mean + this.sqrtBeta * std, dMean: -1, dStd: this.sqrtBeta }));
  }
}
