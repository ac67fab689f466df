/**
 * `tnpbo optimize`: minimise a black-box objective (a benchmark problem, a math.js expression, a module's
 * function or an external command) and report the trials, the best point and, for a problem, the regret.
 * With `--out DIR` the trials are written as they finish; `--resume DIR` continues such a run.
 */

import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Params, SpaceSpec } from '../core/space.js';
import { DEFAULT_INCUMBENT, INCUMBENT_RULES, LEGACY_INCUMBENT, type IncumbentRule } from '../core/types.js';
import { unavailableReason } from '../bench/availability.js';
import { regretCurve } from '../bench/regret.js';
import { formatSpace } from '../objectives/space-syntax.js';
import { Optimizer } from '../optimizer.js';
import { problemNames } from '../problems/index.js';
import { ACQUISITION_NAMES, DEFAULT_ACQUISITION, DEFAULT_SURROGATE, SURROGATE_NAMES, type AcquisitionName, type SurrogateName } from '../registry.js';
import { OBJECTIVE_KINDS, objectiveSpace, resolveObjective, type ObjectiveSource } from './objective-source.js';
import { ProgressReporter, progressStyle, type ProgressStyle } from './progress.js';
import { readRunDirectory, RunDirectory, type SavedRun, type StoredRun } from './run-directory.js';
import { runTrials } from '../trial-loop.js';
import { trialRecord, type TrialRecord } from './trial-record.js';
import { integer, nonNegativeNumber, oneOf, positiveInteger, TRUST_REGION_OPTIONS, trustRegionFlag, UsageError } from './usage.js';

export type { TrialRecord } from './trial-record.js';

/** Seconds an external command may run per evaluation unless `--timeout` says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 3600;

/** The settings of one `optimize` run. */
export interface OptimizeSettings {
  /** What to minimise. */
  readonly objective: ObjectiveSource;
  /** Surrogate name. */
  readonly surrogate: SurrogateName;
  /** Acquisition name. */
  readonly acquisition: AcquisitionName;
  /** What the acquisition improves on. */
  readonly incumbent: IncumbentRule;
  /**
   * Search a trust region, with the surrogate conditioned in its frame; undefined: the surrogate's default (on for
   * the neural processes).
   */
  readonly trustRegion?: boolean;
  /** Total trials (those of a resumed run included). */
  readonly budget: number;
  /** Root seed. */
  readonly seed: number;
  /** Suggestions evaluated concurrently per round. */
  readonly batch: number;
  /** Seconds per `--command` evaluation; 0: no limit. */
  readonly timeout: number;
  /** Print the JSON report. */
  readonly json: boolean;
  /** Hide progress. */
  readonly quiet: boolean;
  /** Directory the run is written to as it goes (also the resumed run's directory). */
  readonly out?: string;
  /** The run being continued (`--resume`). */
  readonly resume?: SavedRun;
}

/** The JSON document `optimize --json` prints (architecture.md). */
export interface OptimizeReport {
  /** The benchmark problem's name (`--problem` only). */
  readonly problem?: string;
  /** What was minimised: the flag and its value. */
  readonly objective: Pick<ObjectiveSource, 'kind' | 'text'>;
  /** The search space, in the `--space` syntax. */
  readonly space: string;
  /** Surrogate name. */
  readonly surrogate: string;
  /** Acquisition name. */
  readonly acquisition: string;
  /** Incumbent rule. */
  readonly incumbent: IncumbentRule;
  /** Root seed. */
  readonly seed: number;
  /** The best complete trial, or null when every evaluation failed. */
  readonly best: { params: Params; value: number } | null;
  /** Every trial, in the order they were suggested. */
  readonly trials: TrialRecord[];
  /** Best-so-far minus the known optimum, one entry per trial (`--problem` only). */
  readonly regret?: number[];
  /** Seconds spent choosing each trial's point (not part of the trials: it varies between identical runs). */
  readonly suggestSeconds: number[];
}

const OPTIONS = {
  problem: { type: 'string' },
  expr: { type: 'string' },
  module: { type: 'string' },
  command: { type: 'string' },
  space: { type: 'string' },
  surrogate: { type: 'string' },
  acquisition: { type: 'string' },
  incumbent: { type: 'string' },
  ...TRUST_REGION_OPTIONS,
  budget: { type: 'string' },
  seed: { type: 'string' },
  batch: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  out: { type: 'string' },
  resume: { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];

/** The objective the flags give, or undefined when none does; throws for two at once or a misplaced --space. */
function objectiveFromFlags(values: Flags, cwd: string): ObjectiveSource | undefined {
  const given = OBJECTIVE_KINDS.filter((kind) => values[kind] !== undefined);
  if (given.length > 1) throw new UsageError(`${given.map((kind) => `--${kind}`).join(', ')}: give only one objective`);
  if (given.length === 0) {
    if (values.space !== undefined) throw new UsageError('--space: needs --expr, --module or --command');
    return undefined;
  }
  const kind = given[0];
  if (kind === 'problem' && values.space !== undefined) throw new UsageError('--space: not used with --problem (a problem has its own space)');
  return { kind, text: values[kind]!, ...(values.space !== undefined ? { space: values.space } : {}), cwd };
}

/** The `--surrogate` value, checked to be a contract name that this version can create. */
function surrogateFlag(value: string): SurrogateName {
  const name = oneOf('surrogate', value, SURROGATE_NAMES);
  const reason = unavailableReason(name);
  if (reason !== undefined) throw new UsageError(`--surrogate: ${reason}`);
  return name;
}

const sameSpace = (a: SpaceSpec, b: SpaceSpec): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Settings for `--resume DIR`: the stored ones, with the flags given overriding all but the space and seed. */
function resumeSettings(values: Flags, dir: string, given: ObjectiveSource | undefined): OptimizeSettings {
  const saved = readRunDirectory(dir);
  const { run } = saved;
  if (values.out !== undefined && path.resolve(values.out) !== path.resolve(dir)) throw new UsageError(`--out: a resumed run continues in its own directory ${dir}`);
  if (given !== undefined && !sameSpace(objectiveSpace(given), run.space)) {
    throw new UsageError(`--resume: ${dir} belongs to another space (${formatSpace(run.space)}, not ${formatSpace(objectiveSpace(given))})`);
  }
  const seed = integer('seed', values.seed, run.seed);
  if (seed !== run.seed) throw new UsageError(`--seed: the run in ${dir} uses seed ${run.seed}; a resumed run keeps it`);
  return {
    objective: given ?? run.objective,
    surrogate: surrogateFlag(values.surrogate ?? run.surrogate),
    acquisition: oneOf('acquisition', values.acquisition ?? run.acquisition, ACQUISITION_NAMES),
    incumbent: oneOf('incumbent', values.incumbent ?? run.incumbent ?? LEGACY_INCUMBENT, INCUMBENT_RULES),
    trustRegion: trustRegionFlag(values) ?? run.trustRegion ?? false,
    budget: positiveInteger('budget', values.budget, run.budget),
    seed,
    batch: positiveInteger('batch', values.batch, run.batch),
    timeout: nonNegativeNumber('timeout', values.timeout, run.timeout),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    out: dir,
    resume: saved,
  };
}

/** Parses `optimize` arguments; throws {@link UsageError} with a one-line reason. */
export function parseOptimizeArgs(args: string[], cwd: string = process.cwd()): OptimizeSettings {
  const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: OPTIONS });
  const objective = objectiveFromFlags(values, cwd);
  if (values.resume !== undefined) return resumeSettings(values, values.resume, objective);
  if (objective === undefined) {
    throw new UsageError(`--problem: required (or --expr, --module or --command with --space); problems: ${problemNames.join(', ')} (or ackley:D, levy:D, rosenbrock:D)`);
  }
  objectiveSpace(objective);
  return {
    objective,
    surrogate: surrogateFlag(values.surrogate ?? DEFAULT_SURROGATE),
    acquisition: oneOf('acquisition', values.acquisition ?? DEFAULT_ACQUISITION, ACQUISITION_NAMES),
    incumbent: oneOf('incumbent', values.incumbent ?? DEFAULT_INCUMBENT, INCUMBENT_RULES),
    trustRegion: trustRegionFlag(values),
    budget: positiveInteger('budget', values.budget, 50),
    seed: integer('seed', values.seed, 0),
    batch: positiveInteger('batch', values.batch, 1),
    timeout: nonNegativeNumber('timeout', values.timeout, DEFAULT_TIMEOUT_SECONDS),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}

/** The optimizer of a new run, or the resumed one with the trials that finished after its last saved state. */
function createOptimizer(settings: OptimizeSettings, space: SpaceSpec, onWarning: (message: string) => void): Optimizer {
  const options = {
    surrogate: settings.surrogate,
    acquisition: settings.acquisition,
    incumbent: settings.incumbent,
    trustRegion: settings.trustRegion,
    budget: settings.budget,
    onWarning,
  };
  const state = settings.resume?.state;
  if (state === undefined) return new Optimizer({ ...options, space, seed: settings.seed });
  const optimizer = Optimizer.fromJSON(state, options);
  const pending = new Set(optimizer.trials.filter((t) => t.status === 'pending').map((t) => t.id));
  for (const line of settings.resume!.finished) {
    if (pending.delete(line.id)) optimizer.tell(line.id, line.value ?? { error: line.error ?? 'failed' }, line.seconds);
  }
  return optimizer;
}

/**
 * Runs the optimisation described by `settings`, with progress on stderr in `style` (by default chosen from the
 * flags and whether stderr is a terminal).
 */
export async function runOptimize(settings: OptimizeSettings, style: ProgressStyle = progressStyle({ ...settings, isTTY: process.stderr.isTTY === true })): Promise<OptimizeReport> {
  const objective = await resolveObjective(settings.objective, settings.timeout);
  let progress: ProgressReporter | undefined;
  const warn = (message: string): void => (progress ? progress.message(`warning: ${message}`) : void process.stderr.write(`warning: ${message}\n`));
  const optimizer = createOptimizer(settings, objective.space, warn);
  const stored: StoredRun = {
    version: 1,
    objective: settings.objective,
    space: objective.space,
    surrogate: settings.surrogate,
    acquisition: settings.acquisition,
    incumbent: settings.incumbent,
    trustRegion: optimizer.trustRegion !== undefined,
    seed: settings.seed,
    budget: settings.budget,
    batch: settings.batch,
    timeout: settings.timeout,
  };
  const directory = settings.out === undefined ? undefined : settings.resume ? RunDirectory.continue(settings.out, stored) : RunDirectory.create(settings.out, stored);
  progress = new ProgressReporter(settings.budget, style, optimizer.trials.filter((t) => t.status !== 'pending'));
  await runTrials(optimizer, objective.evaluate, {
    budget: settings.budget,
    batch: settings.batch,
    onAsked: () => directory?.saveState(optimizer.toJSON()),
    onTrial: (trial) => {
      directory?.record(trial, optimizer.toJSON());
      progress.trial(trial);
    },
  });
  progress.finish();
  const trials = optimizer.trials;
  const report: OptimizeReport = {
    ...(objective.problem ? { problem: objective.problem.name } : {}),
    objective: { kind: settings.objective.kind, text: settings.objective.text },
    space: formatSpace(objective.space),
    surrogate: settings.surrogate,
    acquisition: settings.acquisition,
    incumbent: settings.incumbent,
    seed: settings.seed,
    best: optimizer.best ?? null,
    trials: trials.map(trialRecord),
    ...(objective.problem ? { regret: regretCurve(trials, objective.problem.optimalValue) } : {}),
    suggestSeconds: trials.map((t) => t.suggestSeconds),
  };
  directory?.writeResult(report);
  return report;
}

/** The human-readable summary of a report (without `--json`). */
export function formatReport(report: OptimizeReport): string {
  const lines: string[] = [];
  const failed = report.trials.filter((t) => t.value === null).length;
  if (report.best === null) lines.push('best none (every evaluation failed)');
  else {
    const point = Object.entries(report.best.params).map(([name, value]) => `${name}=${typeof value === 'number' ? +value.toPrecision(6) : value}`);
    lines.push(`best ${report.best.value} at ${point.join(', ')}`);
  }
  if (report.regret) lines.push(`regret ${report.regret.at(-1)}`);
  if (failed > 0) lines.push(`failed ${failed} of ${report.trials.length} trials (last: ${report.trials.filter((t) => t.error).at(-1)!.error})`);
  return lines.join('\n') + '\n';
}
