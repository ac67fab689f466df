/**
 * Seeded random streams. Every random choice in tnpbo comes from an {@link Rng}; components get their own
 * stream by forking the root one with a label, so adding a draw in one component never shifts another's.
 */

import seedrandom from 'seedrandom';

/** A deterministic random stream (seedrandom's alea generator) that can fork named sub-streams. */
export class Rng {
  /** The seed this stream was created from; forks derive their seeds from it. */
  readonly seed: string;
  private readonly next: () => number;

  /** A stream seeded by `seed` (numbers are converted to their decimal string). */
  constructor(seed: string | number) {
    this.seed = String(seed);
    this.next = seedrandom.alea(this.seed);
  }

  /** An independent stream determined by this stream's seed and `label` only (not by draws made so far). */
  fork(label: string | number): Rng {
    return new Rng(`${this.seed}/${label}`);
  }

  /** A uniform number in `[0, 1)`. */
  uniform(): number {
    return this.next();
  }

  /** A uniform number in `[low, high)`. */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in `[0, n)`. */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }

  /** A uniform integer in `[low, high]` (both ends included). */
  intIn(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    let u = this.next();
    while (u <= 0) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` standard normal draws. */
  normals(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** A Gamma(shape, rate 1) draw (Marsaglia–Tsang; shape < 1 by the boost `G(a+1)·U^(1/a)`). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = this.uniform();
      if (Math.log(u || Number.MIN_VALUE) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  /** A 32-bit signed integer, e.g. a seed for TensorFlow.js initialisers. */
  int32(): number {
    return (Math.floor(this.next() * 4294967296) | 0);
  }

  /** A random permutation of `0..n-1` (Fisher–Yates). */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
