/**
 * The ask/tell optimisation loop. It owns the trial history, the space-filling initial design, pending points
 * and resume; a surrogate, an acquisition and an acquisition maximiser are plugged in.
 *
 * Each `ask` conditions the surrogate on every finite observation (only those of the trust region's frame, in the
 * frame's coordinates, when the loop has one: see `trust-region.ts`), adds every pending point (asked, not yet
 * told) as a fantasy at the constant-liar value (the best observed value), then chooses the batch greedily:
 * one point at a time for analytic acquisitions (each fantasised before the next), all at once for sampling
 * ones. Failed evaluations stay in the history and never reach the surrogate. A surrogate or maximiser that
 * fails falls back to the next design point with a warning, so a run never ends on a modelling error.
 */

import { Rng } from './rng.js';
import { SobolSequence } from './sobol.js';
import { SearchSpace, containsPoint, snapPoint, type Params, type SpaceSpec } from './space.js';
import {
  TrustRegion,
  canShapeRegion,
  nearestObservations,
  regionScales,
  UNCAPPED_STRETCH,
  resolveTrustRegionSettings,
  trustRegionLength,
  type RegionShaper,
  type RegionShaperFactory,
  type TrustRegionSettings,
} from './trust-region.js';
import { DEFAULT_INCUMBENT, INCUMBENT_RULES, LEGACY_INCUMBENT, type Acquisition, type AcquisitionMaximizer, type IncumbentRule, type Point, type SelectionContext, type Surrogate, type SurrogateFactory } from './types.js';

/** Raised for misuse of the loop (bad options, unknown or already-told trial ids). Names the field. */
export class OptimizerError extends Error {
  /** Error class name. */
  override readonly name = 'OptimizerError';
}

/** One evaluation of the objective, in the order it was asked. */
export interface Trial {
  /** Identifier returned by `ask`, used by `tell`. */
  readonly id: number;
  /** The point in user units. */
  readonly params: Params;
  /** `pending` until told; `failed` when the evaluation threw or returned a non-finite value. */
  status: 'pending' | 'complete' | 'failed';
  /** The objective value (complete trials only). */
  value?: number;
  /** Why the evaluation failed (failed trials only). */
  error?: string;
  /** Wall-clock seconds of the evaluation, when the caller reported it. */
  seconds?: number;
  /** Wall-clock seconds spent choosing this point (its share of the `ask` call). */
  readonly suggestSeconds: number;
  /** How the point was chosen: `design` (initial space-filling design), `model`, `fallback` or `user`. */
  readonly source: 'design' | 'model' | 'fallback' | 'user';
}

/** The best complete trial's point and value. */
export interface BestTrial {
  /** The point in user units. */
  readonly params: Params;
  /** Its objective value. */
  readonly value: number;
}

/** A suggestion returned by `ask`. */
export interface Suggestion {
  /** Pass this id to `tell`. */
  readonly id: number;
  /** The point to evaluate, in user units. */
  readonly params: Params;
}

/** The outcome of an evaluation, as given to `tell`. */
export type Outcome =
  | number
  | Error
  | {
      /** Why the evaluation failed. */
      readonly error: string;
    };

/** The components and settings of a loop. */
export interface OptimizerConfig {
  /** The search space (not needed when resuming). */
  readonly space?: SpaceSpec;
  /** The surrogate model (conditioned by the loop), or a factory the loop calls with the space and a seed. */
  readonly surrogate: Surrogate | SurrogateFactory;
  /** The acquisition. */
  readonly acquisition: Acquisition;
  /** Maximises analytic acquisitions (required unless `acquisition` is a sampling one). */
  readonly maximize?: AcquisitionMaximizer;
  /** What the acquisition improves on (default {@link DEFAULT_INCUMBENT}). */
  readonly incumbent?: IncumbentRule;
  /** Root seed of every random choice (default 0). */
  readonly seed?: number | string;
  /** Total evaluations planned; caps the initial design at half of it. */
  readonly budget?: number;
  /** Size of the initial design (default `max(5, 2·d)`, capped at `ceil(budget/2)`). */
  readonly initialDesign?: number;
  /**
   * Search a trust region around the incumbent and condition the surrogate in its frame (see
   * {@link TrustRegion}): `true` for the default settings (on a resumed run that had one, its own settings), or
   * some settings to change. Default: on with the default settings for a surrogate that
   * {@link Surrogate.prefersTrustRegion | prefers one} (the neural processes), off for the others; a resumed run
   * keeps what it used (off for states written before trust regions existed).
   */
  readonly trustRegion?: boolean | Partial<TrustRegionSettings>;
  /**
   * Estimates the lengthscales a shaped trust region follows (`trustRegion.shaped`, the default when this is
   * given; required then); the loop calls it with the space and a seed of its own.
   */
  readonly regionShaper?: RegionShaperFactory;
  /** Receives warnings (fallbacks, ignored input); default: none. */
  readonly onWarning?: (message: string) => void;
  /**
   * A state from {@link AskTellLoop.toJSON} to continue: its space, seed, design size and history replace
   * `space`, `seed` and `initialDesign`.
   */
  readonly resume?: OptimizerState;
}

/** The JSON form of a loop's state (see {@link AskTellLoop.toJSON}). */
export interface OptimizerState {
  /** Format version. */
  readonly version: 1;
  /** The search space. */
  readonly space: SpaceSpec;
  /** Name of the surrogate the run used. */
  readonly surrogate: string;
  /** Name of the acquisition the run used. */
  readonly acquisition: string;
  /** The incumbent rule of the run (absent in states written before it existed: `best-observed`). */
  readonly incumbent?: IncumbentRule;
  /** The trust region's settings, when the run uses one (`shaped` and `maxStretch` are absent in states written before they existed). */
  readonly trustRegion?: TrustRegionSettings;
  /** Root seed. */
  readonly seed: string;
  /** Size of the initial design. */
  readonly initialDesign: number;
  /** Next index of the space-filling design sequence. */
  readonly designIndex: number;
  /** Number of `ask` calls so far (each draws its own random stream). */
  readonly askCount: number;
  /** Every trial so far. */
  readonly trials: readonly Trial[];
  /** The surrogate's own state, if it keeps one (e.g. fitted hyper-parameters). */
  readonly surrogateState?: unknown;
}

/** The smallest finite entry of `values`, or `fallback` when none is finite. */
function bestFinite(values: Float64Array, fallback: number): number {
  let best = Infinity;
  for (const v of values) if (Number.isFinite(v) && v < best) best = v;
  return best === Infinity ? fallback : best;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The ask/tell loop: ask for points, evaluate them anywhere, tell the results. The public `Optimizer` of the
 * package builds one from component names.
 */
export class AskTellLoop {
  /** The validated search space. */
  readonly space: SearchSpace;
  /** Number of points drawn from the space-filling design before the model takes over. */
  readonly initialDesign: number;
  /** The trust region's settings, or undefined when the loop searches the whole space. */
  readonly trustRegion?: TrustRegionSettings;
  private readonly surrogate: Surrogate;
  private readonly acquisition: Acquisition;
  private readonly maximize?: AcquisitionMaximizer;
  private readonly incumbentRule: IncumbentRule;
  private readonly rng: Rng;
  private readonly design: SobolSequence;
  private readonly warn: (message: string) => void;
  private readonly shaper?: RegionShaper;
  private readonly history: Trial[] = [];
  private designIndex = 0;
  private askCount = 0;

  /** Validates the configuration; throws {@link OptimizerError} or `SearchSpaceError` naming the field. */
  constructor(config: OptimizerConfig) {
    const resume = config.resume;
    if (resume !== undefined && (resume === null || resume.version !== 1 || !Array.isArray(resume.trials))) {
      throw new OptimizerError('resume: not a tnpbo optimizer state (version 1)');
    }
    this.space = new SearchSpace((resume?.space ?? config.space)!);
    this.rng = new Rng(resume?.seed ?? config.seed ?? 0);
    const surrogate = typeof config.surrogate === 'function' ? config.surrogate({ dims: this.space.dims, seed: this.rng.fork('surrogate').seed }) : config.surrogate;
    if (!surrogate || typeof surrogate.posterior !== 'function' || typeof surrogate.condition !== 'function') throw new OptimizerError('surrogate: not a Surrogate');
    if (!config.acquisition || (config.acquisition.kind !== 'analytic' && config.acquisition.kind !== 'sampling')) {
      throw new OptimizerError('acquisition: not an Acquisition');
    }
    if (config.acquisition.kind === 'analytic' && !config.maximize) throw new OptimizerError('maximize: required for an analytic acquisition');
    const incumbentRule = config.incumbent ?? (resume ? (resume.incumbent ?? LEGACY_INCUMBENT) : DEFAULT_INCUMBENT);
    if (!INCUMBENT_RULES.includes(incumbentRule)) {
      throw new OptimizerError(`incumbent: must be one of ${INCUMBENT_RULES.join(', ')} (got ${JSON.stringify(incumbentRule)})`);
    }
    if (config.budget !== undefined && !(Number.isInteger(config.budget) && config.budget >= 1)) {
      throw new OptimizerError(`budget: must be an integer >= 1 (got ${config.budget})`);
    }
    if (config.initialDesign !== undefined && !(Number.isInteger(config.initialDesign) && config.initialDesign >= 1)) {
      throw new OptimizerError(`initialDesign: must be an integer >= 1 (got ${config.initialDesign})`);
    }
    // States written before shaped regions existed searched cubes, and before maxStretch, uncapped boxes. `true` on
    // a resumed run that had a trust region keeps that run's settings.
    const resumed = resume?.trustRegion && {
      ...resume.trustRegion,
      shaped: resume.trustRegion.shaped ?? false,
      maxStretch: resume.trustRegion.maxStretch ?? UNCAPPED_STRETCH,
    };
    const given = config.trustRegion ?? (resume ? (resumed ?? false) : surrogate.prefersTrustRegion === true);
    const trustRegion = given === true && resumed ? resumed : given;
    try {
      if (trustRegion !== false) {
        this.trustRegion = resolveTrustRegionSettings(trustRegion === true ? {} : trustRegion, this.space.dimension, config.regionShaper !== undefined);
      }
    } catch (error) {
      throw new OptimizerError(describe(error));
    }
    if (this.trustRegion?.shaped) {
      if (!config.regionShaper) throw new OptimizerError('trustRegion.shaped: needs a regionShaper (the package\'s Optimizer supplies one)');
      // With fewer than two continuous coordinates every box is a cube: no estimate is needed.
      if (canShapeRegion(this.space.dims)) this.shaper = config.regionShaper({ dims: this.space.dims, seed: this.rng.fork('region-shape').seed });
    }
    this.surrogate = surrogate;
    this.acquisition = config.acquisition;
    this.maximize = config.maximize;
    this.incumbentRule = incumbentRule;
    this.design = new SobolSequence(this.space.dimension, this.rng.fork('design'));
    this.warn = config.onWarning ?? (() => {});
    const byDimension = Math.max(5, 2 * this.space.dimension);
    const cap = config.budget === undefined ? Infinity : Math.max(1, Math.ceil(config.budget / 2));
    this.initialDesign = resume?.initialDesign ?? config.initialDesign ?? Math.min(byDimension, cap);
    if (resume) {
      for (const trial of resume.trials) this.history.push({ ...trial, params: { ...trial.params } });
      this.designIndex = resume.designIndex;
      this.askCount = resume.askCount;
      if (resume.surrogateState !== undefined) this.surrogate.loadState?.(resume.surrogateState);
    }
  }

  /** Every trial so far, in ask order (copies). */
  get trials(): Trial[] {
    return this.history.map((trial) => ({ ...trial }));
  }

  /** The best complete trial, or undefined before any. */
  get best(): BestTrial | undefined {
    let best: Trial | undefined;
    for (const trial of this.history) if (trial.status === 'complete' && (best === undefined || trial.value! < best.value!)) best = trial;
    return best && { params: { ...best.params }, value: best.value! };
  }

  /**
   * Records an evaluation made outside the loop (warm start). It counts towards the initial design.
   * A non-finite value or an error is recorded as a failed trial.
   */
  add(params: Params, outcome: Outcome): Trial {
    const point = this.space.encode(params);
    const trial: Trial = { id: this.history.length, params: this.space.decode(snapPoint(point, this.space.dims)), status: 'pending', suggestSeconds: 0, source: 'user' };
    this.history.push(trial);
    this.tell(trial.id, outcome);
    return { ...trial };
  }

  /** Suggests `n` points to evaluate next (default 1); they stay pending until told. */
  async ask(n = 1): Promise<Suggestion[]> {
    if (!(Number.isInteger(n) && n >= 1)) throw new OptimizerError(`n: must be an integer >= 1 (got ${n})`);
    const started = performance.now();
    const rng = this.rng.fork(`ask/${this.askCount++}`);
    const chosen = await this.choose(n, rng);
    const share = (performance.now() - started) / 1000 / n;
    return chosen.map(({ point, source }) => {
      const trial: Trial = { id: this.history.length, params: this.space.decode(point), status: 'pending', suggestSeconds: share, source };
      this.history.push(trial);
      return { id: trial.id, params: { ...trial.params } };
    });
  }

  /**
   * Records the outcome of trial `id`: a finite number, or an error (thrown error, `{error}`), which marks the
   * trial failed. A non-finite number also marks it failed. `seconds` is the evaluation's duration, if known.
   */
  tell(id: number, outcome: Outcome, seconds?: number): void {
    const trial = this.history[id];
    if (trial === undefined || !Number.isInteger(id)) throw new OptimizerError(`id: no trial ${id}`);
    if (trial.status !== 'pending') throw new OptimizerError(`id: trial ${id} was already told`);
    if (seconds !== undefined) trial.seconds = seconds;
    if (typeof outcome === 'number') {
      if (Number.isFinite(outcome)) {
        trial.status = 'complete';
        trial.value = outcome;
      } else {
        trial.status = 'failed';
        trial.error = `objective returned ${outcome}`;
      }
      return;
    }
    trial.status = 'failed';
    trial.error = outcome instanceof Error ? outcome.message : typeof outcome?.error === 'string' ? outcome.error : `unsupported outcome ${JSON.stringify(outcome)}`;
  }

  /** A JSON-serialisable snapshot from which the `resume` option continues the run exactly. */
  toJSON(): OptimizerState {
    return {
      version: 1,
      space: this.space.spec,
      surrogate: this.surrogate.name,
      acquisition: this.acquisition.name,
      incumbent: this.incumbentRule,
      ...(this.trustRegion ? { trustRegion: this.trustRegion } : {}),
      seed: this.rng.seed,
      initialDesign: this.initialDesign,
      designIndex: this.designIndex,
      askCount: this.askCount,
      trials: this.trials,
      ...(this.surrogate.saveState ? { surrogateState: this.surrogate.saveState() } : {}),
    };
  }

  private encoded(trial: Trial): Point {
    return this.space.encode(trial.params);
  }

  private nextDesignPoint(exclude: readonly Point[]): Point {
    for (;;) {
      const point = snapPoint(this.design.point(this.designIndex++), this.space.dims);
      // A fully discrete space can run out of distinct points; accept a repeat rather than loop forever.
      if (!containsPoint(exclude, point) || this.designIndex > 64 * (exclude.length + 1)) return point;
    }
  }

  private async choose(n: number, rng: Rng): Promise<{ point: Point; source: Trial['source'] }[]> {
    const complete = this.history.filter((t) => t.status === 'complete').sort((a, b) => a.value! - b.value!);
    const pending = this.history.filter((t) => t.status === 'pending').map((t) => this.encoded(t));
    const exclude = [...complete.map((t) => this.encoded(t)), ...pending];
    const out: { point: Point; source: Trial['source'] }[] = [];
    const take = (point: Point, source: Trial['source']): void => {
      out.push({ point, source });
      exclude.push(point);
    };
    while (out.length < n && (this.history.length + out.length < this.initialDesign || complete.length < 2 || this.surrogate.modelFree)) {
      take(this.nextDesignPoint(exclude), 'design');
    }
    if (out.length === n) return out;
    try {
      const chosen = await this.chooseByModel(n - out.length, complete, pending, exclude, rng);
      for (const point of chosen) {
        if (point.some((u) => !Number.isFinite(u)) || containsPoint(exclude, point)) {
          this.warn('acquisition proposed an invalid or repeated point; using the next design point instead');
          take(this.nextDesignPoint(exclude), 'fallback');
        } else take(point, 'model');
      }
    } catch (error) {
      this.warn(`model-based suggestion failed (${describe(error)}); using design points for this batch`);
      while (out.length < n) take(this.nextDesignPoint(exclude), 'fallback');
    }
    return out;
  }

  /**
   * The trust region of this step around the best observed point (`X[0]`; `y` sorted alike), or undefined when
   * the loop has none.
   */
  private async region(complete: readonly Trial[], X: readonly Point[], y: Float64Array): Promise<TrustRegion | undefined> {
    if (!this.trustRegion) return undefined;
    const inOrder = [...complete].sort((a, b) => a.id - b.id);
    const length = trustRegionLength(inOrder.map((t) => t.value!), inOrder.filter((t) => t.id < this.initialDesign).length, this.trustRegion);
    return TrustRegion.around(X[0], length, X, this.space.dims, this.trustRegion.contextPoints, await this.regionShape(X, y));
  }

  /** The shaped region's relative sides, from the observations nearest the incumbent; undefined for a cube. */
  private async regionShape(X: readonly Point[], y: Float64Array): Promise<Float64Array | undefined> {
    if (!this.shaper) return undefined;
    const nearest = nearestObservations(X, y, X[0]);
    try {
      const lengthscales = await this.shaper(nearest.X, nearest.y);
      return lengthscales && regionScales(lengthscales, this.space.dims, this.trustRegion!.maxStretch);
    } catch (error) {
      this.warn(`trust region: could not estimate its shape (${describe(error)}); searching a cube`);
      return undefined;
    }
  }

  private async chooseByModel(n: number, complete: Trial[], pending: Point[], exclude: readonly Point[], rng: Rng): Promise<Point[]> {
    const X = complete.map((t) => this.encoded(t));
    const y = Float64Array.from(complete, (t) => t.value!);
    // Without a trust region, the frame and the box are the whole cube.
    const region = await this.region(complete, X, y);
    const frame = region ? region.frameData(X, y) : { X, y };
    const inFrame = (points: readonly Point[]): Point[] => (region ? region.framePoints(points) : [...points]);
    const inBox = (points: readonly Point[]): Point[] => (region ? region.boxPoints(points) : [...points]);
    await this.surrogate.condition(frame.X, frame.y);
    const incumbent = this.incumbentRule === 'best-mean' ? bestFinite((await this.surrogate.posterior(frame.X)).mean, y[0]) : y[0];
    const fantasies: Point[] = [];
    const fantasise = async (points: Point[]): Promise<void> => {
      const framed = inFrame(points);
      if (framed.length === 0) return;
      fantasies.push(...framed);
      const liar = (count: number): Float64Array => new Float64Array(count).fill(incumbent);
      if (this.surrogate.append) await this.surrogate.append(framed, liar(framed.length));
      else await this.surrogate.condition([...frame.X, ...fantasies], Float64Array.from([...frame.y, ...liar(fantasies.length)]));
    };
    await fantasise(pending);
    const excluded = [...exclude];
    const context = (): SelectionContext => ({
      surrogate: region ? region.boxView(this.surrogate) : this.surrogate,
      dims: this.space.dims,
      observed: inBox(X),
      incumbent,
      exclude: inBox(excluded),
      ...(region ? { duplicateTolerance: region.duplicateTolerance() } : {}),
      rng: rng.fork(`select/${excluded.length}`),
    });
    const fromBox = (point: Point): Point => (region ? region.fromBox(point) : point);
    if (this.acquisition.kind === 'sampling') return (await this.acquisition.select(context(), n)).map(fromBox);
    const chosen: Point[] = [];
    for (let k = 0; k < n; k++) {
      if (k > 0) await fantasise([chosen[k - 1]]);
      const point = fromBox(await this.maximize!(this.acquisition, context()));
      chosen.push(point);
      excluded.push(point);
    }
    return chosen;
  }
}
