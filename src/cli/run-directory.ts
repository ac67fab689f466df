/**
 * The directory of an `optimize --out DIR` run, written as trials finish so that a killed run loses nothing
 * already evaluated, and read back by `--resume DIR`:
 *
 * - `run.json`: the settings (objective, space, surrogate, acquisition, incumbent rule, trust region, seed, budget, batch, timeout);
 * - `trials.jsonl`: one JSON line per finished trial, in the order they finished
 *   (`id`, `params`, `value` or `null` with `error`, `seconds`, `suggestSeconds`, `source`);
 * - `state.json`: the optimizer's state after the last `ask` or finished trial (replaced atomically);
 * - `result.json`: the final report, once the budget is spent.
 */

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OptimizerState, Trial } from '../core/optimizer.js';
import type { SpaceSpec } from '../core/space.js';
import type { IncumbentRule } from '../core/types.js';
import type { ObjectiveSource } from './objective-source.js';
import { trialRecord, type TrialRecord } from './trial-record.js';
import { UsageError } from './usage.js';

/** The settings of a run, as stored in `run.json`. */
export interface StoredRun {
  /** Format version. */
  readonly version: 1;
  /** The objective as given on the command line, with its working directory. */
  readonly objective: ObjectiveSource;
  /** The search space (a resumed run must have the same). */
  readonly space: SpaceSpec;
  /** Surrogate name. */
  readonly surrogate: string;
  /** Acquisition name. */
  readonly acquisition: string;
  /** Incumbent rule (absent in runs written before it existed: `best-observed`). */
  readonly incumbent?: IncumbentRule;
  /** Whether the run searches a trust region (absent in runs written before it existed: no). */
  readonly trustRegion?: boolean;
  /** Root seed. */
  readonly seed: number;
  /** Total trials. */
  readonly budget: number;
  /** Suggestions per round. */
  readonly batch: number;
  /** Seconds per command evaluation (0: no limit). */
  readonly timeout: number;
}

/** One line of `trials.jsonl`. */
export interface TrialLine extends TrialRecord {
  /** The trial id (its position in suggestion order). */
  readonly id: number;
  /** Seconds spent choosing the point. */
  readonly suggestSeconds: number;
  /** How the point was chosen. */
  readonly source: Trial['source'];
}

/** What `--resume` finds in a run directory. */
export interface SavedRun {
  /** The stored settings. */
  readonly run: StoredRun;
  /** The optimizer state after the last `ask` or finished trial, if there was one. */
  readonly state?: OptimizerState;
  /** Every finished trial in `trials.jsonl` (a line cut short by a kill is skipped). */
  readonly finished: readonly TrialLine[];
}

const RUN = 'run.json';
const TRIALS = 'trials.jsonl';
const STATE = 'state.json';
const RESULT = 'result.json';

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** Reads the run stored in `dir`; throws {@link UsageError} (`--resume: ...`) when there is none. */
export function readRunDirectory(dir: string): SavedRun {
  const runFile = path.join(dir, RUN);
  if (!existsSync(runFile)) throw new UsageError(`--resume: ${dir} holds no tnpbo run (no ${RUN})`);
  let run: StoredRun;
  try {
    run = JSON.parse(readFileSync(runFile, 'utf8')) as StoredRun;
  } catch (error) {
    throw new UsageError(`--resume: ${runFile} is not valid JSON (${(error as Error).message})`);
  }
  if (run?.version !== 1 || typeof run.space !== 'object') throw new UsageError(`--resume: ${runFile} is not a tnpbo run (version 1)`);
  const stateFile = path.join(dir, STATE);
  const state = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as OptimizerState) : undefined;
  const trialsFile = path.join(dir, TRIALS);
  const finished: TrialLine[] = [];
  if (existsSync(trialsFile)) {
    for (const line of readFileSync(trialsFile, 'utf8').split('\n')) {
      try {
        if (line.trim() !== '') finished.push(JSON.parse(line) as TrialLine);
      } catch {
        // The last line of a killed run may be cut short; that trial is evaluated again.
      }
    }
  }
  return { run, state, finished };
}

/** Writes a run's files as it goes. */
export class RunDirectory {
  private constructor(
    /** The run's directory. */
    readonly dir: string,
  ) {}

  /** Starts a new run in `dir` (created if needed); a directory that already holds a run is refused. */
  static create(dir: string, run: StoredRun): RunDirectory {
    if (existsSync(path.join(dir, RUN))) throw new UsageError(`--out: ${dir} already holds a run; continue it with --resume ${dir} or choose another directory`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, RUN), JSON.stringify(run, null, 2) + '\n');
    return new RunDirectory(dir);
  }

  /** Continues the run in `dir` (read with {@link readRunDirectory}), with its settings updated to `run`. */
  static continue(dir: string, run: StoredRun): RunDirectory {
    writeAtomically(path.join(dir, RUN), JSON.stringify(run, null, 2) + '\n');
    return new RunDirectory(dir);
  }

  /** Saves the optimizer state (e.g. right after `ask`, so that a resumed run evaluates the same points). */
  saveState(state: OptimizerState): void {
    writeAtomically(path.join(this.dir, STATE), JSON.stringify(state));
  }

  /** Records a finished trial, then the optimizer state that includes it. */
  record(trial: Trial, state: OptimizerState): void {
    const line: TrialLine = { id: trial.id, ...trialRecord(trial), suggestSeconds: trial.suggestSeconds, source: trial.source };
    appendFileSync(path.join(this.dir, TRIALS), JSON.stringify(line) + '\n');
    this.saveState(state);
  }

  /** Writes the final report. */
  writeResult(report: unknown): void {
    writeAtomically(path.join(this.dir, RESULT), JSON.stringify(report, null, 2) + '\n');
  }
}
