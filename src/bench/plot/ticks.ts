/**
 * Axis scales and their ticks: linear axes get 1-2-5 steps, logarithmic axes decades (thinned when there are
 * many) with unlabelled minor ticks at 2-9 when the range is short.
 */

/** A tick: where it sits, its label (none for minor ticks), and whether it gets a grid line. */
export interface Tick {
  /** Position in data units. */
  readonly value: number;
  /** Label text; for powers of ten beyond 1e-2..1e3 the base `10` with the exponent in `exponent`. */
  readonly label?: string;
  /** The exponent drawn as a superscript after `label`. */
  readonly exponent?: number;
  /** Major ticks are longer and get a grid line. */
  readonly major: boolean;
}

/** An axis: the domain it shows, how values map onto `[0, 1]`, and its ticks. */
export interface Axis {
  /** The values at the start and the end of the axis. */
  readonly domain: readonly [number, number];
  /** Position of `value` along the axis, 0 at the domain's start and 1 at its end. */
  readonly fraction: (value: number) => number;
  /** Ticks within the domain, ascending. */
  readonly ticks: readonly Tick[];
}

/** Trims floating-point noise from a tick value (0.30000000000000004 -> 0.3). */
const clean = (value: number): number => Number(value.toPrecision(12));

/** Exactly `10^k` (`10 ** -5` is 0.000009999999999999999). */
const powerOfTen = (k: number): number => Number(`1e${k}`);

/** A linear axis covering `[min, max]`, extended to whole 1-2-5 steps, with about `target` ticks. */
export function linearAxis(min: number, max: number, target = 6): Axis {
  if (min === max) [min, max] = min === 0 ? [-1, 1] : [min - Math.abs(min) / 2, max + Math.abs(max) / 2];
  const rough = (max - min) / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: Tick[] = [];
  for (let k = 0; start + k * step <= end + step / 2; k++) {
    const value = clean(start + k * step);
    ticks.push({ value, label: value.toFixed(decimals), major: true });
  }
  return { domain: [start, end], fraction: (v) => (v - start) / (end - start), ticks };
}

function decadeLabel(exponent: number): Pick<Tick, 'label' | 'exponent'> {
  if (exponent >= -2 && exponent <= 3) return { label: String(powerOfTen(exponent)) };
  return { label: '10', exponent };
}

/** A logarithmic axis covering `[min, max]` (both > 0), extended to whole decades. */
export function logAxis(min: number, max: number): Axis {
  let low = Math.floor(Math.log10(min) + 1e-9);
  let high = Math.ceil(Math.log10(max) - 1e-9);
  if (high <= low) [low, high] = [low, low + 1];
  const decades = high - low;
  const every = Math.ceil(decades / 8);
  const ticks: Tick[] = [];
  for (let k = low; k <= high; k++) {
    ticks.push({ value: powerOfTen(k), major: true, ...((k - low) % every === 0 ? decadeLabel(k) : {}) });
    if (k === high || decades > 5) continue;
    for (let m = 2; m <= 9; m++) {
      const value = clean(m * powerOfTen(k));
      const labelled = decades === 1 && (m === 2 || m === 5);
      ticks.push({ value, major: false, ...(labelled ? { label: String(value) } : {}) });
    }
  }
  return { domain: [powerOfTen(low), powerOfTen(high)], fraction: (v) => (Math.log10(v) - low) / (high - low), ticks };
}
