/** `tnpbo optimize`: minimise a named benchmark problem and report trials, best point and regret. */

import { parseArgs } from 'node:util';
import type { Trial } from '../core/optimizer.js';
import type { Params } from '../core/space.js';
import { minimize } from '../minimize.js';
import { getProblem, problemNames, problemSpace, type Problem } from '../problems/index.js';
import { ACQUISITION_NAMES, DEFAULT_ACQUISITION, DEFAULT_SURROGATE, SURROGATE_NAMES, type AcquisitionName, type SurrogateName } from '../registry.js';
import { ProgressReporter } from './progress.js';
import { integer, oneOf, positiveInteger, UsageError } from './usage.js';

/** The settings of one `optimize` run. */
export interface OptimizeSettings {
  readonly problem: Problem;
  readonly surrogate: SurrogateName;
  readonly acquisition: AcquisitionName;
  readonly budget: number;
  readonly seed: number;
  readonly batch: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** A trial as printed: evaluation seconds rounded to milliseconds; failed trials carry `value: null` and `error`. */
export interface TrialRecord {
  readonly params: Params;
  readonly value: number | null;
  readonly seconds: number;
  readonly error?: string;
}

/** The JSON document `optimize --json` prints (architecture.md). */
export interface OptimizeReport {
  readonly problem: string;
  readonly surrogate: string;
  readonly acquisition: string;
  readonly seed: number;
  readonly best: { params: Params; value: number } | null;
  readonly trials: TrialRecord[];
  readonly regret: number[];
  /** Seconds spent choosing each trial's point (not part of the trials: it varies between identical runs). */
  readonly suggestSeconds: number[];
}

/** Parses `optimize` arguments; throws {@link UsageError} with a one-line reason. */
export function parseOptimizeArgs(args: string[]): OptimizeSettings {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      problem: { type: 'string' },
      surrogate: { type: 'string' },
      acquisition: { type: 'string' },
      budget: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  });
  if (values.problem === undefined) throw new UsageError(`--problem: required; one of ${problemNames.join(', ')} (or ackley:D, levy:D, rosenbrock:D)`);
  let problem: Problem;
  try {
    problem = getProblem(values.problem);
  } catch (error) {
    throw new UsageError(`--problem: ${(error as Error).message.replace(/^problem: /, '')}`);
  }
  return {
    problem,
    surrogate: oneOf('surrogate', values.surrogate ?? DEFAULT_SURROGATE, SURROGATE_NAMES),
    acquisition: oneOf('acquisition', values.acquisition ?? DEFAULT_ACQUISITION, ACQUISITION_NAMES),
    budget: positiveInteger('budget', values.budget, 50),
    seed: integer('seed', values.seed, 0),
    batch: positiveInteger('batch', values.batch, 1),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
}

function record(trial: Trial): TrialRecord {
  const seconds = Math.round((trial.seconds ?? 0) * 1000) / 1000;
  return trial.status === 'complete' ? { params: trial.params, value: trial.value!, seconds } : { params: trial.params, value: null, seconds, error: trial.error ?? 'not evaluated' };
}

/** Best-so-far minus the known optimum, one entry per trial (failed trials repeat the previous entry). */
export function regretCurve(trials: readonly Trial[], optimalValue: number): number[] {
  let best = Infinity;
  return trials.map((t) => {
    if (t.status === 'complete' && t.value! < best) best = t.value!;
    return best - optimalValue;
  });
}

/** Runs the optimisation described by `settings`, with progress on stderr unless quiet. */
export async function runOptimize(settings: OptimizeSettings): Promise<OptimizeReport> {
  const { problem } = settings;
  const names = Object.keys(problemSpace(problem));
  const progress = settings.quiet ? undefined : new ProgressReporter(settings.budget);
  const result = await minimize((params) => problem.evaluate(names.map((n) => params[n] as number)), {
    space: problemSpace(problem),
    surrogate: settings.surrogate,
    acquisition: settings.acquisition,
    budget: settings.budget,
    seed: settings.seed,
    batchSize: settings.batch,
    onTrial: (trial) => progress?.trial(trial),
    onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  return {
    problem: problem.name,
    surrogate: settings.surrogate,
    acquisition: settings.acquisition,
    seed: settings.seed,
    best: result.best,
    trials: result.trials.map(record),
    regret: regretCurve(result.trials, problem.optimalValue),
    suggestSeconds: result.trials.map((t) => t.suggestSeconds),
  };
}
