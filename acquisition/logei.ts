/** Log expected improvement (the default): `log σ + log h(z)`, stable far from the incumbent (bo.md §5). */

import { logHWithDerivative } from '../src/core/normal.js';
import { ImprovementAcquisition, type PointValue } from './pointwise.js';

/**
 * Log-EI ("Unexpected Improvements to Expected Improvement", arXiv:2310.20708): the same maximiser as EI, but
 * its value and gradient stay informative where EI underflows to exactly 0.
 */
export class LogExpectedImprovement extends ImprovementAcquisition {
  /** Registry name. */
  readonly name = 'logei';

  protected atImprovement(z: number, std: number): PointValue {
    const { value, derivative } = logHWithDerivative(z);
    return { value: Math.log(std) + value, dMean: -derivative / std, dStd: (1 - derivative * z) / std };
  }
}
