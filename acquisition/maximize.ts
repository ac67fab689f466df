/**
 * Maximisation of an analytic acquisition over the unit cube (bo.md §8).
 *
 * 1. Raw samples: scrambled Sobol points plus the best observed points, scored in one posterior call.
 * 2. Starts: the best raw point and more drawn without replacement with Boltzmann weights.
 * 3. Local search: bounded L-BFGS-B from every start in lock-step (one batched posterior call per round), on
 *    continuous coordinates and relaxed integers; categorical coordinates stay fixed. Gradients come from the
 *    surrogate when it offers them, else from central differences.
 * 4. Discrete sweeps: every integer/categorical coordinate is moved to its best level (all levels when there are
 *    at most 16, otherwise exponentially spaced neighbours), alternating with continuous runs, at most 3 rounds.
 * 5. The best point not already observed or pending is returned.
 */

import { minimizeBoxBatch, type ValueAndGradient } from '../src/core/lbfgsb.js';
import type { Rng } from '../src/core/rng.js';
import { nearestIndex, snapPoint } from '../src/core/space.js';
import { SEARCH_STYLES, type AcquisitionMaximizer, type AnalyticAcquisition, type EncodedDimension, type Point, type SearchStyle, type SelectionContext, type Surrogate } from '../src/core/types.js';
import { searchCandidates, type CandidateSearchOptions } from './candidate-search.js';
import { bestProposal, rawCandidates, scorePoints, type Scored } from './candidates.js';

/** Settings of the acquisition maximiser. */
export interface MaximizeOptions {
  /** Sobol points scored before local search (default 2048). */
  readonly rawSamples?: number;
  /** Local searches (default 10). */
  readonly starts?: number;
  /** L-BFGS-B iterations per local search (default 200). */
  readonly maxIterations?: number;
  /** Alternations of continuous and discrete search (default 3). */
  readonly rounds?: number;
  /**
   * `gradient` (this module's search) or `batched` (`candidate-search.ts`); by default, the surrogate's
   * {@link Surrogate.searchStyle}.
   */
  readonly search?: SearchStyle;
  /** Settings of the batched candidate search. */
  readonly batched?: CandidateSearchOptions;
}

/** Levels all tried in a discrete sweep up to this count; beyond it, exponentially spaced neighbours. */
const EXHAUSTIVE_LEVELS = 16;
/** Step of the central differences used when a surrogate has no gradients. */
const FINITE_DIFFERENCE_STEP = 1e-4;

/** Negative acquisition and its gradient at each point, from the surrogate's gradients or central differences. */
async function negativeAcquisition(acquisition: AnalyticAcquisition, context: SelectionContext, xs: readonly Float64Array[]): Promise<ValueAndGradient[]> {
  const { surrogate, incumbent } = context;
  if (surrogate.posteriorWithGradient) {
    const posterior = await surrogate.posteriorWithGradient(xs);
    const a = acquisition.scoreWithGradient(posterior, incumbent);
    const grads = await posterior.pullback(a.dMean.map((g) => -g), a.dStd.map((g) => -g));
    return xs.map((_, i) => ({ value: -a.value[i], gradient: grads[i] }));
  }
  const d = xs[0].length;
  const probes: Float64Array[] = [];
  for (const x of xs) {
    probes.push(x);
    for (let j = 0; j < d; j++) {
      for (const sign of [1, -1]) {
        const p = Float64Array.from(x);
        p[j] = Math.min(1, Math.max(0, x[j] + sign * FINITE_DIFFERENCE_STEP));
        probes.push(p);
      }
    }
  }
  const values = acquisition.score(await surrogate.posterior(probes), incumbent);
  return xs.map((_, i) => {
    const base = i * (2 * d + 1);
    const gradient = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const up = probes[base + 1 + 2 * j][j];
      const down = probes[base + 2 + 2 * j][j];
      gradient[j] = up > down ? -(values[base + 1 + 2 * j] - values[base + 2 + 2 * j]) / (up - down) : 0;
    }
    return { value: -values[base], gradient };
  });
}

/** Indices of the starts: the best raw point, then draws without replacement ∝ exp((a − max a)/std a). */
function chooseStarts(values: Float64Array, count: number, rng: Rng): number[] {
  const finite = [...values.keys()].filter((i) => values[i] > -Infinity);
  if (finite.length === 0) return [0];
  let best = finite[0];
  for (const i of finite) if (values[i] > values[best]) best = i;
  const mean = finite.reduce((s, i) => s + values[i], 0) / finite.length;
  const std = Math.sqrt(finite.reduce((s, i) => s + (values[i] - mean) ** 2, 0) / finite.length) || 1;
  const weights = new Map(finite.filter((i) => i !== best).map((i) => [i, Math.exp((values[i] - values[best]) / std)]));
  const starts = [best];
  while (starts.length < count && weights.size > 0) {
    let total = 0;
    for (const w of weights.values()) total += w;
    let r = rng.uniform() * total;
    let pick = -1;
    for (const [i, w] of weights) {
      pick = i;
      r -= w;
      if (r <= 0) break;
    }
    starts.push(pick);
    weights.delete(pick);
  }
  return starts;
}

/** Box for local search: discrete coordinates fixed unless `relaxIntegers` frees the integer ones. */
function localBounds(point: Point, dims: readonly EncodedDimension[], relaxIntegers: boolean): { lower: Float64Array; upper: Float64Array; free: boolean } {
  const lower = new Float64Array(point.length);
  const upper = new Float64Array(point.length);
  let free = false;
  dims.forEach((dim, j) => {
    const movable = dim.kind === 'continuous' || (relaxIntegers && dim.kind === 'integer');
    lower[j] = movable ? 0 : point[j];
    upper[j] = movable ? 1 : point[j];
    free ||= movable;
  });
  return { lower, upper, free };
}

/** The levels a discrete sweep tries for coordinate `j` of `point`. */
function sweepLevels(point: Point, dim: EncodedDimension & { values: readonly number[] }, j: number): number[] {
  const k = dim.values.length;
  if (k <= EXHAUSTIVE_LEVELS) return [...dim.values.keys()];
  const here = nearestIndex(dim.values, point[j]);
  const levels: number[] = [];
  for (let step = 1; step < k; step *= 2) {
    if (here - step >= 0) levels.push(here - step);
    if (here + step < k) levels.push(here + step);
  }
  return levels;
}

/** Coordinate ascent over discrete coordinates; returns whether any point moved. */
async function discreteSweep(acquisition: AnalyticAcquisition, context: SelectionContext, scored: Scored[]): Promise<boolean> {
  const discrete = context.dims.flatMap((dim, j) => (dim.kind === 'continuous' ? [] : [{ dim, j }]));
  if (discrete.length === 0) return false;
  let movedAny = false;
  for (let pass = 0; pass < 2 * discrete.length; pass++) {
    const variants: { owner: number; point: Point }[] = [];
    scored.forEach((s, owner) => {
      for (const { dim, j } of discrete) {
        for (const level of sweepLevels(s.point, dim, j)) {
          if (dim.values[level] === s.point[j]) continue;
          const point = Float64Array.from(s.point);
          point[j] = dim.values[level];
          variants.push({ owner, point });
        }
      }
    });
    const values = await scorePoints(acquisition, context, variants.map((v) => v.point));
    let moved = false;
    variants.forEach((v, i) => {
      if (values[i] > scored[v.owner].value) {
        scored[v.owner] = { point: v.point, value: values[i] };
        moved = true;
      }
    });
    if (!moved) break;
    movedAny = true;
  }
  return movedAny;
}

/** Continuous local search from every scored point at once; points improve in place. */
async function localSearch(acquisition: AnalyticAcquisition, context: SelectionContext, scored: Scored[], relaxIntegers: boolean, maxIterations: number): Promise<void> {
  const groups = new Map<string, number[]>();
  const boxes = scored.map((s) => localBounds(s.point, context.dims, relaxIntegers));
  // Starts sharing the same box run in one lock-step batch (the box differs only in fixed coordinates).
  boxes.forEach((box, i) => {
    if (!box.free) return;
    const key = `${box.lower.join(',')}|${box.upper.join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const members of groups.values()) {
    const { lower, upper } = boxes[members[0]];
    const results = await minimizeBoxBatch((xs) => negativeAcquisition(acquisition, context, xs), members.map((i) => scored[i].point), lower, upper, { maxIterations });
    const snapped = results.map((r) => snapPoint(r.x, context.dims));
    const values = await scorePoints(acquisition, context, snapped);
    members.forEach((i, k) => {
      if (values[k] > scored[i].value) scored[i] = { point: snapped[k], value: values[k] };
    });
  }
}

/** Maximises `acquisition` over the unit cube; see the module comment for the method. */
export async function maximizeAcquisition(acquisition: AnalyticAcquisition, context: SelectionContext, options: MaximizeOptions = {}): Promise<Point> {
  const { rng } = context;
  const raw = rawCandidates(context, options.rawSamples ?? 2048, rng.fork('raw'));
  const rawValues = await scorePoints(acquisition, context, raw);
  const scored: Scored[] = chooseStarts(rawValues, options.starts ?? 10, rng.fork('starts')).map((i) => ({ point: raw[i], value: rawValues[i] }));
  const rounds = options.rounds ?? 3;
  for (let round = 0; round < rounds; round++) {
    await localSearch(acquisition, context, scored, round === 0, options.maxIterations ?? 200);
    if (!(await discreteSweep(acquisition, context, scored))) break;
  }
  return bestProposal([...scored, ...raw.map((point, i) => ({ point, value: rawValues[i] }))], context);
}

/**
 * The default {@link AcquisitionMaximizer} with the given settings: the search `options.search` names, else the
 * one the surrogate asks for.
 */
export function createMaximizer(options: MaximizeOptions = {}): AcquisitionMaximizer {
  if (options.search !== undefined && !SEARCH_STYLES.includes(options.search)) {
    throw new Error(`maximize.search: must be one of ${SEARCH_STYLES.join(', ')} (got ${JSON.stringify(options.search)})`);
  }
  return (acquisition, context) =>
    (options.search ?? context.surrogate.searchStyle ?? 'gradient') === 'batched'
      ? searchCandidates(acquisition, context, options.batched)
      : maximizeAcquisition(acquisition, context, options);
}
