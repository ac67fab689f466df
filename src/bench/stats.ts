/** Summary statistics used by the benchmark reports. */

/** The q-quantile (0 ≤ q ≤ 1) of `values` by linear interpolation; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The geometric mean of strictly positive `values`. */
export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/** Regrets at or below this count as this in ratios: an optimum found to machine precision. */
export const RATIO_FLOOR = 1e-12;

/** `value / reference` with both raised to at least `floor`, so that a regret of 0 still gives a finite ratio. */
export function flooredRatio(value: number, reference: number, floor = RATIO_FLOOR): number {
  return Math.max(value, floor) / Math.max(reference, floor);
}
