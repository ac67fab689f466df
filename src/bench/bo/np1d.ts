/**
 * Part 2 of the BO benchmark from its runs: per surrogate and acquisition, the final regret over the GP-sampled
 * 1-D tasks (quartiles, mean and its standard error, as the NP papers report the mean over tasks) and the seconds
 * per suggestion.
 */

import type { RunResult } from '../run.js';
import { median } from '../stats.js';
import { modelSuggestSeconds, quartiles } from '../summary.js';
import type { Np1dRow } from './document.js';
import { groupRuns } from './table.js';

/** The mean of `values` and its standard error (sample standard deviation over √n; null for one value). */
export function meanWithError(values: readonly number[]): { mean: number; standardError: number | null } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, standardError: null };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, standardError: Math.sqrt(variance / n) };
}

/** One row per surrogate and acquisition of `runs` (one run per task). */
export function np1dRows(runs: readonly RunResult[]): Np1dRow[] {
  return groupRuns(runs).map((group) => {
    const finals = group.map((r) => r.regret.at(-1)!);
    const { mean, standardError } = meanWithError(finals);
    const seconds = modelSuggestSeconds(group);
    return {
      surrogate: group[0].surrogate,
      acquisition: group[0].acquisition,
      runs: group.length,
      finalRegret: quartiles(finals),
      meanFinalRegret: mean,
      standardError,
      suggestSeconds: seconds.length > 0 ? median(seconds) : null,
    };
  });
}
