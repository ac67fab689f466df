/**
 * Drives an optimizer to its budget: first the trials a resumed state left pending (asked, never finished),
 * then rounds of `batch` suggestions evaluated concurrently. Each trial is reported as soon as it finishes.
 */

import type { Trial } from './core/optimizer.js';
import type { Params } from './core/space.js';
import type { Objective } from './minimize.js';
import type { Optimizer } from './optimizer.js';

/** Settings of {@link runTrials}. */
export interface TrialLoopOptions {
  /** Total number of trials, those already in the optimizer included. */
  readonly budget: number;
  /** Suggestions per round. */
  readonly batch: number;
  /** Called after each `ask`, while the new trials are pending. */
  readonly onAsked?: () => void;
  /** Called when a trial finishes (complete or failed), after it was told. */
  readonly onTrial: (trial: Trial) => void;
}

/** Evaluates `params`, returning the value or the error (a failed trial) and the seconds it took. */
async function timedEvaluation(objective: Objective, params: Params): Promise<{ outcome: number | Error; seconds: number }> {
  const started = performance.now();
  let outcome: number | Error;
  try {
    const value: unknown = await objective(params);
    outcome = typeof value === 'number' ? value : new Error(`objective returned ${typeof value} ${JSON.stringify(value)}, not a number`);
  } catch (error) {
    outcome = error instanceof Error ? error : new Error(String(error));
  }
  return { outcome, seconds: (performance.now() - started) / 1000 };
}

/** Runs the loop until the optimizer holds `budget` finished trials. */
export async function runTrials(optimizer: Optimizer, objective: Objective, options: TrialLoopOptions): Promise<void> {
  const finish = async (id: number, params: Params): Promise<void> => {
    const { outcome, seconds } = await timedEvaluation(objective, params);
    optimizer.tell(id, outcome, seconds);
    options.onTrial(optimizer.trials[id]);
  };
  const pending = optimizer.trials.filter((trial) => trial.status === 'pending');
  await Promise.all(pending.map((trial) => finish(trial.id, trial.params)));
  for (let count = optimizer.trials.length; count < options.budget; count = optimizer.trials.length) {
    const suggestions = await optimizer.ask(Math.min(options.batch, options.budget - count));
    options.onAsked?.();
    await Promise.all(suggestions.map((s) => finish(s.id, s.params)));
  }
}
