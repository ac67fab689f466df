/**
 * The standardised improvement `z = (y* − μ − ξ)/σ` shared by the improvement-based acquisitions, and the
 * loop that applies a per-point formula to a whole posterior.
 */

import type { AcquisitionValues, Posterior } from '../src/core/types.js';

/** Per-point acquisition: value and its derivatives with respect to μ and σ. */
export type PointwiseAcquisition = (mean: number, std: number) => { value: number; dMean: number; dStd: number };

/** Applies `formula` to every point of `posterior`. */
export function evaluatePointwise(posterior: Posterior, formula: PointwiseAcquisition): AcquisitionValues {
  const n = posterior.mean.length;
  const value = new Float64Array(n);
  const dMean = new Float64Array(n);
  const dStd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = formula(posterior.mean[i], posterior.std[i]);
    value[i] = r.value;
    dMean[i] = r.dMean;
    dStd[i] = r.dStd;
  }
  return { value, dMean, dStd };
}

/**
 * Wraps a function `g(z)` of the standardised improvement (with derivative `g'(z)`) into a per-point
 * acquisition `a(μ, σ) = scale(σ) + g(z)`, where `scale` is `log σ` (log-EI) or 0 (log-PI).
 */
export function improvementAcquisition(
  incumbent: number,
  xi: number,
  g: (z: number) => { value: number; derivative: number },
  logScale: boolean,
): PointwiseAcquisition {
  return (mean, std) => {
    const z = (incumbent - mean - xi) / std;
    const { value, derivative } = g(z);
    return {
      value: (logScale ? Math.log(std) : 0) + value,
      dMean: -derivative / std,
      dStd: (logScale ? 1 / std : 0) - (derivative * z) / std,
    };
  };
}
