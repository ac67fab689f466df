/**
 * The TISA radial-basis distance bias of TNP-KR: per head `h`,
 * `bias_h(d) = Σ_f a[h,f]·exp(−|b[h,f]|·(d − c[h,f])²)` with F Gaussian bumps (60 scalars for 4 heads × 5 bumps).
 */

import * as tf from '@tensorflow/tfjs';
import { fastExp } from '../backend/fast-math.js';
import { fromValues } from '../nn/initializers.js';
import type { ParameterScope } from '../nn/parameters.js';
import type { DistanceBias } from './distance-bias.js';

/**
 * How the bumps start. `'reference'`: `a = 1, b = 1, c = 0` for every bump, as in the reference code — all bumps
 * of a head are identical, receive identical gradients and so stay identical. `'spread'` (default): centres
 * `c[h,f]` evenly spaced on `[0, cMax]`, widths `b[h,f] = 0.5·2^h` distinct per head, `a = 1`, so bumps can
 * specialise.
 */
export type BiasInit = 'spread' | 'reference';

/** Options of {@link TisaBias}. */
export interface TisaBiasOptions {
  readonly heads: number;
  /** Bumps per head (default 5). */
  readonly basis?: number;
  /** Initialisation (default 'spread'). */
  readonly init?: BiasInit;
  /** Largest initial centre for 'spread' (default 2, the span of the [−2, 2] training domain). */
  readonly cMax?: number;
}

/** Sum-of-Gaussian-bumps distance bias; parameters `amplitude`, `width`, `centre`, each `[heads, basis]`. */
export class TisaBias implements DistanceBias {
  readonly heads: number;
  readonly basis: number;
  readonly params: readonly tf.Variable[];

  constructor(params: ParameterScope, options: TisaBiasOptions) {
    const { heads } = options;
    const basis = options.basis ?? 5;
    const init = options.init ?? 'spread';
    const cMax = options.cMax ?? 2;
    if (!Number.isInteger(heads) || heads < 1) throw new Error(`TisaBias: heads must be a positive integer, got ${heads}`);
    if (!Number.isInteger(basis) || basis < 1) throw new Error(`TisaBias: basis must be a positive integer, got ${basis}`);
    this.heads = heads;
    this.basis = basis;
    const grid = (f: (h: number, j: number) => number): number[] =>
      Array.from({ length: heads * basis }, (_, i) => f(Math.floor(i / basis), i % basis));
    const spread = init === 'spread';
    this.params = [
      params.create('amplitude', [heads, basis], fromValues(grid(() => 1))),
      params.create('width', [heads, basis], fromValues(grid((h) => (spread ? 0.5 * 2 ** h : 1)))),
      params.create('centre', [heads, basis], fromValues(grid((_, j) => (spread && basis > 1 ? (cMax * j) / (basis - 1) : 0)))),
    ];
  }

  evaluate(distance: tf.Tensor3D, params: readonly tf.Tensor[]): tf.Tensor4D {
    const [amplitude, width, centre] = params;
    const perBump = (p: tf.Tensor): tf.Tensor[] =>
      tf.split(p, this.basis, 1).map((column) => tf.reshape(column, [1, this.heads, 1, 1]));
    return tf.tidy(() => {
      const d = tf.expandDims(distance, 1);
      const a = perBump(amplitude);
      const negWidth = perBump(tf.neg(tf.abs(width)));
      const c = perBump(centre);
      let total: tf.Tensor | undefined;
      for (let f = 0; f < this.basis; f++) {
        const next = tf.tidy(() => {
          const bump = tf.mul(a[f], fastExp(tf.mul(tf.square(tf.sub(d, c[f])), negWidth[f])));
          return total === undefined ? bump : tf.add(total, bump);
        });
        total?.dispose();
        total = next;
      }
      return total as tf.Tensor4D;
    });
  }
}
