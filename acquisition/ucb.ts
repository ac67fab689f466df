/** Upper confidence bound for minimisation: `−μ + √β·σ` (maximised). */

import { PointwiseAcquisition, type PointValue } from './pointwise.js';

/** Options of {@link UpperConfidenceBound}. */
export interface UcbOptions {
  /** `√β`, the weight of σ (default 1.96). */
  readonly sqrtBeta?: number;
}

/** The (lower) confidence bound, negated so that larger is better. */
export class UpperConfidenceBound extends PointwiseAcquisition {
  /** Registry name. */
  readonly name = 'ucb';
  private readonly sqrtBeta: number;

  /** A UCB with weight `sqrtBeta` (default 1.96); it must be finite and ≥ 0. */
  constructor(options: UcbOptions = {}) {
    super();
    this.sqrtBeta = options.sqrtBeta ?? 1.96;
    if (!(this.sqrtBeta >= 0 && Number.isFinite(this.sqrtBeta))) throw new Error(`sqrtBeta: must be a finite number >= 0 (got ${options.sqrtBeta})`);
  }

  protected at(mean: number, std: number): PointValue {
    return { value: -mean + this.sqrtBeta * std, dMean: -1, dStd: this.sqrtBeta };
  }
}
