/**
 * Base classes of the analytic acquisitions: each is a per-point formula of the marginal posterior (μ, σ),
 * applied to every query point; the improvement-based ones are formulas of `z = (y* − μ − ξ)/σ` and σ.
 */

import type { AcquisitionValues, AnalyticAcquisition, Posterior } from '../src/core/types.js';

/** An acquisition value at one point with its derivatives with respect to μ and σ. */
export interface PointValue {
  /** The acquisition value (larger is better). */
  readonly value: number;
  /** Its derivative with respect to the posterior mean. */
  readonly dMean: number;
  /** Its derivative with respect to the posterior std. */
  readonly dStd: number;
}

/** An analytic acquisition defined by a per-point formula. */
export abstract class PointwiseAcquisition implements AnalyticAcquisition {
  /** Registry name. */
  abstract readonly name: string;
  /** Closed form in the marginal posterior. */
  readonly kind = 'analytic';

  /** The formula at one point, for a given incumbent. */
  protected abstract at(mean: number, std: number, incumbent: number): PointValue;

  /** Acquisition values (larger is better). */
  score(posterior: Posterior, incumbent: number): Float64Array {
    return this.scoreWithGradient(posterior, incumbent).value;
  }

  /** Acquisition values with their derivatives with respect to μ and σ. */
  scoreWithGradient(posterior: Posterior, incumbent: number): AcquisitionValues {
    const n = posterior.mean.length;
    const value = new Float64Array(n);
    const dMean = new Float64Array(n);
    const dStd = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = this.at(posterior.mean[i], posterior.std[i], incumbent);
      value[i] = r.value;
      dMean[i] = r.dMean;
      dStd[i] = r.dStd;
    }
    return { value, dMean, dStd };
  }
}

/** Options of the improvement-based acquisitions. */
export interface ImprovementOptions {
  /** Exploration margin ξ subtracted from the improvement (default 0). */
  readonly xi?: number;
}

/** An acquisition that is a formula of the standardised improvement `z = (y* − μ − ξ)/σ` and of σ. */
export abstract class ImprovementAcquisition extends PointwiseAcquisition {
  /** The margin ξ. */
  protected readonly xi: number;

  /** An acquisition with margin `options.xi` (default 0; must be finite). */
  constructor(options: ImprovementOptions = {}) {
    super();
    this.xi = options.xi ?? 0;
    if (!Number.isFinite(this.xi)) throw new Error(`xi: must be a finite number (got ${options.xi})`);
  }

  /** The formula given `z` and σ; derivatives are with respect to μ and σ (note ∂z/∂μ = −1/σ, ∂z/∂σ = −z/σ). */
  protected abstract atImprovement(z: number, std: number): PointValue;

  protected at(mean: number, std: number, incumbent: number): PointValue {
    return this.atImprovement((incumbent - mean - this.xi) / std, std);
  }
}
