/**
 * Maximisation of an analytic acquisition by batched candidate search, for surrogates whose posterior calls each
 * cost a large fixed amount and little per point (the neural processes: one TensorFlow.js forward pass costs
 * about the same for ten points as for five hundred). Gradient-based local search would spend one such call per
 * L-BFGS-B iteration; this search spends `1 + rounds` calls in all.
 *
 * 1. Raw candidates, scored in one call: the best observed points, scrambled Sobol points, and as many Gaussian
 *    perturbations of the best observed points at radii from {@link LOCAL_RADII} (where improvement is likeliest
 *    for a model that has learnt the objective's shape).
 * 2. `rounds` refinements, one call each: every one of the `elite` best distinct candidates so far is perturbed
 *    `perElite` times, with a radius that halves every round.
 * 3. The best candidate not already observed or pending is returned.
 *
 * Perturbations are those of `candidates.ts` (`perturb`), with the round's radius.
 */

import { containsPoint } from '../src/core/space.js';
import type { AnalyticAcquisition, Point, SelectionContext } from '../src/core/types.js';
import { bestObserved, bestProposal, candidateSet, perturb, scorePoints, type Scored } from './candidates.js';

/** Settings of the candidate search. */
export interface CandidateSearchOptions {
  /** Raw candidates: half Sobol points, half perturbations of the best observed points (default {@link CANDIDATE_SEARCH_DEFAULTS}). */
  readonly rawSamples?: number;
  /** Candidates refined in every round (default {@link CANDIDATE_SEARCH_DEFAULTS}). */
  readonly elite?: number;
  /** Perturbations of each elite candidate per round (default {@link CANDIDATE_SEARCH_DEFAULTS}). */
  readonly perElite?: number;
  /** Refinement rounds (default {@link CANDIDATE_SEARCH_DEFAULTS}). */
  readonly rounds?: number;
}

/** The settings used where {@link CandidateSearchOptions} leaves one out. */
export const CANDIDATE_SEARCH_DEFAULTS: Required<CandidateSearchOptions> = { rawSamples: 1024, elite: 8, perElite: 32, rounds: 4 };

/** Radii (unit-cube units) of the perturbations of the best observed points among the raw candidates. */
export const LOCAL_RADII = [0.2, 0.05, 0.01] as const;

/** Radius of the first refinement round; every later round halves it. */
const FIRST_REFINEMENT_RADIUS = 0.1;

/** The `count` highest-valued distinct candidates of `scored`. */
function eliteOf(scored: readonly Scored[], count: number): Scored[] {
  const elite: Scored[] = [];
  for (const s of [...scored].sort((a, b) => b.value - a.value)) {
    if (elite.length === count) break;
    if (s.value > -Infinity && !containsPoint(elite.map((e) => e.point), s.point)) elite.push(s);
  }
  return elite;
}

/** Scores `points` and returns them with their values. */
async function scored(acquisition: AnalyticAcquisition, context: SelectionContext, points: readonly Point[]): Promise<Scored[]> {
  const values = await scorePoints(acquisition, context, points);
  return points.map((point, i) => ({ point, value: values[i] }));
}

/** Maximises `acquisition` over the unit cube by batched candidate search; see the module comment. */
export async function searchCandidates(acquisition: AnalyticAcquisition, context: SelectionContext, options: CandidateSearchOptions = {}): Promise<Point> {
  const { dims, rng } = context;
  const { rawSamples, elite, perElite, rounds } = { ...CANDIDATE_SEARCH_DEFAULTS, ...options };
  let all = await scored(acquisition, context, [...bestObserved(context), ...candidateSet(context, rawSamples, LOCAL_RADII, rng.fork('raw'))]);
  const refineRng = rng.fork('refine');
  for (let round = 0; round < rounds; round++) {
    const radius = FIRST_REFINEMENT_RADIUS / 2 ** round;
    const children = eliteOf(all, elite).flatMap((e) => Array.from({ length: perElite }, () => perturb(e.point, radius, dims, refineRng)));
    all = [...all, ...(await scored(acquisition, context, children))];
  }
  return bestProposal(all, context);
}
