/**
 * Summaries of benchmark runs: per problem, surrogate and acquisition the median and quartile regret curves
 * and the final regret; per surrogate and acquisition (pooled over problems) the seconds per model-chosen
 * suggestion, overall and against the number of observations it was made with.
 */

import type { RunResult } from './run.js';
import { quantile } from './stats.js';

/** Median and quartiles of a set of values. */
export interface Quartiles {
  /** The median. */
  readonly median: number;
  /** The 25th percentile. */
  readonly q25: number;
  /** The 75th percentile. */
  readonly q75: number;
}

/** One problem, surrogate and acquisition over all its seeds. */
export interface GroupSummary {
  /** Problem name. */
  readonly problem: string;
  /** Surrogate name. */
  readonly surrogate: string;
  /** Acquisition name. */
  readonly acquisition: string;
  /** Number of runs (seeds). */
  readonly runs: number;
  /** Regret quartiles after each evaluation (entry `i`: after `i + 1` evaluations). */
  readonly regret: readonly Quartiles[];
  /** Quartiles of the regret after the last evaluation. */
  readonly finalRegret: Quartiles;
  /** Median wall-clock seconds of a whole run. */
  readonly runSeconds: number;
}

/** Quartiles of the seconds per suggestion made with a given number of observations. */
export interface ObservationTiming extends Quartiles {
  /** Number of observations when the suggestions were made. */
  readonly observations: number;
}

/** Suggestion time of one surrogate and acquisition, pooled over problems and seeds. */
export interface TimingSummary {
  /** Surrogate name. */
  readonly surrogate: string;
  /** Acquisition name. */
  readonly acquisition: string;
  /** Quartiles of the seconds per model-chosen suggestion; null when the model never chose (random search). */
  readonly suggestSeconds: Quartiles | null;
  /** Quartiles of the seconds per model-chosen suggestion made with `observations` points observed. */
  readonly byObservations: readonly ObservationTiming[];
}

/** Everything {@link summarise} derives. */
export interface BenchSummary {
  /** One per problem, surrogate and acquisition. */
  readonly groups: readonly GroupSummary[];
  /** One per surrogate and acquisition. */
  readonly timing: readonly TimingSummary[];
}

/** Median and quartiles of `values`. */
export function quartiles(values: readonly number[]): Quartiles {
  return { median: quantile(values, 0.5), q25: quantile(values, 0.25), q75: quantile(values, 0.75) };
}

/** Groups `items` by `key`, keeping the order in which keys first appear. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(item);
  }
  return [...groups.values()];
}

function summariseGroup(runs: readonly RunResult[]): GroupSummary {
  const length = Math.min(...runs.map((r) => r.regret.length));
  const regret = Array.from({ length }, (_, i) => quartiles(runs.map((r) => r.regret[i])));
  const { problem, surrogate, acquisition } = runs[0];
  return { problem, surrogate, acquisition, runs: runs.length, regret, finalRegret: regret[length - 1], runSeconds: quantile(runs.map((r) => r.seconds), 0.5) };
}

/** The seconds of every model-chosen suggestion of `runs` (design points and fallbacks left out). */
export function modelSuggestSeconds(runs: readonly RunResult[]): number[] {
  return runs.flatMap((r) => r.suggestSeconds.filter((_, i) => r.modelChosen[i]));
}

function summariseTiming(runs: readonly RunResult[]): TimingSummary {
  const all: number[] = [];
  const byCount = new Map<number, number[]>();
  for (const run of runs) {
    run.suggestSeconds.forEach((seconds, i) => {
      if (!run.modelChosen[i]) return;
      all.push(seconds);
      // Benchmark objectives never fail, so the i-th suggestion was made with i observations.
      if (!byCount.has(i)) byCount.set(i, []);
      byCount.get(i)!.push(seconds);
    });
  }
  const byObservations = [...byCount.entries()].sort(([a], [b]) => a - b).map(([observations, seconds]) => ({ observations, ...quartiles(seconds) }));
  return { surrogate: runs[0].surrogate, acquisition: runs[0].acquisition, suggestSeconds: all.length > 0 ? quartiles(all) : null, byObservations };
}

/** Summarises `runs` by problem × surrogate × acquisition and by surrogate × acquisition. */
export function summarise(runs: readonly RunResult[]): BenchSummary {
  return {
    groups: groupBy(runs, (r) => `${r.problem}\u0000${r.surrogate}\u0000${r.acquisition}`).map(summariseGroup),
    timing: groupBy(runs, (r) => `${r.surrogate}\u0000${r.acquisition}`).map(summariseTiming),
  };
}
