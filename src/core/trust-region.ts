/**
 * Trust regions (TuRBO, Eriksson et al. 2019) with the surrogate conditioned in the region's own frame.
 *
 * A neural process predicts to within a roughly fixed fraction of the spread of its data: a few per cent of the
 * objective's range when it sees the whole space, far too coarse to tell points near the optimum apart. Searching a
 * box around the incumbent and rescaling that box (and a frame around it holding enough observations) to the unit
 * cube hands the surrogate a small, smooth problem at the scale it was trained on, so its resolution follows the box
 * down. The box's side starts at {@link TrustRegionSettings.initialLength}, doubles after `successTolerance`
 * improvements in a row and halves after `failureTolerance` evaluations in a row without one; below `minLength` it
 * starts again at the initial length. Its length is replayed from the trial history, so a resumed run continues
 * exactly. Only continuous coordinates are framed: integer and categorical ones keep their whole range.
 *
 * A shaped region (TuRBO's anisotropic box) stretches each side by the coordinate's relative lengthscale, as a
 * {@link RegionShaper} estimates it from the observations, keeping the box's volume: the box reaches further along
 * coordinates the objective barely changes on, and the frame, mapped onto the unit cube, shows the surrogate an
 * objective about as smooth along every coordinate, which a model meta-trained on mildly anisotropic functions
 * can fit.
 */

import { DUPLICATE_TOLERANCE, snapPoint } from './space.js';
import type { DifferentiablePosterior, EncodedDimension, Point, Posterior, SearchStyle, Surrogate, SurrogateContext } from './types.js';
import type { Rng } from './rng.js';

/** How a trust region grows and shrinks. */
export interface TrustRegionSettings {
  /** Side of the box (unit-cube units) at the start and after a restart. */
  readonly initialLength: number;
  /** The box restarts at the initial length when halving would take it below this. */
  readonly minLength: number;
  /** The box never grows beyond this. */
  readonly maxLength: number;
  /** Improvements in a row after which the box doubles. */
  readonly successTolerance: number;
  /** Evaluations in a row without an improvement after which the box halves. */
  readonly failureTolerance: number;
  /** An improvement must beat the best value by this fraction of its magnitude. */
  readonly improvementFraction: number;
  /** The frame the surrogate sees grows beyond the box until it holds at least this many observations. */
  readonly contextPoints: number;
  /**
   * Stretch each side of the box by the coordinate's relative lengthscale (needs a {@link RegionShaper}; default:
   * shaped when the loop has one, as the package's `Optimizer` always does).
   */
  readonly shaped: boolean;
  /**
   * The most a shaped box's side may be stretched or squeezed against the cube of the same volume: stronger
   * anisotropy is damped (every log-ratio scaled down alike, keeping the order and the volume), since a lengthscale
   * fitted to a few dozen points of a multimodal objective can be far off and a box squeezed flat along a
   * coordinate cannot leave a local minimum along it.
   */
  readonly maxStretch: number;
}

/**
 * Estimates a lengthscale per coordinate (any common unit: only their ratios count) of the objective behind the
 * observations `X` (unit-cube points) and `y`, or undefined when it cannot tell (the region is then a cube).
 */
export type RegionShaper = (X: readonly Point[], y: Float64Array) => Promise<Float64Array | undefined>;

/** Builds the {@link RegionShaper} of a loop for its space and seed. */
export type RegionShaperFactory = (context: SurrogateContext) => RegionShaper;

/**
 * The default `maxStretch`, which leaves the shape undamped: the package's GP shaper fits lengthscales in
 * [10⁻³, 10³], so none of its sides strays from the cube's by a factor of 10⁶.
 */
export const UNCAPPED_STRETCH = 1e6;

/**
 * The settings used for a `d`-dimensional space unless some are given: TuRBO's, except a smaller minimum side
 * (2⁻¹² rather than 2⁻⁷, so that a model's resolution can follow the box further), with a 10-point frame; the box
 * is `shaped` by the lengthscales when the loop can estimate them, a cube otherwise.
 */
export function defaultTrustRegionSettings(dimension: number, shaped = false): TrustRegionSettings {
  return {
    initialLength: 0.8,
    minLength: 2 ** -12,
    maxLength: 1.6,
    successTolerance: 3,
    failureTolerance: Math.max(4, dimension),
    improvementFraction: 1e-3,
    contextPoints: 10,
    shaped,
    maxStretch: UNCAPPED_STRETCH,
  };
}

/**
 * The defaults for `dimension` (shaped or not by default, see {@link defaultTrustRegionSettings}) with `given`
 * applied, checked; throws an error naming the field (`trustRegion.…`) and the problem.
 */
export function resolveTrustRegionSettings(given: Partial<TrustRegionSettings>, dimension: number, shaped = false): TrustRegionSettings {
  const settings = { ...defaultTrustRegionSettings(dimension, shaped), ...given };
  for (const key of ['initialLength', 'minLength', 'maxLength'] as const) {
    const value = settings[key];
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`trustRegion.${key}: must be a finite number > 0 (got ${value})`);
  }
  const fraction = settings.improvementFraction;
  if (!(Number.isFinite(fraction) && fraction >= 0)) throw new RangeError(`trustRegion.improvementFraction: must be a finite number >= 0 (got ${fraction})`);
  for (const key of ['successTolerance', 'failureTolerance', 'contextPoints'] as const) {
    const value = settings[key];
    if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`trustRegion.${key}: must be an integer >= 1 (got ${value})`);
  }
  if (!(Number.isFinite(settings.maxStretch) && settings.maxStretch >= 1)) {
    throw new RangeError(`trustRegion.maxStretch: must be a finite number >= 1 (got ${settings.maxStretch})`);
  }
  if (typeof settings.shaped !== 'boolean') throw new RangeError(`trustRegion.shaped: must be true or false (got ${JSON.stringify(settings.shaped)})`);
  if (!(settings.minLength < settings.initialLength && settings.initialLength <= settings.maxLength)) {
    throw new RangeError(
      `trustRegion: need minLength < initialLength <= maxLength (got ${settings.minLength}, ${settings.initialLength}, ${settings.maxLength})`,
    );
  }
  return settings;
}

/**
 * The side of the box after the evaluations `values` (complete trials, in the order they were asked), of which the
 * first `designCount` belong to the initial design and only set the starting best value.
 */
export function trustRegionLength(values: readonly number[], designCount: number, settings: TrustRegionSettings): number {
  let length = settings.initialLength;
  let best = Math.min(...values.slice(0, designCount));
  let successes = 0;
  let failures = 0;
  for (const value of values.slice(designCount)) {
    if (value < best - settings.improvementFraction * Math.abs(best)) {
      successes++;
      failures = 0;
    } else {
      failures++;
      successes = 0;
    }
    best = Math.min(best, value);
    if (successes === settings.successTolerance) {
      length = Math.min(settings.maxLength, 2 * length);
      successes = 0;
    }
    if (failures === settings.failureTolerance) {
      length /= 2;
      if (length < settings.minLength) length = settings.initialLength;
      failures = 0;
    }
  }
  return length;
}

/** Whether a region over `dims` can be shaped: with fewer than two continuous coordinates every box is a cube. */
export function canShapeRegion(dims: readonly EncodedDimension[]): boolean {
  return dims.filter((d) => d.kind === 'continuous').length >= 2;
}

/**
 * The relative side of the box along each coordinate from estimated `lengthscales`: proportional to them on the
 * continuous coordinates, with geometric mean 1 there (the box keeps the volume of the cube of the same length),
 * and 1 elsewhere. When a side would be stretched or squeezed by more than `maxStretch`, every log-ratio is scaled
 * down by the same factor until none is. Non-finite or non-positive estimates give a cube.
 */
export function regionScales(lengthscales: Float64Array, dims: readonly EncodedDimension[], maxStretch = UNCAPPED_STRETCH): Float64Array {
  const continuous = dims.flatMap((d, j) => (d.kind === 'continuous' ? [j] : []));
  const usable = lengthscales.length === dims.length && continuous.every((j) => Number.isFinite(lengthscales[j]) && lengthscales[j] > 0);
  if (!usable || continuous.length === 0) return new Float64Array(dims.length).fill(1);
  const meanLog = continuous.reduce((sum, j) => sum + Math.log(lengthscales[j]), 0) / continuous.length;
  const logRatio = (j: number): number => Math.log(lengthscales[j]) - meanLog;
  const widest = Math.max(...continuous.map((j) => Math.abs(logRatio(j))));
  const damping = widest > Math.log(maxStretch) ? Math.log(maxStretch) / widest : 1;
  return Float64Array.from(dims, (d, j) => (d.kind === 'continuous' ? Math.exp(damping * logRatio(j)) : 1));
}

/** How many observations, the nearest to the incumbent, a {@link RegionShaper} is given: a bounded cost at any budget. */
export const REGION_SHAPE_POINTS = 32;

/** The `count` observations nearest `center` (Euclidean distance in the unit cube; ties keep their order). */
export function nearestObservations(X: readonly Point[], y: Float64Array, center: Point, count = REGION_SHAPE_POINTS): FramedData {
  const distance = (x: Point): number => x.reduce((sum, u, j) => sum + (u - center[j]) ** 2, 0);
  const order = X.map((x, i) => ({ i, d: distance(x) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, count)
    .map(({ i }) => i);
  return { X: order.map((i) => X[i]), y: Float64Array.from(order, (i) => y[i]) };
}

/** An axis-aligned box of the unit cube, with the affine map between it and the unit cube. */
class Box {
  constructor(
    readonly lower: Float64Array,
    readonly upper: Float64Array,
  ) {}

  /**
   * The box of half-width `halfWidth·scales[j]` around `center` on each continuous coordinate j (whole range
   * elsewhere), cut to the cube.
   */
  static around(center: Point, halfWidth: number, scales: Float64Array, dims: readonly EncodedDimension[]): Box {
    const framed = (j: number): boolean => dims[j].kind === 'continuous';
    return new Box(
      Float64Array.from(center, (c, j) => (framed(j) ? Math.max(0, c - halfWidth * scales[j]) : 0)),
      Float64Array.from(center, (c, j) => (framed(j) ? Math.min(1, c + halfWidth * scales[j]) : 1)),
    );
  }

  /**
   * Whether `point` is in the box or within `DUPLICATE_TOLERANCE` of it: a point on an edge (a past proposal at the
   * edge of the same box, say) must count as inside however its coordinates round.
   */
  contains(point: Point): boolean {
    return point.every((u, j) => u >= this.lower[j] - DUPLICATE_TOLERANCE && u <= this.upper[j] + DUPLICATE_TOLERANCE);
  }

  /** Unit-cube coordinates of the box → coordinates of the whole cube. */
  fromUnit(point: Point): Point {
    return Float64Array.from(point, (t, j) => this.lower[j] + t * (this.upper[j] - this.lower[j]));
  }

  /** Coordinates of the whole cube → unit-cube coordinates of the box (clamped to it). */
  toUnit(point: Point): Point {
    return Float64Array.from(point, (u, j) => Math.min(1, Math.max(0, (u - this.lower[j]) / (this.upper[j] - this.lower[j]))));
  }
}

/** Observations shown to the surrogate in a trust region's frame. */
export interface FramedData {
  /** The points, in frame coordinates. */
  readonly X: Point[];
  /** Their values (raw units). */
  readonly y: Float64Array;
}

/**
 * A trust region at one step: the box the acquisition searches and the larger frame the surrogate is conditioned
 * in. Acquisitions see the box as the unit cube ("box coordinates"); the surrogate sees the frame as the unit cube.
 */
export class TrustRegion {
  private constructor(
    private readonly box: Box,
    private readonly frame: Box,
    private readonly dims: readonly EncodedDimension[],
  ) {}

  /**
   * The region of side `length·scales[j]` along each coordinate j around `center` (the incumbent), whose frame
   * (of the same proportions) grows beyond the box until it holds `contextPoints` of the `observed` points (or all
   * of them). Without `scales` the box is a cube.
   */
  static around(
    center: Point,
    length: number,
    observed: readonly Point[],
    dims: readonly EncodedDimension[],
    contextPoints: number,
    scales: Float64Array = new Float64Array(dims.length).fill(1),
  ): TrustRegion {
    const distances = observed
      .map((x) => x.reduce((far, u, j) => (dims[j].kind === 'continuous' ? Math.max(far, Math.abs(u - center[j]) / scales[j]) : far), 0))
      .sort((a, b) => a - b);
    // The slight margin keeps the farthest of those points inside despite rounding.
    const reach = distances.length === 0 ? 0 : distances[Math.min(contextPoints, distances.length) - 1] * (1 + 1e-9);
    return new TrustRegion(Box.around(center, length / 2, scales, dims), Box.around(center, Math.max(length / 2, reach), scales, dims), dims);
  }

  /** The observations inside the frame, in frame coordinates, for conditioning the surrogate. */
  frameData(X: readonly Point[], y: Float64Array): FramedData {
    const inside = X.flatMap((x, i) => (this.frame.contains(x) ? [i] : []));
    return { X: inside.map((i) => this.frame.toUnit(X[i])), y: Float64Array.from(inside, (i) => y[i]) };
  }

  /** The points inside the frame, in frame coordinates (fantasies of pending points). */
  framePoints(points: readonly Point[]): Point[] {
    return points.filter((x) => this.frame.contains(x)).map((x) => this.frame.toUnit(x));
  }

  /** Box coordinates of the points inside the box (observed and excluded points, for the acquisition). */
  boxPoints(points: readonly Point[]): Point[] {
    return points.filter((x) => this.box.contains(x)).map((x) => this.box.toUnit(x));
  }

  /**
   * The distance in box coordinates under which a proposal duplicates a point of the cube: `DUPLICATE_TOLERANCE`
   * over the box's shortest side, so that what the acquisition avoids is what the loop refuses.
   */
  duplicateTolerance(): number {
    const shortest = Math.min(...this.box.upper.map((u, j) => u - this.box.lower[j]));
    return DUPLICATE_TOLERANCE / shortest;
  }

  /** A point in box coordinates → the whole cube, snapped to the space's grid. */
  fromBox(point: Point): Point {
    return snapPoint(this.box.fromUnit(point), this.dims);
  }

  /** A point in box coordinates → frame coordinates. */
  boxToFrame(point: Point): Point {
    return this.frame.toUnit(this.box.fromUnit(point));
  }

  /** ∂(frame coordinate)/∂(box coordinate) per coordinate. */
  boxToFrameScale(): Float64Array {
    return Float64Array.from(this.box.lower, (_, j) => (this.box.upper[j] - this.box.lower[j]) / (this.frame.upper[j] - this.frame.lower[j]));
  }

  /** `surrogate` (conditioned in frame coordinates) as seen from box coordinates. */
  boxView(surrogate: Surrogate): Surrogate {
    return new BoxView(surrogate, this);
  }
}

/** A frame-conditioned surrogate queried in box coordinates; gradients follow the chain rule. */
class BoxView implements Surrogate {
  readonly name: string;
  readonly searchStyle?: SearchStyle;
  readonly posteriorWithGradient?: (Xq: readonly Point[]) => Promise<DifferentiablePosterior>;

  constructor(
    private readonly inner: Surrogate,
    private readonly region: TrustRegion,
  ) {
    this.name = inner.name;
    this.searchStyle = inner.searchStyle;
    if (inner.posteriorWithGradient) {
      const differentiable = inner.posteriorWithGradient.bind(inner);
      this.posteriorWithGradient = async (Xq) => {
        const posterior = await differentiable(this.toFrame(Xq));
        const scale = region.boxToFrameScale();
        return {
          mean: posterior.mean,
          std: posterior.std,
          pullback: async (gMean, gStd) => (await posterior.pullback(gMean, gStd)).map((g) => g.map((v, j) => v * scale[j])),
        };
      };
    }
  }

  private toFrame(Xq: readonly Point[]): Point[] {
    return Xq.map((x) => this.region.boxToFrame(x));
  }

  condition(): Promise<void> {
    return Promise.reject(new Error('a trust-region view is conditioned through the surrogate it wraps'));
  }

  posterior(Xq: readonly Point[]): Promise<Posterior> {
    return this.inner.posterior(this.toFrame(Xq));
  }

  sample(Xq: readonly Point[], nSamples: number, rng: Rng): Promise<Float64Array[]> {
    return this.inner.sample(this.toFrame(Xq), nSamples, rng);
  }
}
