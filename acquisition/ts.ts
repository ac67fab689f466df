/**
 * Thompson sampling over a candidate set (bo.md §6): draw joint samples of the objective over candidates
 * (half scrambled Sobol points, half perturbations of the best observed points) and take each sample's argmin.
 * With `q > 1`, q independent samples give q points; on a collision a sample yields its next-best candidate.
 * How a joint sample is drawn is the surrogate's business (`Surrogate.sample`).
 */

import { SobolSequence } from '../src/core/sobol.js';
import { containsPoint, snapPoint } from '../src/core/space.js';
import type { Point, SamplingAcquisition, SelectionContext } from '../src/core/types.js';

/** Options of {@link ThompsonSampling}. */
export interface ThompsonOptions {
  /** Candidate count; default `min(2000, max(500, 100·d))`. */
  readonly candidates?: number;
  /** Standard deviation of the perturbations of the best points, in the unit cube (default 0.05). */
  readonly perturbation?: number;
}

/** How many of the best observed points seed the perturbed half of the candidates. */
const PERTURBED_PARENTS = 5;
/** Thompson sampling: each suggested point is the minimiser of one posterior sample. */
export class ThompsonSampling implements SamplingAcquisition {
  /** Registry name. */
  readonly name = 'ts';
  /** Chooses points by sampling the surrogate. */
  readonly kind = 'sampling';
  private readonly options: ThompsonOptions;

  /** Thompson sampling with the given candidate settings. */
  constructor(options: ThompsonOptions = {}) {
    this.options = options;
  }

  /** The candidate set: Sobol points and perturbed best points, snapped, without excluded points. */
  candidates(context: SelectionContext): Point[] {
    const { dims, rng, observed } = context;
    const d = dims.length;
    const total = this.options.candidates ?? Math.min(2000, Math.max(500, 100 * d));
    const sd = this.options.perturbation ?? 0.05;
    const parents = observed.slice(0, PERTURBED_PARENTS);
    const perturbedCount = parents.length > 0 ? Math.floor(total / 2) : 0;
    const points = new SobolSequence(d, rng.fork('sobol')).points(total - perturbedCount);
    const noise = rng.fork('perturb');
    const probability = Math.min(1, 20 / d);
    for (let i = 0; i < perturbedCount; i++) {
      const p = Float64Array.from(parents[i % parents.length]);
      for (let j = 0; j < d; j++) if (noise.uniform() < probability) p[j] = Math.min(1, Math.max(0, p[j] + sd * noise.normal()));
      points.push(p);
    }
    return points.map((p) => snapPoint(p, dims)).filter((p) => !containsPoint(context.exclude, p));
  }

  /** `q` distinct points, each the argmin of an independent joint posterior sample over the candidates. */
  async select(context: SelectionContext, q: number): Promise<Point[]> {
    const candidates = this.candidates(context);
    if (candidates.length === 0) throw new Error('ts: every candidate point was already observed or pending');
    const samples = await context.surrogate.sample(candidates, q, context.rng.fork('draws'));
    const chosen: Point[] = [];
    for (const sample of samples) {
      const value = (i: number): number => (Number.isFinite(sample[i]) ? sample[i] : Infinity);
      const order = [...sample.keys()].sort((a, b) => value(a) - value(b));
      const pick = order.find((i) => !containsPoint(chosen, candidates[i]));
      if (pick !== undefined) chosen.push(candidates[pick]);
    }
    return chosen;
  }
}
