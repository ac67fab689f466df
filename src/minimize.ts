/** `minimize()`: the whole loop in one call, evaluating the objective itself. */

import type { Params } from './core/space.js';
import { OptimizerError, type BestTrial, type Trial } from './core/optimizer.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';
import { runTrials } from './trial-loop.js';

/** An objective to minimise: a number (or a promise of one) for each point; throwing marks a failed trial. */
export type Objective = (params: Params) => number | Promise<number>;

/** Settings of {@link minimize}. */
export interface MinimizeOptions extends OptimizerOptions {
  /** Total evaluations, initial design included. */
  readonly budget: number;
  /** Suggestions evaluated concurrently per round (default 1). */
  readonly batchSize?: number;
  /** Called after every finished trial (complete or failed). */
  readonly onTrial?: (trial: Trial) => void;
}

/** What {@link minimize} returns. */
export interface MinimizeResult {
  /** The best complete trial, or `null` when every evaluation failed. */
  readonly best: BestTrial | null;
  /** Every trial, in order, failed ones included. */
  readonly trials: Trial[];
}

/**
 * Minimises `objective` over `options.space` with `options.budget` evaluations. Failed evaluations (a thrown
 * error, NaN or ±Infinity) are recorded with their reason and the run goes on.
 */
export async function minimize(objective: Objective, options: MinimizeOptions): Promise<MinimizeResult> {
  if (typeof objective !== 'function') throw new OptimizerError('objective: must be a function');
  if (!(Number.isInteger(options?.budget) && options.budget >= 1)) throw new OptimizerError(`budget: must be an integer >= 1 (got ${options?.budget})`);
  const batchSize = options.batchSize ?? 1;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new OptimizerError(`batchSize: must be an integer >= 1 (got ${batchSize})`);
  const optimizer = new Optimizer(options);
  await runTrials(optimizer, objective, { budget: options.budget, batch: batchSize, onTrial: (trial) => options.onTrial?.(trial) });
  return { best: optimizer.best ?? null, trials: optimizer.trials };
}
