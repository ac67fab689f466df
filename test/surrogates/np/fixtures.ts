/** Test helpers for the NP surrogate: a 2-D space, raw-unit data, and the model's own predictions as references. */

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../src/core/rng.js';
import type { EncodedDimension, Point, SurrogateContext } from '../../../src/core/types.js';
import { fitOutputTransform, type OutputTransformName } from '../../../surrogates/gp/output-transform.js';
import type { NeuralProcess } from '../../../surrogates/models/index.js';

/** Two continuous coordinates. */
export const DIMS: readonly EncodedDimension[] = [{ kind: 'continuous' }, { kind: 'continuous' }];

/** The surrogate context of {@link DIMS}. */
export const CONTEXT: SurrogateContext = { dims: DIMS, seed: 'np-test' };

/** `n` uniform points of the unit square. */
export function unitPoints(seed: string, n: number, d = 2): Point[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.uniform()));
}

/** A skewed raw-unit objective far from unit scale (so that a missing output transform would show). */
export function objective(x: Point): number {
  return 500 + 300 * Math.sin(5 * x[0]) * x[1] + 200 * (x[0] - 0.3) ** 2 + 1000 * x[1] ** 4;
}

/** Observations of {@link objective} at `n` random points. */
export function observations(seed: string, n: number): { X: Point[]; y: Float64Array } {
  const X = unitPoints(seed, n);
  return { X, y: Float64Array.from(X, objective) };
}

/**
 * What the surrogate should report: the model's own `predict` on the context mapped to `[low, high]` with values
 * transformed by the output transform fitted to `yFit`, mapped back to raw units by the tangent at min(yFit).
 */
export function referencePosterior(
  model: NeuralProcess,
  X: readonly Point[],
  y: Float64Array,
  Xq: readonly Point[],
  options: { domain?: readonly [number, number]; transform?: OutputTransformName; yFit?: Float64Array } = {},
): { mean: Float64Array; std: Float64Array } {
  const [low, high] = options.domain ?? [-2, 2];
  const yFit = options.yFit ?? y;
  const transform = fitOutputTransform(yFit, options.transform ?? 'standardize');
  const { offset, scale } = transform.tangentAt(yFit.reduce((a, b) => Math.min(a, b)));
  const toModel = (points: readonly Point[]): tf.Tensor3D =>
    tf.tensor3d(Float32Array.from(points.flatMap((p) => Array.from(p, (u) => low + (high - low) * u))), [1, points.length, points[0].length]);
  const [mean, std] = tf.tidy(() => {
    const prediction = model.predict(toModel(X), tf.tensor3d(Float32Array.from(y, transform.forward), [1, y.length, 1]), toModel(Xq));
    return [prediction.mean, prediction.std];
  });
  const result = {
    mean: Float64Array.from(mean.dataSync(), (v) => offset + scale * v),
    std: Float64Array.from(std.dataSync(), (v) => scale * v),
  };
  tf.dispose([mean, std]);
  return result;
}

/** Largest relative difference `|a − b| / (|b| + floor)` over the entries. */
export function maxRelativeDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / (Math.abs(b[i]) + floor);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}
