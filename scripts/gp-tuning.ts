/**
 * `node dist/scripts/gp-tuning.js`: compares settings of the GP + log-EI loop (GP options such as the output
 * transform and the lengthscale prior; a variant may also set the initial design and the acquisition maximiser's
 * options) on the six problems of `bench:gp` at budget 50, on seeds
 * 10-39 — disjoint from the seeds 0-9 of the published benchmark, so that choosing defaults here does not fit
 * that table. Writes docs/benchmarks/gp-tuning.md. Every variant is an explicit option set passed through
 * `minimize()`; each finished run is cached in .bench-cache/gp-tuning/ under the variant's name and a hash of
 * its settings, so the script resumes and can be run as several processes on disjoint `--variants`.
 *
 * Options: --variants a,b (default all), --problems a,b (default all six), --seeds FIRST-LAST (default 10-39),
 * --report-only (write the report from the cache without running anything).
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { MaximizeOptions } from '../acquisition/maximize.js';
import { describeMachine } from '../src/bench/environment.js';
import { geometricMean, median } from '../src/bench/stats.js';
import { minimize } from '../src/minimize.js';
import { getProblem, problemSpace } from '../src/problems/index.js';
import { DEFAULT_LENGTHSCALE_PRIOR, GaussianProcess, type GaussianProcessOptions } from '../surrogates/gp/index.js';

/** A setting of the loop under test. */
interface Variant {
  readonly name: string;
  readonly description: string;
  readonly gp?: GaussianProcessOptions;
  readonly initialDesign?: number;
  readonly maximize?: MaximizeOptions;
}

/** Lengthscale prior with its location moved by `shift` (in log ℓ) from the default √2. */
const shiftedPrior = (shift: number) => ({ location: DEFAULT_LENGTHSCALE_PRIOR.location + shift, scale: DEFAULT_LENGTHSCALE_PRIOR.scale });

const VARIANTS: readonly Variant[] = [
  {
    name: 'baseline',
    description: 'bo.md defaults: standardised outputs, ℓ ~ LogNormal(√2 + ½ln d, √3), design max(5, 2d)',
    gp: { outputTransform: 'standardize' },
  },
  { name: 'yj', description: 'Yeo–Johnson output transform', gp: { outputTransform: 'yeo-johnson' } },
  { name: 'ls-1.5', description: 'lengthscale prior location √2 − 1.5', gp: { outputTransform: 'standardize', lengthscalePrior: shiftedPrior(-1.5) } },
  { name: 'yj+ls-1', description: 'Yeo–Johnson and location √2 − 1', gp: { outputTransform: 'yeo-johnson', lengthscalePrior: shiftedPrior(-1) } },
  { name: 'yj+ls-1.5', description: 'Yeo–Johnson and location √2 − 1.5', gp: { outputTransform: 'yeo-johnson', lengthscalePrior: shiftedPrior(-1.5) } },
];

/** How the table was used (written when the defaults were chosen; the table itself is regenerated). */
const DECISION = [
  '## Decision',
  '',
  '* `yj` (Yeo–Johnson output transform) became the GP default (`GaussianProcessOptions.outputTransform`): against',
  '  `baseline` it lowered the median on all six problems (branin 2×, hartmann3 3×, hartmann6 6×, levy4 4×,',
  '  rosenbrock4 13×, ackley5 slightly) and raised the Hartmann-6 escape rate from 12/30 to 16/30. The λ fit costs',
  '  about 3 ms per suggestion at 50 observations (measured on the loaded machine); the ms column mostly reflects',
  '  the machine\'s load while each variant ran.',
  "* The lengthscale prior stays at bo.md's `LogNormal(√2 + ½ln d, √3)` (configurable via",
  '  `GaussianProcessOptions.lengthscalePrior`): moving its location by −1.5 helped Hartmann-6 escape a little more',
  '  often, but on top of Yeo–Johnson it made levy4 four times worse, so the evidence did not justify deviating',
  '  from the spec.',
  '* The initial design and the acquisition maximiser were left at their defaults: on Hartmann-6 runs that stall,',
  '  a diagnostic showed the maximiser\'s proposals score far above the true optimum under the model, so the stalls',
  '  are a modelling (exploration), not an acquisition-optimisation, issue.',
  '',
];

/** Median final regret over seeds 0-9 at budget 50 of Optuna 5.0's GPSampler (as in scripts/bench-gp.ts). */
const OPTUNA_GP: Record<string, number> = { branin: 3.6e-5, hartmann3: 3.1e-5, hartmann6: 3.4e-3, ackley5: 6.4, levy4: 0.56, rosenbrock4: 263 };
/** Hartmann-6's local minimum −3.2032 lies 0.119 above the global one; a final regret below this escaped it. */
const ESCAPE_REGRET = 0.05;
const BUDGET = 50;

/** What one cached run keeps. */
interface RunRecord {
  readonly variant: string;
  readonly problem: string;
  readonly seed: number;
  readonly finalRegret: number;
  /** Median seconds per model-based suggestion. */
  readonly suggestSeconds: number;
  readonly seconds: number;
}

const { values } = parseArgs({
  options: { variants: { type: 'string' }, problems: { type: 'string' }, seeds: { type: 'string' }, 'report-only': { type: 'boolean' } },
});
const chosen = values.variants?.split(',') ?? VARIANTS.map((v) => v.name);
for (const name of chosen) if (!VARIANTS.some((v) => v.name === name)) throw new Error(`--variants: unknown "${name}"; expected some of ${VARIANTS.map((v) => v.name).join(', ')}`);
const problems = values.problems?.split(',') ?? Object.keys(OPTUNA_GP);
for (const p of problems) if (!(p in OPTUNA_GP)) throw new Error(`--problems: unknown "${p}"; expected some of ${Object.keys(OPTUNA_GP).join(', ')}`);
const seedRange = /^(\d+)-(\d+)$/.exec(values.seeds ?? '10-39');
if (!seedRange || Number(seedRange[1]) > Number(seedRange[2])) throw new Error(`--seeds: expected FIRST-LAST, got "${values.seeds}"`);
const seeds = Array.from({ length: Number(seedRange[2]) - Number(seedRange[1]) + 1 }, (_, i) => Number(seedRange[1]) + i);

const cacheDir = '.bench-cache/gp-tuning';
mkdirSync(cacheDir, { recursive: true });

function cacheFile(variant: Variant, problem: string, seed: number): string {
  const settings = JSON.stringify({ gp: variant.gp, initialDesign: variant.initialDesign, maximize: variant.maximize });
  const hash = createHash('sha256').update(settings).digest('hex').slice(0, 8);
  return `${cacheDir}/${variant.name}-${hash}-${problem}-s${seed}-b${BUDGET}.json`;
}

async function run(variant: Variant, problem: string, seed: number): Promise<RunRecord> {
  const objective = getProblem(problem);
  const space = problemSpace(objective);
  const names = Object.keys(space);
  const started = performance.now();
  const result = await minimize((params) => objective.evaluate(names.map((n) => params[n] as number)), {
    space,
    surrogate: (context) => new GaussianProcess(context, variant.gp),
    acquisition: 'logei',
    budget: BUDGET,
    seed,
    initialDesign: variant.initialDesign,
    maximize: variant.maximize,
  });
  const complete = result.trials.filter((t) => t.status === 'complete').map((t) => t.value!);
  return {
    variant: variant.name,
    problem,
    seed,
    finalRegret: Math.min(...complete) - objective.optimalValue,
    suggestSeconds: median(result.trials.filter((t) => t.source === 'model').map((t) => t.suggestSeconds)),
    seconds: (performance.now() - started) / 1000,
  };
}

if (!values['report-only']) {
  for (const name of chosen) {
    const variant = VARIANTS.find((v) => v.name === name)!;
    for (const problem of problems) {
      for (const seed of seeds) {
        const file = cacheFile(variant, problem, seed);
        if (existsSync(file)) continue;
        const record = await run(variant, problem, seed);
        writeFileSync(file, JSON.stringify(record));
        process.stderr.write(`${name} ${problem} seed ${seed}: final regret ${record.finalRegret.toExponential(2)} in ${record.seconds.toFixed(1)} s\n`);
      }
    }
  }
}

const fmt = (v: number): string => (v === 0 ? '0' : Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toPrecision(3));

/** One report row per variant whose runs are all cached; others are listed as incomplete. */
const rows: string[] = [];
const incomplete: string[] = [];
for (const variant of VARIANTS) {
  const records = problems.flatMap((problem) => seeds.map((seed) => cacheFile(variant, problem, seed)))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as RunRecord);
  if (records.length < problems.length * seeds.length) {
    incomplete.push(`${variant.name} (${records.length}/${problems.length * seeds.length} runs)`);
    continue;
  }
  const medians = problems.map((problem) => median(records.filter((r) => r.problem === problem).map((r) => r.finalRegret)));
  const geo = geometricMean(medians.map((m, i) => Math.max(m, 1e-12) / OPTUNA_GP[problems[i]]));
  const h6 = records.filter((r) => r.problem === 'hartmann6');
  const escapes = h6.length === 0 ? '–' : `${h6.filter((r) => r.finalRegret < ESCAPE_REGRET).length}/${h6.length}`;
  const ms = median(records.map((r) => r.suggestSeconds)) * 1000;
  rows.push(`| ${variant.name} | ${medians.map(fmt).join(' | ')} | ${escapes} | ${fmt(geo)} | ${ms.toFixed(1)} | ${variant.description} |`);
}

const lines = [
  '# GP + log-EI tuning (seeds 10-39)',
  '',
  `Written by \`node dist/scripts/gp-tuning.js\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${describeMachine()} (shared with other jobs,`,
  'so timings are indicative only).',
  `Budget ${BUDGET}, seeds ${seeds[0]}-${seeds.at(-1)} (disjoint from the seeds 0-9 of docs/benchmarks/gp.md), minimisation. Cells: median`,
  `final regret over the seeds. "H6 escapes": Hartmann-6 runs that left the local minimum −3.2032 (final regret < ${ESCAPE_REGRET}).`,
  '"vs Optuna": geometric mean over the problems of (median / Optuna 5.0 GPSampler\'s median over seeds 0-9); indicative',
  'only, as the seeds differ. "ms": median milliseconds per model-based suggestion.',
  '',
  `| variant | ${problems.join(' | ')} | H6 escapes | vs Optuna | ms | settings |`,
  `|---|${problems.map(() => '---|').join('')}---|---|---|---|`,
  ...rows,
  '',
  ...(incomplete.length > 0 ? [`Not yet run in full: ${incomplete.join(', ')}.`, ''] : []),
  ...DECISION,
];
mkdirSync('docs/benchmarks', { recursive: true });
writeFileSync('docs/benchmarks/gp-tuning.md', lines.join('\n'));
process.stderr.write('wrote docs/benchmarks/gp-tuning.md\n');
