/**
 * A small benchmark of the TNP-KR surrogate against the exact GP, both with log-EI, on benchmark problems with
 * known optima: the median regret (best value found − optimum) over a few seeds, and the median time per
 * model-chosen suggestion. When this version cannot create `tnp-kr` (its trained weights are not shipped yet),
 * the script says why and compares the GP with random search instead. `tnpbo bench` runs the full harness
 * with plots.
 *
 * Build and run: `npm run build && node dist/examples/gp-vs-tnpkr.js [--problems forrester,branin] [--seeds 3] [--budget 20]`.
 */

import { parseArgs } from 'node:util';
import { createSurrogate, getProblem, minimize, problemSpace, RegistryError, type SurrogateName } from 'tnpbo';

const { values } = parseArgs({ options: { problems: { type: 'string' }, seeds: { type: 'string' }, budget: { type: 'string' } } });
const problems = (values.problems ?? 'forrester,branin').split(',');
const seeds = Number(values.seeds ?? 3);
const budget = Number(values.budget ?? 20);

/** `tnp-kr` when this version can create it; otherwise random search, after saying why. */
function challenger(): SurrogateName {
  try {
    createSurrogate('tnp-kr', { dims: [{ kind: 'continuous' }], seed: 'probe' });
    return 'tnp-kr';
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    console.log(`tnp-kr cannot run here (${error.message}); comparing the GP with random search instead.\n`);
    return 'random';
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const surrogates: SurrogateName[] = ['gp', challenger()];
console.log(`budget ${budget}, seeds 0-${seeds - 1}, acquisition logei\n`);
console.log('| problem | surrogate | median final regret | median ms per model suggestion |');
console.log('|---|---|---|---|');
for (const name of problems) {
  const problem = getProblem(name);
  const space = problemSpace(problem);
  const names = Object.keys(space);
  for (const surrogate of surrogates) {
    const regrets: number[] = [];
    const suggestSeconds: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const result = await minimize((params) => problem.evaluate(names.map((n) => params[n] as number)), { space, surrogate, acquisition: 'logei', budget, seed });
      regrets.push(result.best!.value - problem.optimalValue);
      suggestSeconds.push(...result.trials.filter((t) => t.source === 'model').map((t) => t.suggestSeconds));
    }
    const ms = suggestSeconds.length > 0 ? (median(suggestSeconds) * 1000).toFixed(1) : '– (no model)';
    console.log(`| ${name} | ${surrogate} | ${median(regrets).toExponential(2)} | ${ms} |`);
  }
}
