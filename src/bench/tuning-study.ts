/**
 * A tuning study: settings of the log-EI loop compared on the six problems of the BO benchmark at budget 50, on
 * seeds disjoint from the published seeds 0-9 (default 10-39), so that choosing defaults from it does not fit the
 * published table. Each finished run is cached under the variant's name and a hash of its settings, so a study
 * resumes and can run as several processes on disjoint `--variants`; the report is rewritten from the cache.
 *
 * Command-line options of a study script: --variants a,b (default all), --problems a,b (default all six),
 * --seeds FIRST-LAST (default 10-39), --report-only (write the report from the cache without running anything).
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { minimize, type MinimizeOptions } from '../minimize.js';
import { problemObjective } from '../objectives/problem.js';
import { getProblem, problemSpace } from '../problems/index.js';
import { describeMachine } from './environment.js';
import { formatFigure, formatMilliseconds } from './format.js';
import { flooredRatio, geometricMean, median } from './stats.js';

/** One setting of the loop under test. */
export interface TuningVariant {
  /** Short name: a report row, a cache-file prefix, a `--variants` value. */
  readonly name: string;
  /** What the variant sets, for the report. */
  readonly description: string;
  /** The settings that make the variant, hashed into its cache files: change them and the variant reruns. */
  readonly settings: unknown;
  /** The loop's options for this variant (the study adds the space, budget and seed; log-EI unless set). */
  readonly loop: Omit<MinimizeOptions, 'space' | 'budget' | 'seed'>;
}

/** What the "vs" column divides each problem's median by. */
export type TuningReference =
  /** Fixed medians measured elsewhere (another tool, other seeds). */
  | { readonly kind: 'fixed'; readonly label: string; readonly medians: Readonly<Record<string, number>>; readonly note: string }
  /** The medians of one of the study's own variants, on the same seeds. */
  | { readonly kind: 'variant'; readonly variant: string; readonly note: string };

/** A study: its variants, its reference and the report it writes. */
export interface TuningStudy {
  /** Names the cache folder (`.bench-cache/NAME`), the report (`docs/benchmarks/NAME.md`) and the script. */
  readonly name: string;
  /** The report's title (the seeds are appended). */
  readonly title: string;
  readonly variants: readonly TuningVariant[];
  readonly reference: TuningReference;
  /** Lines of the report after the table: how its results were used. */
  readonly decision: readonly string[];
}

/** The problems of the BO benchmark. */
export const TUNING_PROBLEMS = ['branin', 'hartmann3', 'hartmann6', 'ackley5', 'levy4', 'rosenbrock4'] as const;
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

/** What the command line asked for. */
interface StudyArguments {
  readonly variants: readonly TuningVariant[];
  readonly problems: readonly string[];
  readonly seeds: readonly number[];
  readonly reportOnly: boolean;
}

function parseStudyArguments(study: TuningStudy, argv: readonly string[]): StudyArguments {
  const { values } = parseArgs({
    args: [...argv],
    options: { variants: { type: 'string' }, problems: { type: 'string' }, seeds: { type: 'string' }, 'report-only': { type: 'boolean' } },
  });
  const names = study.variants.map((v) => v.name);
  const variants = (values.variants?.split(',') ?? names).map((name) => {
    const variant = study.variants.find((v) => v.name === name);
    if (!variant) throw new Error(`--variants: unknown "${name}"; expected some of ${names.join(', ')}`);
    return variant;
  });
  const problems = values.problems?.split(',') ?? [...TUNING_PROBLEMS];
  for (const p of problems) if (!(TUNING_PROBLEMS as readonly string[]).includes(p)) throw new Error(`--problems: unknown "${p}"; expected some of ${TUNING_PROBLEMS.join(', ')}`);
  const seedRange = /^(\d+)-(\d+)$/.exec(values.seeds ?? '10-39');
  if (!seedRange || Number(seedRange[1]) > Number(seedRange[2])) throw new Error(`--seeds: expected FIRST-LAST, got "${values.seeds}"`);
  const first = Number(seedRange[1]);
  const seeds = Array.from({ length: Number(seedRange[2]) - first + 1 }, (_, i) => first + i);
  return { variants, problems, seeds, reportOnly: values['report-only'] === true };
}

function cacheFile(study: TuningStudy, variant: TuningVariant, problem: string, seed: number): string {
  const hash = createHash('sha256').update(JSON.stringify(variant.settings)).digest('hex').slice(0, 8);
  return `.bench-cache/${study.name}/${variant.name}-${hash}-${problem}-s${seed}-b${BUDGET}.json`;
}

async function runVariant(variant: TuningVariant, problem: string, seed: number): Promise<RunRecord> {
  const objective = getProblem(problem);
  const started = performance.now();
  const result = await minimize(problemObjective(objective), {
    acquisition: 'logei',
    ...variant.loop,
    space: problemSpace(objective),
    budget: BUDGET,
    seed,
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

/** The report's lines from whatever the cache holds for `args`' problems and seeds. */
function report(study: TuningStudy, args: StudyArguments): string[] {
  const { problems, seeds } = args;
  /** A variant's cached runs per problem; a problem is done once all its seeds are. */
  const runsOf = (variant: TuningVariant): RunRecord[][] =>
    problems.map((problem) =>
      seeds
        .map((seed) => cacheFile(study, variant, problem, seed))
        .filter((file) => existsSync(file))
        .map((file) => JSON.parse(readFileSync(file, 'utf8')) as RunRecord),
    );
  const mediansOf = (runs: readonly RunRecord[][]): (number | undefined)[] =>
    runs.map((done) => (done.length === seeds.length ? median(done.map((r) => r.finalRegret)) : undefined));
  const cached = new Map(study.variants.map((variant) => [variant.name, runsOf(variant)]));
  const reference = study.reference;
  const referenceMedians = reference.kind === 'fixed' ? problems.map((p) => reference.medians[p]) : mediansOf(cached.get(reference.variant)!);
  const referenceLabel = reference.kind === 'fixed' ? reference.label : reference.variant;

  const partial: string[] = [];
  const rows = study.variants.flatMap((variant) => {
    const runs = cached.get(variant.name)!;
    const count = runs.reduce((n, done) => n + done.length, 0);
    if (count === 0) return [];
    const medians = mediansOf(runs);
    const complete = medians.every((m) => m !== undefined);
    if (!complete) partial.push(`${variant.name} (${count}/${problems.length * seeds.length} runs)`);
    const ratios = medians.map((m, i) => (m === undefined || referenceMedians[i] === undefined ? undefined : flooredRatio(m, referenceMedians[i]!)));
    const ratio = ratios.every((r) => r !== undefined) ? formatFigure(geometricMean(ratios as number[])) : '–';
    const h6 = runs[problems.indexOf('hartmann6')] ?? [];
    const escapes = h6.length < seeds.length ? '–' : `${h6.filter((r) => r.finalRegret < ESCAPE_REGRET).length}/${h6.length}`;
    const ms = formatMilliseconds(median(runs.flat().map((r) => r.suggestSeconds)));
    const cells = medians.map((m) => (m === undefined ? '–' : formatFigure(m)));
    return [`| ${variant.name} | ${cells.join(' | ')} | ${escapes} | ${ratio} | ${ms} | ${variant.description} |`];
  });
  const unrun = study.variants.filter((v) => cached.get(v.name)!.every((done) => done.length === 0)).map((v) => v.name);
  return [
    `# ${study.title} (seeds ${seeds[0]}-${seeds.at(-1)})`,
    '',
    `Written by \`node dist/scripts/${study.name}.js\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${describeMachine()} (shared with other jobs,`,
    'so timings are indicative only).',
    `Budget ${BUDGET}, seeds ${seeds[0]}-${seeds.at(-1)} (disjoint from the seeds 0-9 of the published benchmarks), minimisation. Cells: median`,
    `final regret over the seeds ("–": not all of them run yet). "H6 escapes": Hartmann-6 runs that left the local minimum −3.2032`,
    `(final regret < ${ESCAPE_REGRET}).`,
    `"vs ${referenceLabel}": geometric mean over the problems of (median / ${reference.note}). "ms": median milliseconds per`,
    'model-based suggestion.',
    '',
    `| variant | ${problems.join(' | ')} | H6 escapes | vs ${referenceLabel} | ms | settings |`,
    `|---|${problems.map(() => '---|').join('')}---|---|---|---|`,
    ...rows,
    '',
    ...(partial.length > 0 ? [`Not yet run in full: ${partial.join(', ')}.`, ''] : []),
    ...(unrun.length > 0 ? [`Not run yet: ${unrun.join(', ')}.`, ''] : []),
    ...study.decision,
  ];
}

/**
 * Runs the variants, problems and seeds `argv` asks for (skipping cached runs), then writes
 * `docs/benchmarks/<study>.md` from the cache.
 */
export async function runTuningStudy(study: TuningStudy, argv: readonly string[]): Promise<void> {
  const args = parseStudyArguments(study, argv);
  mkdirSync(`.bench-cache/${study.name}`, { recursive: true });
  if (!args.reportOnly) {
    for (const variant of args.variants) {
      for (const problem of args.problems) {
        for (const seed of args.seeds) {
          const file = cacheFile(study, variant, problem, seed);
          if (existsSync(file)) continue;
          const record = await runVariant(variant, problem, seed);
          writeFileSync(file, JSON.stringify(record));
          process.stderr.write(`${variant.name} ${problem} seed ${seed}: final regret ${record.finalRegret.toExponential(2)} in ${record.seconds.toFixed(1)} s\n`);
        }
      }
    }
  }
  mkdirSync('docs/benchmarks', { recursive: true });
  writeFileSync(`docs/benchmarks/${study.name}.md`, report(study, args).join('\n'));
  process.stderr.write(`wrote docs/benchmarks/${study.name}.md\n`);
}
