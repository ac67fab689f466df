/**
 * The JSON document of the BO benchmark (`bo.json`, written by `scripts/bench-bo.ts`): one record per part,
 * each with the circumstances of its own run, so that the parts can be run (and rerun) separately and the report
 * always shows every part measured so far.
 */

import type { IncumbentRule } from '../../core/types.js';
import type { SkippedSurrogate } from '../harness.js';
import type { Quartiles } from '../summary.js';

/** The three parts of the benchmark. */
export const BO_PARTS = ['table', 'np1d', 'long'] as const;

/** A part of the benchmark: the six-problem table, the 1-D GP-task protocol, or the long run. */
export type BoPart = (typeof BO_PARTS)[number];

/** The outcome of one of the "done when" statements. */
export interface Check {
  /** The statement checked. */
  readonly statement: string;
  /** Whether the run shows it holds, shows it does not, or cannot tell (a side was not run). */
  readonly status: 'met' | 'not met' | 'not measurable';
  /** The figures behind the status, or why it cannot be measured. */
  readonly detail: string;
}

/** When, where and how a part was run. */
export interface PartHeader {
  /** ISO date and time the part finished. */
  readonly created: string;
  /** CPU, memory and Node version. */
  readonly machine: string;
  /** The 1-minute load average when the part started and when it finished. */
  readonly load: { readonly start: number; readonly end: number };
  /** The command that reruns it. */
  readonly command: string;
  /** Whether this was the `--quick` smoke configuration rather than the benchmark. */
  readonly quick: boolean;
  /** Worker processes the runs were spread over. */
  readonly jobs: number;
  /** Surrogates that could not be run, with the reason. */
  readonly skipped: readonly SkippedSurrogate[];
  /** Surrogates whose runs searched a trust region (absent in parts run before trust regions existed: none). */
  readonly trustRegion?: readonly string[];
  /** Whether those regions were shaped by the lengthscales (absent in parts run before shaped regions: cubes). */
  readonly shapedRegion?: boolean;
  /** Plots written next to the report (file name and title). */
  readonly plots: readonly { readonly file: string; readonly title: string }[];
}

/** One surrogate and acquisition on one problem of the table. */
export interface TableCell {
  /** Problem name. */
  readonly problem: string;
  /** Runs (seeds). */
  readonly runs: number;
  /** Quartiles over seeds of the final regret. */
  readonly finalRegret: Quartiles;
  /** Median seconds per model-chosen suggestion; null when the model never chose (random search). */
  readonly suggestSeconds: number | null;
}

/** One surrogate and acquisition over the table's problems. */
export interface TableRow {
  /** Surrogate name. */
  readonly surrogate: string;
  /** Acquisition name. */
  readonly acquisition: string;
  /** One cell per problem, in the order of the settings. */
  readonly cells: readonly TableCell[];
  /** Median final regret over gp + logei's, per problem (floored ratios); null without gp + logei. */
  readonly ratioToGp: readonly number[] | null;
  /** Geometric mean of {@link ratioToGp}; null without gp + logei. */
  readonly geometricMeanRatio: number | null;
  /** Per problem, whether the median final regret lies below random search's 25th percentile; null without random. */
  readonly betterThanRandom: readonly boolean[] | null;
}

/** Part 1: every surrogate on the six problems. */
export interface TablePart extends PartHeader {
  /** What was run; `incumbent` is absent in documents written before the rule could be chosen (they used `best-observed`, the `LEGACY_INCUMBENT`). */
  readonly settings: { readonly problems: readonly string[]; readonly seeds: number; readonly budget: number; readonly incumbent?: IncumbentRule };
  /** One row per surrogate and acquisition that ran. */
  readonly rows: readonly TableRow[];
  /** The done-when statements about the table. */
  readonly checks: readonly Check[];
}

/** One surrogate and acquisition over the GP-sampled tasks. */
export interface Np1dRow {
  /** Surrogate name. */
  readonly surrogate: string;
  /** Acquisition name. */
  readonly acquisition: string;
  /** Runs (tasks). */
  readonly runs: number;
  /** Quartiles over tasks of the final regret. */
  readonly finalRegret: Quartiles;
  /** Mean over tasks of the final regret. */
  readonly meanFinalRegret: number;
  /** Standard error of that mean; null for a single task. */
  readonly standardError: number | null;
  /** Median seconds per model-chosen suggestion; null for random search. */
  readonly suggestSeconds: number | null;
}

/** Part 2: the 1-D protocol of the NP papers on GP-sampled tasks `gp1d:0 … gp1d:(tasks−1)`. */
export interface Np1dPart extends PartHeader {
  /** What was run: tasks, evaluations per task, the BO seed of every run. */
  readonly settings: { readonly tasks: number; readonly budget: number; readonly seed: number };
  /** One row per surrogate and acquisition that ran. */
  readonly rows: readonly Np1dRow[];
}

/** Suggestion time around a number of observations in the long run. */
export interface ObservationWindow {
  /** The number of observations asked for. */
  readonly at: number;
  /** The fewest observations of a suggestion counted. */
  readonly from: number;
  /** The most observations of a suggestion counted (below `at` when the budget ends earlier). */
  readonly to: number;
  /** Model-chosen suggestions counted (over seeds). */
  readonly count: number;
  /** Their median seconds; null when none was made in the window. */
  readonly seconds: number | null;
}

/** One surrogate of the long run. */
export interface LongRow {
  /** Surrogate name. */
  readonly surrogate: string;
  /** Acquisition name. */
  readonly acquisition: string;
  /** Runs (seeds). */
  readonly runs: number;
  /** Median over seeds of the final regret. */
  readonly finalRegret: number;
  /** Model-chosen suggestions, over seeds. */
  readonly modelChosen: number;
  /** Suggestions, over seeds. */
  readonly suggestions: number;
  /** Median wall-clock seconds of a whole run. */
  readonly runSeconds: number;
  /** Suggestion time at each requested number of observations. */
  readonly windows: readonly ObservationWindow[];
  /** Seconds at the last window over gp's there; null for gp itself or when either is missing. */
  readonly ratioToGp: number | null;
}

/** Part 3: the long run on hartmann6. */
export interface LongPart extends PartHeader {
  /** What was run, and the observation counts timed (each over the `window` suggestions up to it). */
  readonly settings: {
    readonly problem: string;
    readonly seeds: number;
    readonly budget: number;
    readonly at: readonly number[];
    readonly window: number;
  };
  /** One row per surrogate that ran. */
  readonly rows: readonly LongRow[];
  /** The done-when statement about suggestion time. */
  readonly checks: readonly Check[];
}

/** `bo.json`: the parts measured so far. */
export interface BoDocument {
  /** Format version. */
  readonly version: 1;
  /** Part 1, once run. */
  readonly table?: TablePart;
  /** Part 2, once run. */
  readonly np1d?: Np1dPart;
  /** Part 3, once run. */
  readonly long?: LongPart;
}
