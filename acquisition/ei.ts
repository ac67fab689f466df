/** Expected improvement, `σ·h(z)` with `h(z) = φ(z) + zΦ(z)`, in raw output units. */

import { normalCdf, normalPdf } from '../src/core/normal.js';
import type { AcquisitionValues, AnalyticAcquisition, Posterior } from '../src/core/types.js';
import { evaluatePointwise } from './improvement.js';
import type { ImprovementOptions } from './logei.js';

/**
 * Plain expected improvement. It underflows to 0 a few σ away from the incumbent; prefer `logei` unless EI
 * values themselves are wanted.
 */
export class ExpectedImprovement implements AnalyticAcquisition {
  /** Registry name. */
  readonly name = 'ei';
  /** Closed form in the marginal posterior. */
  readonly kind = 'analytic';
  private readonly xi: number;

  /** An EI with margin `xi` (default 0). */
  constructor(options: ImprovementOptions = {}) {
    this.xi = options.xi ?? 0;
  }

  /** EI per point. */
  score(posterior: Posterior, incumbent: number): Float64Array {
    return this.scoreWithGradient(posterior, incumbent).value;
  }

  /** EI with derivatives: `∂EI/∂μ = −Φ(z)`, `∂EI/∂σ = φ(z)`. */
  scoreWithGradient(posterior: Posterior, incumbent: number): AcquisitionValues {
    return evaluatePointwise(posterior, (mean, std) => {
      const z = (incumbent - mean - this.xi) / std;
      const cdf = normalCdf(z);
      const pdf = normalPdf(z);
      return { value: std * (pdf + z * cdf), dMean: -cdf, dStd: pdf };
    });
  }
}
