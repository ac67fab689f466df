/** Expected improvement, `σ·h(z)` with `h(z) = φ(z) + zΦ(z)`, in raw output units. */

import { normalCdf, normalPdf } from '../src/core/normal.js';
import { ImprovementAcquisition, type PointValue } from './pointwise.js';

/**
 * Plain expected improvement. It underflows to 0 a few σ away from the incumbent; prefer `logei` unless EI
 * values themselves are wanted.
 */
export class ExpectedImprovement extends ImprovementAcquisition {
  /** Registry name. */
  readonly name = 'ei';

  /** `EI = σ(φ(z) + zΦ(z))`, `∂EI/∂μ = −Φ(z)`, `∂EI/∂σ = φ(z)`. */
  protected atImprovement(z: number, std: number): PointValue {
    const cdf = normalCdf(z);
    const pdf = normalPdf(z);
    return { value: std * (pdf + z * cdf), dMean: -cdf, dStd: pdf };
  }
}
