/** Probability of improvement, scored as `log Φ(z)` (the same maximiser as PI, without underflow). */

import { logNormalCdf, normalPdf } from '../src/core/normal.js';
import { ImprovementAcquisition, type PointValue } from './pointwise.js';

/** Probability of improvement, `P(f(x) < y* − ξ)`; `score` returns its logarithm. */
export class ProbabilityOfImprovement extends ImprovementAcquisition {
  /** Registry name. */
  readonly name = 'pi';

  protected atImprovement(z: number, std: number): PointValue {
    const value = logNormalCdf(z);
    // d/dz log Φ(z) = φ(z)/Φ(z), in log space so it stays finite far in the lower tail.
    const derivative = Math.exp(Math.log(normalPdf(z) || Number.MIN_VALUE) - value);
    return { value, dMean: -derivative / std, dStd: (-derivative * z) / std };
  }
}
