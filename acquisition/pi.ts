/** Probability of improvement, scored as `log Φ(z)` (the same maximiser as PI, without underflow). */

import { logNormalCdf, normalPdf } from '../src/core/normal.js';
import type { AcquisitionValues, AnalyticAcquisition, Posterior } from '../src/core/types.js';
import { evaluatePointwise, improvementAcquisition } from './improvement.js';
import type { ImprovementOptions } from './logei.js';

/** `d/dz log Φ(z) = φ(z)/Φ(z)`, computed in log space so it stays finite far in the lower tail. */
function logCdfWithDerivative(z: number): { value: number; derivative: number } {
  const value = logNormalCdf(z);
  return { value, derivative: Math.exp(Math.log(normalPdf(z) || Number.MIN_VALUE) - value) };
}

/** Probability of improvement, `P(f(x) < y* − ξ)`; `score` returns its logarithm. */
export class ProbabilityOfImprovement implements AnalyticAcquisition {
  /** Registry name. */
  readonly name = 'pi';
  /** Closed form in the marginal posterior. */
  readonly kind = 'analytic';
  private readonly xi: number;

  /** A PI with margin `xi` (default 0). */
  constructor(options: ImprovementOptions = {}) {
    this.xi = options.xi ?? 0;
  }

  /** `log PI` per point. */
  score(posterior: Posterior, incumbent: number): Float64Array {
    return this.scoreWithGradient(posterior, incumbent).value;
  }

  /** `log PI` with derivatives with respect to μ and σ. */
  scoreWithGradient(posterior: Posterior, incumbent: number): AcquisitionValues {
    return evaluatePointwise(posterior, improvementAcquisition(incumbent, this.xi, logCdfWithDerivative, false));
  }
}
