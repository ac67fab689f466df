/** Number formatting for benchmark tables. */

/** Three significant figures, in exponent form below 0.01 or from 10⁴ on; `0` for zero. */
export function formatFigure(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) < 1e-2 || Math.abs(value) >= 1e4 ? value.toExponential(2) : value.toPrecision(3);
}

/** Seconds as milliseconds with one decimal (`12.3`). */
export function formatMilliseconds(seconds: number): string {
  return (seconds * 1000).toFixed(1);
}
