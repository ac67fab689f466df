/**
 * How much each surrogate learns from its data: condition it on `--points` uniform random points of a problem,
 * then print its mean predictive standard deviation, in units of the data's standard deviation, at the
 * observed points, at uniform points of the interior `[0.2, 0.8]^d`, at uniform points of the whole box and at
 * corners of the box. A model that uses its context predicts far less spread at the observed points than
 * elsewhere; one that does not predicts about the same everywhere, and expected improvement then favours the
 * box's edges, where the spread is a little larger.
 *
 *   node dist/scripts/np-spread.js [--surrogates tnp-kr,tnp-kr-dka,cmanp] [--problem hartmann6] [--points 30]
 *     [--queries 500] [--seed 0]
 *
 * The GP is left out by default: it reports its posterior through the affine map tangent to its output
 * transform at the best value, so its spread far from the best point is not in the data's units.
 */

import { parseArgs } from 'node:util';
import { Rng } from '../src/core/rng.js';
import type { Point } from '../src/core/types.js';
import { listOf, positiveInteger, integer } from '../src/cli/usage.js';
import { getProblem } from '../src/problems/index.js';
import { createSurrogate, SURROGATE_NAMES } from '../src/registry.js';

const { values } = parseArgs({
  options: { surrogates: { type: 'string' }, problem: { type: 'string' }, points: { type: 'string' }, queries: { type: 'string' }, seed: { type: 'string' } },
});
const surrogates = listOf('surrogates', values.surrogates ?? 'tnp-kr,tnp-kr-dka,cmanp', SURROGATE_NAMES);
const problem = getProblem(values.problem ?? 'hartmann6');
const points = positiveInteger('points', values.points, 30);
const queries = positiveInteger('queries', values.queries, 500);
const seed = integer('seed', values.seed, 0);

const d = problem.bounds.length;
const rng = new Rng(seed);
const uniform = (low: number, high: number): Point => Float64Array.from({ length: d }, () => low + (high - low) * rng.uniform());
const evaluate = (u: Point): number => problem.evaluate(Array.from(u, (v, j) => problem.bounds[j][0] + v * (problem.bounds[j][1] - problem.bounds[j][0])));

const X = Array.from({ length: points }, () => uniform(0, 1));
const y = Float64Array.from(X, evaluate);
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const yMean = mean(y);
const spread = Math.sqrt(mean(Array.from(y, (v) => (v - yMean) ** 2)));
const sets: [string, Point[]][] = [
  ['observed', X],
  ['interior [0.2, 0.8]^d', Array.from({ length: queries }, () => uniform(0.2, 0.8))],
  ['whole box', Array.from({ length: queries }, () => uniform(0, 1))],
  ['corners', Array.from({ length: queries }, () => Float64Array.from({ length: d }, () => (rng.uniform() < 0.5 ? 0 : 1)))],
];

console.log(`${problem.name}, ${points} uniform random points (seed ${seed}); mean predictive std / std of the data (${spread.toPrecision(3)})\n`);
console.log(`| surrogate | ${sets.map(([name]) => name).join(' | ')} |`);
console.log(`|---|${sets.map(() => '---|').join('')}`);
for (const name of surrogates) {
  const surrogate = createSurrogate(name, { dims: Array.from({ length: d }, () => ({ kind: 'continuous' as const })), seed: String(seed) });
  await surrogate.condition(X, y);
  const cells: string[] = [];
  for (const [, Q] of sets) cells.push((mean((await surrogate.posterior(Q)).std) / spread).toFixed(2));
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
