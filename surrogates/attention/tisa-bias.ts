/**
 * The TISA radial-basis distance bias of TNP-KR: per head `h`,
 * `bias_h(d) = Σ_f a[h,f]·exp(−|b[h,f]|·(d − c[h,f])²)` with F Gaussian bumps (60 scalars for 4 heads × 5 bumps).
 */

import * as tf from '@tensorflow/tfjs';
import { fastExp } from '../backend/fast-math.js';
import { customGradient } from '../nn/custom-gradient.js';
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
    return this.withGradient([distance, ...params]);
  }

  /** The bias with a hand-written gradient (see {@link tisaGradients}). */
  private readonly withGradient = customGradient<tf.Tensor4D>((inputs, save) => {
    save(inputs);
    const [distance, amplitude, width, centre] = inputs;
    return {
      value: tf.tidy(() => {
        const bumps = new BumpColumns(amplitude, width, centre, this.heads, this.basis);
        const d = tf.expandDims(distance, 1);
        let total: tf.Tensor | undefined;
        for (let f = 0; f < this.basis; f++) {
          const next = tf.tidy(() => {
            const bump = tf.mul(bumps.amplitude[f], bumps.gaussian(d, f).value);
            return total === undefined ? bump : tf.add(total, bump);
          });
          total?.dispose();
          total = next;
        }
        return total as tf.Tensor4D;
      }),
      gradFunc: (dy, saved) => tisaGradients(dy, saved, this.heads, this.basis),
    };
  });
}

/** The parameters split into per-bump columns shaped `[1, H, 1, 1]` to broadcast over `[B, H, Q, K]`. */
class BumpColumns {
  readonly amplitude: tf.Tensor[];
  /** `|b|` per bump. */
  readonly width: tf.Tensor[];
  readonly centre: tf.Tensor[];

  constructor(amplitude: tf.Tensor, width: tf.Tensor, centre: tf.Tensor, heads: number, basis: number) {
    const columns = (p: tf.Tensor): tf.Tensor[] => tf.split(p, basis, 1).map((c) => tf.reshape(c, [1, heads, 1, 1]));
    this.amplitude = columns(amplitude);
    this.width = columns(tf.abs(width));
    this.centre = columns(centre);
  }

  /** Bump `f` without its amplitude, `exp(−|b|·(d − c)²)`, and the offset `d − c`, both `[B, H, Q, K]`. */
  gaussian(d: tf.Tensor, f: number): { value: tf.Tensor; offset: tf.Tensor } {
    const offset = tf.sub(d, this.centre[f]);
    return { value: fastExp(tf.mul(tf.square(offset), tf.neg(this.width[f]))), offset };
  }
}

/** Sums `[B, H, Q, K]` to `[H]`, reducing the trailing axes first (a wasm reduction over other axes transposes first). */
function perHeadSum(x: tf.Tensor): tf.Tensor1D {
  const [batch, heads] = x.shape as number[];
  return tf.sum(tf.sum(tf.reshape(x, [batch, heads, -1]), 2), 0) as tf.Tensor1D;
}

/**
 * Vector-Jacobian product of the bias. With upstream `G`, `E_f = exp(−|b_f|·u_f²)`, `u_f = d − c_f` and
 * `W_f = G·a_f·E_f·u_f`: `∂a_f = Σ G·E_f`, `∂c_f = 2|b_f|·Σ W_f`, `∂b_f = −sign(b_f)·Σ W_f·u_f` (sums over all
 * but the head axis) and `∂d = Σ_{h,f} −2|b_f|·W_f`. One pass per bump, no transposes of `[B, H, Q, K]` tensors.
 */
function tisaGradients(dy: tf.Tensor, saved: tf.Tensor[], heads: number, basis: number): tf.Tensor[] {
  const [distance, amplitude, width, centre] = saved;
  return tf.tidy(() => {
    const bumps = new BumpColumns(amplitude, width, centre, heads, basis);
    const d = tf.expandDims(distance, 1);
    const dA: tf.Tensor[] = [];
    const dB: tf.Tensor[] = [];
    const dC: tf.Tensor[] = [];
    let dDistance: tf.Tensor | undefined;
    for (let f = 0; f < basis; f++) {
      const [gA, gB, gC, next] = tf.tidy(() => {
        const { value, offset } = bumps.gaussian(d, f);
        const weighted = tf.mul(dy, value);
        const w = tf.mul(tf.mul(weighted, offset), bumps.amplitude[f]);
        const towardsDistance = tf.mul(w, tf.mul(bumps.width[f], -2));
        const heads1 = (t: tf.Tensor): tf.Tensor => tf.reshape(t, [heads]);
        return [
          perHeadSum(weighted),
          tf.neg(perHeadSum(tf.mul(w, offset))),
          tf.mul(perHeadSum(w), tf.mul(heads1(bumps.width[f]), 2)),
          dDistance === undefined ? towardsDistance : tf.add(dDistance, towardsDistance),
        ];
      });
      dA.push(gA);
      dB.push(gB);
      dC.push(gC);
      dDistance?.dispose();
      dDistance = next;
    }
    const perHead = dDistance!.shape[1] === 1 ? [tf.squeeze(dDistance!, [1])] : tf.unstack(dDistance!, 1);
    return [tf.addN(perHead), tf.stack(dA, 1), tf.mul(tf.stack(dB, 1), tf.sign(width)), tf.stack(dC, 1)];
  });
}
