/**
 * `npm run bench:gp`: GP + log-EI (and random search) on six benchmark problems, budget 50, seeds 0-9, next to
 * reference figures measured with Optuna 5.0. Writes docs/benchmarks/gp.md and gp.json. Each finished run is
 * cached in .bench-cache/ so an interrupted benchmark resumes; `--fresh` ignores the cache.
 *
 * Options: --seeds N (default 10), --budget N (default 50), --problems a,b (default all six), --fresh.
 */

import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeMachine } from '../src/bench/environment.js';
import { runBenchmark, type RunResult, type RunSpec } from '../src/bench/run.js';
import { flooredRatio, geometricMean, median } from '../src/bench/stats.js';
import { modelSuggestSeconds } from '../src/bench/summary.js';

/** Median final regret over seeds 0-9 at budget 50, measured with Optuna 5.0 on a 2-core machine (issue 2). */
const OPTUNA = {
  branin: { gp: 3.6e-5, tpe: 0.067, random: 0.88 },
  hartmann3: { gp: 3.1e-5, tpe: 0.084, random: 0.58 },
  hartmann6: { gp: 3.4e-3, tpe: 0.24, random: 1.74 },
  ackley5: { gp: 6.4, tpe: 11.7, random: 17.2 },
  levy4: { gp: 0.56, tpe: 0.83, random: 3.8 },
  rosenbrock4: { gp: 263, tpe: 260, random: 2796 },
} as const;
type ProblemName = keyof typeof OPTUNA;

const { values } = parseArgs({
  options: { seeds: { type: 'string' }, budget: { type: 'string' }, problems: { type: 'string' }, fresh: { type: 'boolean' } },
});
const seeds = Number(values.seeds ?? 10);
const budget = Number(values.budget ?? 50);
const problems = (values.problems?.split(',') ?? Object.keys(OPTUNA)) as ProblemName[];
for (const p of problems) if (!(p in OPTUNA)) throw new Error(`--problems: unknown "${p}"; expected some of ${Object.keys(OPTUNA).join(', ')}`);

const cacheDir = '.bench-cache/gp';
mkdirSync(cacheDir, { recursive: true });

async function cachedRun(spec: RunSpec): Promise<RunResult> {
  const file = `${cacheDir}/${spec.surrogate}-${spec.acquisition}-${spec.problem}-s${spec.seed}-b${spec.budget}.json`;
  if (!values.fresh && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  const result = await runBenchmark(spec);
  writeFileSync(file, JSON.stringify(result));
  return result;
}

const fmt = (v: number): string => (v === 0 ? '0' : Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toPrecision(3));

const results: RunResult[] = [];
for (const surrogate of ['gp', 'random'] as const) {
  for (const problem of problems) {
    for (let seed = 0; seed < seeds; seed++) {
      const r = await cachedRun({ problem, surrogate, acquisition: 'logei', seed, budget });
      results.push(r);
      process.stderr.write(`${surrogate} ${problem} seed ${seed}: final regret ${fmt(r.regret.at(-1)!)} in ${r.seconds.toFixed(1)} s\n`);
    }
  }
}

const select = (surrogate: string, problem: string) => results.filter((r) => r.surrogate === surrogate && r.problem === problem);
const finalRegret = (runs: RunResult[]) => median(runs.map((r) => r.regret.at(-1)!));
const lastModelSeconds = (runs: RunResult[]) => runs.map((r) => r.suggestSeconds[r.modelChosen.lastIndexOf(true)]);

const rows = problems.map((problem) => {
  const gp = select('gp', problem);
  const ours = finalRegret(gp);
  return {
    problem,
    gpRegret: ours,
    optunaGp: OPTUNA[problem].gp,
    ratio: flooredRatio(ours, OPTUNA[problem].gp),
    randomRegret: finalRegret(select('random', problem)),
    optunaTpe: OPTUNA[problem].tpe,
    optunaRandom: OPTUNA[problem].random,
    medianSuggestMs: median(modelSuggestSeconds(gp)) * 1000,
    lastSuggestMs: median(lastModelSeconds(gp)) * 1000,
  };
});
const geo = geometricMean(rows.map((r) => r.ratio));
const allGp = results.filter((r) => r.surrogate === 'gp');
const overallMs = median(modelSuggestSeconds(allGp)) * 1000;
const lastMs = median(lastModelSeconds(allGp)) * 1000;

const lines = [
  '# GP + log-EI benchmark',
  '',
  `Written by \`npm run bench:gp\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${describeMachine()}.`,
  `Budget ${budget} evaluations (initial Sobol design of max(5, 2d) included), seeds 0-${seeds - 1}, minimisation.`,
  'Regret = best value found − known optimum. Reference columns: median final regret over seeds 0-9 at budget 50',
  'measured with Optuna 5.0 (GPSampler, TPESampler, RandomSampler) on a 2-core machine, as given in issue 2.',
  '',
  '| problem | tnpbo gp + logei | Optuna GP | ratio | tnpbo random | Optuna TPE | Optuna random | ms / suggestion (median) | ms at the last suggestion |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.problem} | ${fmt(r.gpRegret)} | ${fmt(r.optunaGp)} | ${fmt(r.ratio)} | ${fmt(r.randomRegret)} | ${fmt(r.optunaTpe)} | ${fmt(r.optunaRandom)} | ${r.medianSuggestMs.toFixed(1)} | ${r.lastSuggestMs.toFixed(1)} |`),
  '',
  `Geometric mean over the problems of (tnpbo GP median final regret / Optuna GP's): **${fmt(geo)}** (ratios use max(regret, 1e-12)).`,
  `Median seconds per model-based suggestion: **${overallMs.toFixed(1)} ms** over all problems; at the last suggestion`,
  `(${budget - 1} observations): **${lastMs.toFixed(1)} ms** (median over problems and seeds). Optuna's GPSampler took about 70-90 ms.`,
  '',
];
mkdirSync('docs/benchmarks', { recursive: true });
writeFileSync('docs/benchmarks/gp.md', lines.join('\n'));
writeFileSync('docs/benchmarks/gp.json', JSON.stringify({ machine: describeMachine(), budget, seeds, rows, geometricMeanRatio: geo, medianSuggestMs: overallMs, lastSuggestMs: lastMs }, null, 2) + '\n');
process.stderr.write(`wrote docs/benchmarks/gp.md (geometric-mean ratio ${fmt(geo)}, ${overallMs.toFixed(1)} ms per suggestion)\n`);
