/**
 * Thompson sampling over a candidate set (bo.md §6): draw joint samples of the objective over candidates
 * (half scrambled Sobol points, half perturbations of the best observed points) and take each sample's argmin.
 * With `q > 1`, q independent samples give q points; on a collision a sample yields its next-best candidate.
 * How a joint sample is drawn is the surrogate's business (`Surrogate.sample`).
 */

import { containsPoint } from '../src/core/space.js';
import type { Point, SamplingAcquisition, SelectionContext } from '../src/core/types.js';
import { candidateSet } from './candidates.js';

/** Options of {@link ThompsonSampling}. */
export interface ThompsonOptions {
  /** Candidate count; default `min(2000, max(500, 100·d))`. */
  readonly candidates?: number;
  /** Standard deviation of the perturbations of the best points, in the unit cube (default 0.05). */
  readonly perturbation?: number;
}

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

  /** The candidate set (see `candidateSet`), without excluded points. */
  candidates(context: SelectionContext): Point[] {
    const d = context.dims.length;
    const total = this.options.candidates ?? Math.min(2000, Math.max(500, 100 * d));
    const points = candidateSet(context, total, [this.options.perturbation ?? 0.05], context.rng);
    return points.filter((p) => !containsPoint(context.exclude, p, context.duplicateTolerance));
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
      const pick = order.find((i) => !containsPoint(chosen, candidates[i], context.duplicateTolerance));
      if (pick !== undefined) chosen.push(candidates[pick]);
    }
    return chosen;
  }
}
