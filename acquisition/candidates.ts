/**
 * Candidate points shared by the acquisition searches: raw Sobol candidates, perturbations of the best observed
 * points, scoring in one posterior call, and picking the winner that is neither observed nor pending.
 */

import type { Rng } from '../src/core/rng.js';
import { SobolSequence } from '../src/core/sobol.js';
import { containsPoint, snapPoint } from '../src/core/space.js';
import type { AnalyticAcquisition, EncodedDimension, Point, SelectionContext } from '../src/core/types.js';

/** A point with its acquisition value. */
export interface Scored {
  /** A valid (snapped) point of the unit cube. */
  point: Point;
  /** Its acquisition value (−∞ when not finite). */
  value: number;
}

/** Observed points (best first) that join the candidates or anchor their perturbations (bo.md §6, §8). */
const OBSERVED_CANDIDATES = 5;

/** Scores points with one posterior call; non-finite scores count as −∞. */
export async function scorePoints(acquisition: AnalyticAcquisition, context: SelectionContext, points: readonly Point[]): Promise<Float64Array> {
  if (points.length === 0) return new Float64Array(0);
  const values = acquisition.score(await context.surrogate.posterior(points), context.incumbent);
  return values.map((v) => (Number.isFinite(v) ? v : -Infinity));
}

/** The {@link OBSERVED_CANDIDATES} best observed points, snapped. */
export function bestObserved(context: SelectionContext): Point[] {
  return context.observed.slice(0, OBSERVED_CANDIDATES).map((p) => snapPoint(p, context.dims));
}

/** The best observed points and `count` scrambled Sobol points drawn from `rng`, all snapped. */
export function rawCandidates(context: SelectionContext, count: number, rng: Rng): Point[] {
  const { dims } = context;
  return [...bestObserved(context), ...new SobolSequence(dims.length, rng).points(count).map((p) => snapPoint(p, dims))];
}

/**
 * `point` moved by one random step, snapped to the space: each continuous or integer coordinate, with
 * probability min(1, 20/d) (as in DYCORS), by a normal step of standard deviation `radius`, clipped to the cube;
 * each categorical coordinate, with probability 1/d, to a random choice.
 */
export function perturb(point: Point, radius: number, dims: readonly EncodedDimension[], rng: Rng): Point {
  const moved = Float64Array.from(point);
  const probability = Math.min(1, 20 / dims.length);
  dims.forEach((dim, j) => {
    if (dim.kind === 'categorical') {
      if (rng.uniform() < 1 / dims.length) moved[j] = dim.values[rng.int(dim.values.length)];
    } else if (rng.uniform() < probability) moved[j] = Math.min(1, Math.max(0, point[j] + radius * rng.normal()));
  });
  return snapPoint(moved, dims);
}

/**
 * `total` candidates: half of them perturbations of the best observed points (anchors and `radii` taken in
 * turn), the rest scrambled Sobol points (all of them when nothing has been observed), snapped.
 */
export function candidateSet(context: SelectionContext, total: number, radii: readonly number[], rng: Rng): Point[] {
  const { dims } = context;
  const anchors = context.observed.slice(0, OBSERVED_CANDIDATES);
  const localCount = anchors.length > 0 ? Math.floor(total / 2) : 0;
  const noise = rng.fork('perturb');
  const local = Array.from({ length: localCount }, (_, i) => perturb(anchors[i % anchors.length], radii[Math.floor(i / anchors.length) % radii.length], dims, noise));
  const sobol = new SobolSequence(dims.length, rng.fork('sobol')).points(total - localCount).map((p) => snapPoint(p, dims));
  return [...sobol, ...local];
}

/** The highest-valued point of `scored` that is neither observed nor pending (or the highest, if all are). */
export function bestProposal(scored: readonly Scored[], context: SelectionContext): Point {
  const ranked = [...scored].sort((a, b) => b.value - a.value);
  return (ranked.find((s) => !containsPoint(context.exclude, s.point, context.duplicateTolerance)) ?? ranked[0]).point;
}
