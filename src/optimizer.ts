/** The public ask/tell `Optimizer`: the core loop with components chosen by name from the registry. */

import { createMaximizer, type MaximizeOptions } from '../acquisition/maximize.js';
import { AskTellLoop, type OptimizerState } from './core/optimizer.js';
import type { SpaceSpec } from './core/space.js';
import type { TrustRegionSettings } from './core/trust-region.js';
import type { IncumbentRule } from './core/types.js';
import { gpRegionShaper } from './region-shaper.js';
import { createAcquisition, createSurrogate, DEFAULT_ACQUISITION, DEFAULT_SURROGATE, type AcquisitionChoice, type SurrogateChoice } from './registry.js';

/** Settings of an {@link Optimizer} (and of `minimize`). */
export interface OptimizerOptions {
  /** The search space, e.g. `{ x: float(-5, 10), act: categorical(['relu', 'tanh']) }`. */
  readonly space: SpaceSpec;
  /** Surrogate name (default {@link DEFAULT_SURROGATE}), instance, or factory. */
  readonly surrogate?: SurrogateChoice;
  /** Acquisition name (default `logei`) or instance. */
  readonly acquisition?: AcquisitionChoice;
  /** Root seed (default 0): same seed, same suggestions. */
  readonly seed?: number | string;
  /** Total evaluations planned (caps the initial design at half of it). */
  readonly budget?: number;
  /** Size of the initial space-filling design (default `max(5, 2·d)`). */
  readonly initialDesign?: number;
  /** Settings of the acquisition maximiser. */
  readonly maximize?: MaximizeOptions;
  /** What the acquisition improves on: `best-observed` (default) or `best-mean` (see {@link IncumbentRule}). */
  readonly incumbent?: IncumbentRule;
  /**
   * Search a trust region around the incumbent, with the surrogate conditioned in the region's frame: `true` for
   * the default settings, some settings to change, or `false` for the whole space (default: on for the neural
   * processes, which it lets resolve the objective near its optimum, off for the GP; see `TrustRegion`).
   * The region is stretched along each coordinate by a GP's fitted lengthscales (TuRBO's box) unless
   * `{ shaped: false }`.
   */
  readonly trustRegion?: boolean | Partial<TrustRegionSettings>;
  /** Receives warnings (fallbacks to design points, ignored input). */
  readonly onWarning?: (message: string) => void;
}

/**
 * Ask/tell Bayesian optimisation: `ask(n)` returns suggestions with ids, `tell(id, value)` records results
 * (an `Error` or `{ error }` marks a failed evaluation), `best`, `trials`, `toJSON()` and
 * {@link Optimizer.fromJSON} to resume.
 */
export class Optimizer extends AskTellLoop {
  /** An optimizer for `options.space` with the chosen components. */
  constructor(options: OptimizerOptions & { readonly resume?: OptimizerState }) {
    super({
      space: options.space,
      surrogate: (context) => createSurrogate(options.surrogate ?? DEFAULT_SURROGATE, context, { onWarning: options.onWarning }),
      acquisition: createAcquisition(options.acquisition ?? DEFAULT_ACQUISITION),
      maximize: createMaximizer(options.maximize),
      incumbent: options.incumbent,
      trustRegion: options.trustRegion,
      regionShaper: gpRegionShaper,
      seed: options.seed,
      budget: options.budget,
      initialDesign: options.initialDesign,
      onWarning: options.onWarning,
      resume: options.resume,
    });
  }

  /**
   * Continues a run saved with `toJSON()`. The surrogate, acquisition, incumbent rule and trust region recorded in
   * the state are used unless `options` gives others.
   */
  static fromJSON(state: OptimizerState, options: Partial<Omit<OptimizerOptions, 'space' | 'seed'>> = {}): Optimizer {
    return new Optimizer({
      surrogate: state?.surrogate as SurrogateChoice,
      acquisition: state?.acquisition as AcquisitionChoice,
      ...options,
      space: state?.space,
      resume: state,
    });
  }
}
