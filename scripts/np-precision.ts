/**
 * How precisely each surrogate models the data a converging BO run produces: run `gp` + logEI for `--budget`
 * evaluations of a problem, condition every surrogate on those evaluations, and print
 * - the median absolute error of its posterior mean at the best quarter of the evaluated points (the lowest
 *   values), in units of the data's standard deviation: a model that interpolates its context scores near 0, one
 *   that smooths it about the noise it assumes. (The GP reports its posterior through the affine map tangent to
 *   its output transform at the best value, so only near the best values is its mean in the data's units.)
 * - the regret of the point where its posterior mean is lowest among `--candidates` uniform points of the box of
 *   half-width `--radius` (unit-cube coordinates) around the best evaluation, next to the regret of the best of
 *   those candidates (what a perfect model would pick there) and of the best evaluation itself.
 * Expected improvement can only settle on an optimum to the precision of the mean there, so the second figure
 * bounds how far the surrogate can take a run that reaches the optimum's neighbourhood.
 *
 *   node dist/scripts/np-precision.js [--surrogates gp,tnp-kr] [--problems branin,hartmann3] [--budget 50]
 *     [--radius 0.03] [--candidates 4000] [--seed 0]
 */

import { parseArgs } from 'node:util';
import { Rng } from '../src/core/rng.js';
import type { Point } from '../src/core/types.js';
import { UsageError, integer, listOf, nonNegativeNumber, positiveInteger } from '../src/cli/usage.js';
import { median } from '../src/bench/stats.js';
import { minimize } from '../src/minimize.js';
import { getProblem, problemNames, problemSpace } from '../src/problems/index.js';
import { createSurrogate, SURROGATE_NAMES } from '../src/registry.js';

const { values } = parseArgs({
  options: {
    surrogates: { type: 'string' },
    problems: { type: 'string' },
    budget: { type: 'string' },
    radius: { type: 'string' },
    candidates: { type: 'string' },
    seed: { type: 'string' },
  },
});
const surrogates = listOf('surrogates', values.surrogates ?? 'gp,tnp-kr', SURROGATE_NAMES);
const problems = listOf('problems', values.problems ?? 'branin,hartmann3', problemNames);
const budget = positiveInteger('budget', values.budget, 50);
const candidates = positiveInteger('candidates', values.candidates, 4000);
const seed = integer('seed', values.seed, 0);
const radius = nonNegativeNumber('radius', values.radius, 0.03);
if (!(radius > 0 && radius <= 0.5)) throw new UsageError(`--radius: expected a number in (0, 0.5], got "${values.radius}"`);

const format = (v: number): string => v.toExponential(2);

console.log(`gp + logEI trajectories of ${budget} evaluations (seed ${seed}); candidates: ${candidates} uniform points within ±${radius} of the best evaluation\n`);
console.log('| problem | surrogate | median \\|mean − y\\| / std of y, best quarter | regret at argmin of mean | best candidate | best evaluation |');
console.log('|---|---|---|---|---|---|');
for (const name of problems) {
  const problem = getProblem(name);
  const { bounds } = problem;
  const d = bounds.length;
  const toUnit = (x: readonly number[]): Point => Float64Array.from(x, (v, j) => (v - bounds[j][0]) / (bounds[j][1] - bounds[j][0]));
  const regretAt = (u: Point): number => problem.evaluate(Array.from(u, (v, j) => bounds[j][0] + v * (bounds[j][1] - bounds[j][0]))) - problem.optimalValue;

  const run = await minimize((params) => problem.evaluate(Object.values(params) as number[]), { space: problemSpace(problem), surrogate: 'gp', seed, budget });
  const evaluated = run.trials.filter((trial) => trial.value !== undefined);
  const X = evaluated.map((trial) => toUnit(Object.values(trial.params) as number[]));
  const y = Float64Array.from(evaluated, (trial) => trial.value!);
  const best = y.indexOf(Math.min(...y));
  const lowest = Array.from(y.keys()).sort((a, b) => y[a] - y[b]).slice(0, Math.max(1, Math.floor(y.length / 4)));
  const yMean = y.reduce((s, v) => s + v, 0) / y.length;
  const spread = Math.sqrt(y.reduce((s, v) => s + (v - yMean) ** 2, 0) / y.length);

  const rng = new Rng(seed);
  const Q = Array.from({ length: candidates }, () => Float64Array.from(X[best], (v) => Math.min(1, Math.max(0, v + radius * (2 * rng.uniform() - 1)))));
  const candidateRegrets = Q.map(regretAt);
  for (const surrogateName of surrogates) {
    const surrogate = createSurrogate(surrogateName, { dims: Array.from({ length: d }, () => ({ kind: 'continuous' as const })), seed: String(seed) });
    await surrogate.condition(X, y);
    const atData = await surrogate.posterior(lowest.map((i) => X[i]));
    const error = median(Array.from(atData.mean, (m, k) => Math.abs(m - y[lowest[k]]))) / spread;
    const { mean } = await surrogate.posterior(Q);
    const pick = mean.indexOf(Math.min(...mean));
    console.log(`| ${name} | ${surrogateName} | ${format(error)} | ${format(candidateRegrets[pick])} | ${format(Math.min(...candidateRegrets))} | ${format(y[best] - problem.optimalValue)} |`);
  }
}
