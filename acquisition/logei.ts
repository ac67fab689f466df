/** Log expected improvement (the default): `log σ + log h(z)`, stable far from the incumbent (bo.md §5). */

import { logHWithDerivative } from '../src/core/normal.js';
import type { AcquisitionValues, AnalyticAcquisition, Posterior } from '../src/core/types.js';
import { evaluatePointwise, improvementAcquisition } from './improvement.js';

/** Options of {@link LogExpectedImprovement}. */
export interface ImprovementOptions {
  /** Exploration margin ξ subtracted from the improvement (default 0). */
  readonly xi?: number;
}

/**
 * Log-EI ("Unexpected Improvements to Expected Improvement", arXiv:2310.20708): the same maximiser as EI, but
 * its value and gradient stay informative where EI underflows to exactly 0.
 */
export class LogExpectedImprovement implements AnalyticAcquisition {
  /** Registry name. */
  readonly name = 'logei';
  /** Closed form in the marginal posterior. */
  readonly kind = 'analytic';
  private readonly xi: number;

  /** A log-EI with margin `xi` (default 0). */
  constructor(options: ImprovementOptions = {}) {
    this.xi = options.xi ?? 0;
  }

  /** `log EI` per point. */
  score(posterior: Posterior, incumbent: number): Float64Array {
    return this.scoreWithGradient(posterior, incumbent).value;
  }

  /** `log EI` with derivatives with respect to μ and σ. */
  scoreWithGradient(posterior: Posterior, incumbent: number): AcquisitionValues {
    return evaluatePointwise(posterior, improvementAcquisition(incumbent, this.xi, logHWithDerivative, true));
  }
}
