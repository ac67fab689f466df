/** Trials as `tnpbo optimize` prints and stores them. */

import type { Trial } from '../core/optimizer.js';
import type { Params } from '../core/space.js';

/** A trial as printed: evaluation seconds rounded to milliseconds; failed trials carry `value: null` and `error`. */
export interface TrialRecord {
  /** The point, in user units. */
  readonly params: Params;
  /** The objective value, or null for a failed evaluation. */
  readonly value: number | null;
  /** Evaluation time, rounded to milliseconds. */
  readonly seconds: number;
  /** Why the evaluation failed. */
  readonly error?: string;
}

/** The printed form of a finished trial. */
export function trialRecord(trial: Trial): TrialRecord {
  const seconds = Math.round((trial.seconds ?? 0) * 1000) / 1000;
  return trial.status === 'complete' ? { params: trial.params, value: trial.value!, seconds } : { params: trial.params, value: null, seconds, error: trial.error ?? 'not evaluated' };
}
