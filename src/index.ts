/**
 * tnpbo: Bayesian optimisation with Transformer Neural Process and Gaussian-process surrogates.
 *
 * ```ts
 * import { minimize, float, int, categorical } from 'tnpbo';
 * const result = await minimize(({ x, y }) => (x as number) ** 2 + (y as number) ** 2, {
 *   space: { x: float(-5, 5), y: float(-5, 5) }, budget: 30, seed: 0,
 * });
 * ```
 */

export { minimize, type MinimizeOptions, type MinimizeResult, type Objective } from './minimize.js';
export { Optimizer, type OptimizerOptions } from './optimizer.js';
export { OptimizerError, type BestTrial, type Outcome, type OptimizerState, type Suggestion, type Trial } from './core/optimizer.js';
export {
  categorical,
  float,
  int,
  SearchSpace,
  SearchSpaceError,
  type CategoricalParam,
  type FloatParam,
  type IntParam,
  type NumericOptions,
  type Params,
  type ParamSpec,
  type ParamValue,
  type SpaceSpec,
} from './core/space.js';
export { Rng } from './core/rng.js';
export { defaultTrustRegionSettings, TrustRegion, trustRegionLength, type FramedData, type TrustRegionSettings } from './core/trust-region.js';
export type * from './core/types.js';
export { DEFAULT_INCUMBENT, INCUMBENT_RULES, SEARCH_STYLES } from './core/types.js';
export {
  ACQUISITION_NAMES,
  createAcquisition,
  createSurrogate,
  DEFAULT_ACQUISITION,
  DEFAULT_SURROGATE,
  RegistryError,
  SURROGATE_NAMES,
  type AcquisitionChoice,
  type AcquisitionName,
  type CreateSurrogateOptions,
  type SurrogateChoice,
  type SurrogateName,
} from './registry.js';
export { WEIGHTS_DIR_ENV_VAR } from './shipped-weights.js';
export { getProblem, problemNames, problemSpace, type Problem } from './problems/index.js';
export {
  commandObjective,
  expressionObjective,
  formatSpace,
  moduleObjective,
  ObjectiveError,
  parseSpace,
  type CommandOptions,
  type ExpressionObjective,
  type ModuleReference,
} from './objectives/index.js';
