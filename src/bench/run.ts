/** One benchmark run: a surrogate and an acquisition on a known problem with a seed, and what it measured. */

import type { IncumbentRule } from '../core/types.js';
import { minimize } from '../minimize.js';
import { problemObjective } from '../objectives/problem.js';
import { getProblem, problemSpace } from '../problems/index.js';
import type { AcquisitionName, SurrogateName } from '../registry.js';
import { regretCurve } from './regret.js';

/** What identifies a run. */
export interface RunSpec {
  /** Problem name. */
  readonly problem: string;
  /** Surrogate name. */
  readonly surrogate: SurrogateName;
  /** Acquisition name. */
  readonly acquisition: AcquisitionName;
  /** Root seed of the run. */
  readonly seed: number;
  /** The incumbent rule (absent in runs recorded before it existed: `best-observed`). */
  readonly incumbent?: IncumbentRule;
  /** Whether the run searched a trust region (absent: it did not). */
  readonly trustRegion?: boolean;
  /** Whether that region was shaped by the lengthscales (absent: a cube, as in runs recorded before shaped regions). */
  readonly shapedRegion?: boolean;
  /** Evaluations, initial design included. */
  readonly budget: number;
  /** SHA-256 of the weights an NP surrogate ran with (absent for surrogates without weights). */
  readonly weights?: string;
}

/** What a run measured. */
export interface RunResult extends RunSpec {
  /** Best-so-far minus the known optimum after each evaluation. */
  readonly regret: number[];
  /** Seconds spent choosing each point (design points included). */
  readonly suggestSeconds: number[];
  /** Which trials were chosen by the model (vs. the initial design or a fallback). */
  readonly modelChosen: boolean[];
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number;
}

/** Runs one benchmark and returns its regret curve and timings. */
export async function runBenchmark(spec: RunSpec): Promise<RunResult> {
  const problem = getProblem(spec.problem);
  const started = performance.now();
  const result = await minimize(problemObjective(problem), {
    space: problemSpace(problem),
    surrogate: spec.surrogate,
    acquisition: spec.acquisition,
    incumbent: spec.incumbent,
    trustRegion: spec.trustRegion === true && { shaped: spec.shapedRegion === true },
    budget: spec.budget,
    seed: spec.seed,
  });
  return {
    ...spec,
    regret: regretCurve(result.trials, problem.optimalValue),
    suggestSeconds: result.trials.map((t) => t.suggestSeconds),
    modelChosen: result.trials.map((t) => t.source === 'model'),
    seconds: (performance.now() - started) / 1000,
  };
}
