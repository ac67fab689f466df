/**
 * The interfaces every layer of tnpbo speaks: points of the unit cube, surrogates that predict the objective
 * there, and acquisitions that score candidate points. `src/core` defines them; `surrogates/` and
 * `acquisition/` implement them; the facade wires concrete ones together.
 *
 * Conventions: a point is a `Float64Array` of length `d` with every coordinate in `[0, 1]`; a set of points is
 * a `readonly Float64Array[]`. Objective values are raw (original units); the toolkit minimises.
 */

import type { Rng } from './rng.js';

/** A point of the unit cube `[0,1]^d`. */
export type Point = Float64Array;

/** How one coordinate of the unit cube encodes a search-space parameter. */
export type EncodedDimension =
  | {
      /** A real coordinate: any value of `[0,1]` is valid. */
      readonly kind: 'continuous';
    }
  /**
   * An ordered discrete parameter (int, or float with a step) relaxed to `[0,1]`. `values` holds the encoded
   * coordinate of every allowed value, ascending; a coordinate decodes to the nearest of them.
   */
  | {
      /** An ordered discrete coordinate. */
      readonly kind: 'integer';
      /** Encoded coordinate of every allowed value, ascending. */
      readonly values: readonly number[];
    }
  /**
   * An unordered parameter; choice `i` is encoded at `values[i] = (i + 0.5) / k`. Distances between choices
   * carry no meaning: models should compare them by equality.
   */
  | {
      /** An unordered discrete coordinate. */
      readonly kind: 'categorical';
      /** Encoded coordinate of every choice, in declaration order. */
      readonly values: readonly number[];
    };

/** Marginal predictive of the latent objective at a set of query points, in raw output units. */
export interface Posterior {
  /** Predictive mean per query point. */
  readonly mean: Float64Array;
  /** Predictive standard deviation per query point (always finite and > 0). */
  readonly std: Float64Array;
}

/**
 * A posterior that can also pull gradients back to the query points. Each query point's mean and std depend
 * only on that point, so the pullback of upstream seeds `gMean`, `gStd` is, per point `i`,
 * `gMean[i]·∂μ_i/∂x_i + gStd[i]·∂σ_i/∂x_i` (a length-`d` vector).
 */
export interface DifferentiablePosterior extends Posterior {
  /** Vector-Jacobian product of (mean, std) with the given upstream seeds; one gradient per query point. */
  pullback(gMean: Float64Array, gStd: Float64Array): Promise<Float64Array[]>;
}

/** What a surrogate is told about the space it models, once, before it sees data. */
export interface SurrogateContext {
  /** One entry per unit-cube coordinate. */
  readonly dims: readonly EncodedDimension[];
  /** Seed for every random choice the surrogate makes (restarts, initialisation, sampling). */
  readonly seed: string;
}

/**
 * What kind of acquisition search suits a surrogate's costs. `gradient`: a posterior call costs in proportion
 * to its points, so multi-start L-BFGS-B, a few points per call with gradients, is cheap (the GP). `batched`:
 * every call has a large fixed cost and extra points are almost free (neural processes on TensorFlow.js), so a
 * derivative-free search in a few large calls is faster for the same quality.
 */
export type SearchStyle = 'gradient' | 'batched';

/** Every {@link SearchStyle}. */
export const SEARCH_STYLES: readonly SearchStyle[] = ['gradient', 'batched'];

/** A probabilistic model of the objective on the unit cube. */
export interface Surrogate {
  /** Registry name, e.g. `gp`. */
  readonly name: string;
  /**
   * True for a surrogate that carries no information about the objective (random search): the loop then keeps
   * drawing points from its space-filling design instead of maximising an acquisition.
   */
  readonly modelFree?: boolean;
  /** How acquisition maximisers should search this surrogate (default `gradient`; see {@link SearchStyle}). */
  readonly searchStyle?: SearchStyle;
  /**
   * True for a surrogate that the loop should run in a trust region unless told otherwise: one that resolves the
   * objective only to a fraction of its data's spread, as neural processes do (see `TrustRegion`). Default false.
   */
  readonly prefersTrustRegion?: boolean;
  /** Replace the observed data (finite values only) and refit as the surrogate sees fit. */
  condition(X: readonly Point[], y: Float64Array): Promise<void>;
  /**
   * Add observations (real or fantasised) without refitting hyper-parameters. Used for pending points in
   * batches. When absent, the loop calls `condition` with the augmented data instead.
   */
  append?(X: readonly Point[], y: Float64Array): Promise<void>;
  /** Marginal predictive of the latent objective at `Xq`. */
  posterior(Xq: readonly Point[]): Promise<Posterior>;
  /** Like {@link Surrogate.posterior}, with gradients with respect to the query points. */
  posteriorWithGradient?(Xq: readonly Point[]): Promise<DifferentiablePosterior>;
  /** `nSamples` joint samples of the latent objective over `Xq`, each of length `Xq.length`. */
  sample(Xq: readonly Point[], nSamples: number, rng: Rng): Promise<Float64Array[]>;
  /** Serialisable state that lets a resumed run continue exactly (e.g. fitted hyper-parameters). */
  saveState?(): unknown;
  /** Restore what {@link Surrogate.saveState} returned. */
  loadState?(state: unknown): void;
}

/** Builds a surrogate for a given space; the facade's registry maps names to these. */
export type SurrogateFactory = (context: SurrogateContext) => Surrogate;

/** Acquisition values with their derivatives with respect to the posterior mean and std. */
export interface AcquisitionValues {
  /** Acquisition value per point (larger is better). */
  readonly value: Float64Array;
  /** ∂value/∂mean per point. */
  readonly dMean: Float64Array;
  /** ∂value/∂std per point. */
  readonly dStd: Float64Array;
}

/** An acquisition that is a closed-form function of the marginal posterior (EI, log-EI, PI, UCB). */
export interface AnalyticAcquisition {
  /** Registry name, e.g. `logei`. */
  readonly name: string;
  /** Discriminates analytic acquisitions from sampling ones. */
  readonly kind: 'analytic';
  /** Acquisition values (larger is better) for minimisation with best observed value `incumbent`. */
  score(posterior: Posterior, incumbent: number): Float64Array;
  /** Values and their derivatives with respect to mean and std, for gradient-based maximisation. */
  scoreWithGradient(posterior: Posterior, incumbent: number): AcquisitionValues;
}

/**
 * What improvement-based acquisitions improve on (bo.md §5): `best-observed`, the smallest observed value, or
 * `best-mean`, the smallest posterior mean at the observed points. The second suits surrogates that do not
 * interpolate their data (noisy objectives, or a neural process whose own noise estimate stays above zero):
 * against the best observed value such a model sees little improvement anywhere near it and drifts away.
 */
export type IncumbentRule = 'best-observed' | 'best-mean';

/** Every {@link IncumbentRule}. */
export const INCUMBENT_RULES: readonly IncumbentRule[] = ['best-observed', 'best-mean'];

/** The incumbent rule unless configured (bo.md §5). */
export const DEFAULT_INCUMBENT: IncumbentRule = 'best-observed';

/**
 * The rule of records that do not name one (saved states, run folders and benchmark runs written before the rule
 * was recorded): they all used `best-observed`, whatever {@link DEFAULT_INCUMBENT} becomes.
 */
export const LEGACY_INCUMBENT: IncumbentRule = 'best-observed';

/** Everything an acquisition needs to choose points. */
export interface SelectionContext {
  /** The surrogate, already conditioned on the data (and on pending fantasies). */
  readonly surrogate: Surrogate;
  /** The coordinates of the unit cube. */
  readonly dims: readonly EncodedDimension[];
  /** Observed points (finite values only), best first. */
  readonly observed: readonly Point[];
  /** The value to improve on (raw units): the best observed value, or the best posterior mean (see {@link IncumbentRule}). */
  readonly incumbent: number;
  /** Points that must not be proposed again (observed and pending), snapped with `snapPoint`. */
  readonly exclude: readonly Point[];
  /**
   * How close (L∞) to a point of `exclude` a proposal counts as that point (default `DUPLICATE_TOLERANCE`); larger
   * when the acquisition sees a trust region's box as the unit cube.
   */
  readonly duplicateTolerance?: number;
  /** Random stream for this selection. */
  readonly rng: Rng;
}

/** An acquisition that chooses points by sampling the surrogate (Thompson sampling). */
export interface SamplingAcquisition {
  /** Registry name, e.g. `ts`. */
  readonly name: string;
  /** Discriminates sampling acquisitions from analytic ones. */
  readonly kind: 'sampling';
  /** Choose `q` distinct valid (snapped) points of the unit cube, none of them in `context.exclude`. */
  select(context: SelectionContext, q: number): Promise<Point[]>;
}

/** Any acquisition. */
export type Acquisition = AnalyticAcquisition | SamplingAcquisition;

/**
 * Finds the maximiser of an analytic acquisition over the unit cube: a valid (snapped) point that is not in
 * `context.exclude`. The loop receives it from the facade (the default lives in `acquisition/maximize.ts`).
 */
export type AcquisitionMaximizer = (acquisition: AnalyticAcquisition, context: SelectionContext) => Promise<Point>;
