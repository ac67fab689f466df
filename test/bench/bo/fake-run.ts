/** Hand-made benchmark runs for the tests of the BO benchmark's summaries. */

import type { RunResult } from '../../../src/bench/run.js';
import type { AcquisitionName, SurrogateName } from '../../../src/registry.js';

/** What a fake run needs; the rest has defaults. */
export interface FakeRun {
  readonly surrogate: SurrogateName;
  readonly acquisition?: AcquisitionName;
  readonly problem?: string;
  readonly seed?: number;
  /** The final regret (the curve falls to it from 10). */
  readonly final: number;
  /** Seconds of each suggestion (default: 4 suggestions of 0.1 s). */
  readonly suggestSeconds?: readonly number[];
  /** Suggestions before this index are the initial design (default 2; random search never chooses by model). */
  readonly design?: number;
}

/** A {@link RunResult} with the given final regret and suggestion times. */
export function fakeRun(spec: FakeRun): RunResult {
  const suggestSeconds = [...(spec.suggestSeconds ?? [0.1, 0.1, 0.1, 0.1])];
  const design = spec.design ?? 2;
  return {
    problem: spec.problem ?? 'branin',
    surrogate: spec.surrogate,
    acquisition: spec.acquisition ?? 'logei',
    seed: spec.seed ?? 0,
    budget: suggestSeconds.length,
    regret: suggestSeconds.map((_, i) => (i === suggestSeconds.length - 1 ? spec.final : 10)),
    suggestSeconds,
    modelChosen: suggestSeconds.map((_, i) => spec.surrogate !== 'random' && i >= design),
    seconds: suggestSeconds.reduce((s, v) => s + v, 0),
  };
}
