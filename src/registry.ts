/**
 * The built-in registry: the only place that knows the concrete surrogates and acquisitions, and maps their
 * public names (architecture.md) to instances.
 */

import { ExpectedImprovement, LogExpectedImprovement, ProbabilityOfImprovement, ThompsonSampling, UpperConfidenceBound } from '../acquisition/index.js';
import { GaussianProcess } from '../surrogates/gp/index.js';
import { RandomSearch } from '../surrogates/random.js';
import type { Acquisition, Surrogate, SurrogateContext, SurrogateFactory } from './core/types.js';
import { createShippedSurrogate } from './shipped-surrogate.js';
import { NP_SURROGATE_NAMES, ShippedWeightsError, type NpSurrogateName } from './shipped-weights.js';

/** Every surrogate name of the public contract. */
export const SURROGATE_NAMES = ['gp', ...NP_SURROGATE_NAMES, 'random'] as const;
/** Every acquisition name of the public contract. */
export const ACQUISITION_NAMES = ['logei', 'ei', 'pi', 'ucb', 'ts'] as const;

/** A surrogate name of the public contract. */
export type SurrogateName = (typeof SURROGATE_NAMES)[number];
/** An acquisition name of the public contract. */
export type AcquisitionName = (typeof ACQUISITION_NAMES)[number];

/**
 * The surrogate used when none is given. The contract makes `tnp-kr` the default once its shipped weights
 * optimise at least about as well as the GP (docs/benchmarks/bo.md); until then the exact GP serves.
 */
export const DEFAULT_SURROGATE: SurrogateName = 'gp';
/** The acquisition used when none is given. */
export const DEFAULT_ACQUISITION: AcquisitionName = 'logei';

/** A surrogate given by name, as an instance, or as a factory of the space. */
export type SurrogateChoice = SurrogateName | Surrogate | SurrogateFactory;
/** An acquisition given by name or as an instance. */
export type AcquisitionChoice = AcquisitionName | Acquisition;

/** Raised for an unknown or unavailable component name; the message names the field and the valid names. */
export class RegistryError extends Error {
  /** Error class name. */
  override readonly name = 'RegistryError';
}

/** Settings of {@link createSurrogate}. */
export interface CreateSurrogateOptions {
  /** Receives warnings (a neural process that cannot serve the space falls back to the GP). */
  readonly onWarning?: (message: string) => void;
  /** Folder of the neural processes' weights (default: the package's `surrogates/weights`). */
  readonly weightsDir?: string;
}

const builtInFactories: Partial<Record<SurrogateName, SurrogateFactory>> = {
  gp: (context) => new GaussianProcess(context),
  random: () => new RandomSearch(),
};

const acquisitionFactories: Record<AcquisitionName, () => Acquisition> = {
  logei: () => new LogExpectedImprovement(),
  ei: () => new ExpectedImprovement(),
  pi: () => new ProbabilityOfImprovement(),
  ucb: () => new UpperConfidenceBound(),
  ts: () => new ThompsonSampling(),
};

/**
 * Builds the surrogate `choice` for a space. Neural-process names are served from the shipped weights (loaded on
 * first use; a space they cannot serve falls back to the GP with a warning). Throws {@link RegistryError} for an
 * unknown name or missing or corrupt weights, naming the file.
 */
export function createSurrogate(choice: SurrogateChoice, context: SurrogateContext, options: CreateSurrogateOptions = {}): Surrogate {
  if (typeof choice === 'function') return choice(context);
  if (typeof choice === 'object' && choice !== null) return choice;
  if (!(SURROGATE_NAMES as readonly unknown[]).includes(choice)) {
    throw new RegistryError(`surrogate: unknown name ${JSON.stringify(choice)}; expected one of ${SURROGATE_NAMES.join(', ')}`);
  }
  const factory = builtInFactories[choice];
  if (factory) return factory(context);
  try {
    return createShippedSurrogate(choice as NpSurrogateName, context, { ...options, fallback: (space) => new GaussianProcess(space) });
  } catch (error) {
    if (error instanceof ShippedWeightsError) throw new RegistryError(`surrogate: "${choice}" cannot be used: ${error.message}`);
    throw error;
  }
}

/** Builds the acquisition `choice`; throws {@link RegistryError} for unknown names. */
export function createAcquisition(choice: AcquisitionChoice): Acquisition {
  if (typeof choice === 'object' && choice !== null) return choice;
  const factory = (acquisitionFactories as Record<string, (() => Acquisition) | undefined>)[choice];
  if (!factory) throw new RegistryError(`acquisition: unknown name ${JSON.stringify(choice)}; expected one of ${ACQUISITION_NAMES.join(', ')}`);
  return factory();
}
