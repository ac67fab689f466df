/**
 * The exact float64 Gaussian-process surrogate (bo.md §4): zero-mean GP on transformed outputs with an ARD
 * Matérn-5/2 (or RBF) kernel, MAP hyper-parameters refitted on `condition` as the refit policy schedules (every
 * time up to 100 observations, then when their number has grown by 5 %; see refit-policy.ts), Cholesky
 * row-append for new observations between refits and for pending/fantasy points, analytic posterior gradients
 * and joint posterior samples. All outputs are in raw units and describe the latent function (no observation
 * noise).
 *
 * Raw units: the GP's posterior on the modelling scale ỹ is mapped back by the affine map tangent to the inverse
 * output transform at the best observed value y* (see {@link OutputTransform.tangentAt}). For plain
 * standardisation that map is exact. For `yeo-johnson` it is exact at y*'s level, so every acquisition that
 * compares the posterior with the incumbent y* (logEI, EI, PI) equals its value on the transformed scale (up
 * to logEI's constant offset), as when the acquisition is computed on warped outputs (HEBO); away from y*'s
 * level the reported mean is a linearisation, not the raw-unit mean.
 */

import { Rng } from '../../src/core/rng.js';
import type {
  DifferentiablePosterior,
  Point,
  Posterior,
  Surrogate,
  SurrogateContext,
} from '../../src/core/types.js';
import { addedRows } from './data-extension.js';
import { fitHyperparameters, type FitResult } from './fit.js';
import {
  DEFAULT_LENGTHSCALE_PRIOR,
  checkLengthscalePrior,
  decodeHyperParameters,
  logPrior,
  naturalHyperParameters,
  priorModeStart,
  type HyperParameters,
  type LengthscalePrior,
} from './hyperparameters.js';
import { Kernel, kernelProfile, type KernelName } from './kernel.js';
import { LogPosterior, gaussianLogLikelihood } from './likelihood.js';
import { OUTPUT_TRANSFORM_NAMES, fitOutputTransform, type OutputTransform, type OutputTransformName } from './output-transform.js';
import { checkObservations } from '../observations.js';
import {
  appendCholeskyRows,
  dot,
  jitteredCholesky,
  meanDiagonal,
  solveLower,
  solveLowerRows,
  solveLowerTransposed,
  solveLowerTransposedRows,
} from './linalg.js';
import { refitDue, refitPolicy, type RefitOptions, type RefitPolicy } from './refit-policy.js';

/**
 * Options of {@link GaussianProcess}. The refit settings (`refit`, `refitThreshold`, `refitGrowth`) choose when
 * `condition` refits the hyper-parameters; the default `growth` policy refits on every condition up to 100
 * observations and beyond that once their number has grown by 5 % (see {@link RefitOptions}).
 */
export interface GaussianProcessOptions extends RefitOptions {
  /** Kernel family (default `matern52`). */
  kernel?: KernelName;
  /** Pin the noise variance at the floor (1e-6 in standardised units) for noise-free objectives. */
  deterministic?: boolean;
  /**
   * How raw outputs are mapped to the modelling scale. Default `yeo-johnson`, which deviates from bo.md §3's
   * `standardize`: on the six benchmark problems (seeds 10-39, docs/benchmarks/gp-tuning.md) it lowered the
   * median final regret on five of them and raised Hartmann-6's escape rate from its local minimum.
   */
  outputTransform?: OutputTransformName;
  /** Prior on the lengthscales, `log ℓ_i ~ N(location + ½·ln d, scale²)` (default `location √2, scale √3`). */
  lengthscalePrior?: LengthscalePrior;
}

/** What the last `condition` did with the hyper-parameters, and how the fit went if it refitted them. */
export interface GaussianProcessFitReport {
  /** The log vector `(log ℓ_1..log ℓ_d, log s², log σ_n²)` in use: the MAP of the last fit. */
  logTheta: Float64Array;
  /** `log p(ỹ|θ) + log p(θ)` at that θ for the data of this condition (`-Infinity` when flagged). */
  objective: number;
  /** Jitter added to the covariance diagonal (0 if none). */
  jitter: number;
  /** Number of optimiser starts in this condition (0 when it did not refit). */
  restarts: number;
  /** True when this condition's fit reached no finite objective and the previous θ was kept. */
  flagged: boolean;
  /** True when this condition refitted the hyper-parameters; false when it kept θ (refit policy). */
  refitted: boolean;
  /** Number of observations of the last successful fit, i.e. the data θ was fitted on (0 before one). */
  fittedObservations: number;
  /** The output transform applied (`standardize` if a `yeo-johnson` fit fell back) and its fitted λ. */
  outputTransform: {
    /** The transform applied to the observations. */
    name: OutputTransformName;
    /** The fitted Yeo–Johnson exponent, when that transform was used. */
    lambda?: number;
  };
}

/** The output transform used when none is given (see {@link GaussianProcessOptions.outputTransform}). */
export const DEFAULT_OUTPUT_TRANSFORM: OutputTransformName = 'yeo-johnson';
/** Every `FULL_REFIT_PERIOD`-th fit (counting fits from 0, not conditions) uses all starts, not the warm start. */
const FULL_REFIT_PERIOD = 10;
/** Posterior variances are clamped at this fraction of `s²`. */
const VARIANCE_FLOOR = 1e-12;
/** Bound on the scratch of a posterior: query points are processed in chunks of at most this many bytes of rows. */
const QUERY_CHUNK_BYTES = 16 * 1024 * 1024;

/** The data the GP is conditioned on, with its factorisation at the current hyper-parameters. */
interface Conditioned {
  readonly n: number;
  /** Encoded inputs, row-major `n×d`. */
  readonly x: Float64Array;
  /** Raw outputs. */
  readonly rawY: Float64Array;
  /** Transformed outputs. */
  readonly y: Float64Array;
  /** Cholesky factor of `K + (σ_n² + jitter)·I`. */
  readonly factor: Float64Array;
  /** `K_y⁻¹ỹ`. */
  readonly alpha: Float64Array;
  /** Jitter included in the factor's diagonal. */
  readonly jitter: number;
  readonly params: HyperParameters;
}

/** Gaussian-process surrogate, registry name `gp`. */
export class GaussianProcess implements Surrogate {
  /** Registry name. */
  readonly name = 'gp';
  private readonly kernel: Kernel;
  private readonly deterministic: boolean;
  private readonly outputTransformName: OutputTransformName;
  private readonly lengthscalePrior: LengthscalePrior;
  private readonly rng: Rng;
  private readonly policy: RefitPolicy;
  private logTheta: Float64Array;
  /** Fits run so far (successful or flagged); numbers the fits' random streams and schedules full refits. */
  private fitCount = 0;
  /** Number of observations of the last successful fit (`undefined` before one). */
  private fittedObservations: number | undefined;
  private transform: OutputTransform | undefined;
  /** The affine map ỹ → raw units: `raw = outputMean + outputScale·ỹ`. */
  private outputMean = 0;
  private outputScale = 1;
  /** The data of the last `condition` (the base that the next `condition` may extend). */
  private conditioned: Conditioned;
  /** The data in use: {@link GaussianProcess.conditioned} plus any appended pending/fantasy rows. */
  private data: Conditioned;
  private report: GaussianProcessFitReport | undefined;

  /** A GP on the coordinates of `context.dims`, drawing restarts from `context.seed`. */
  constructor(context: SurrogateContext, options: GaussianProcessOptions = {}) {
    if (!Array.isArray(context?.dims) || context.dims.length === 0) {
      throw new Error('context.dims: expected at least one encoded dimension');
    }
    this.kernel = new Kernel(kernelProfile(options.kernel ?? 'matern52'), context.dims);
    this.deterministic = options.deterministic ?? false;
    this.outputTransformName = options.outputTransform ?? DEFAULT_OUTPUT_TRANSFORM;
    if (!OUTPUT_TRANSFORM_NAMES.includes(this.outputTransformName)) {
      throw new Error(`options.outputTransform: expected one of ${OUTPUT_TRANSFORM_NAMES.join(', ')}, got ${JSON.stringify(this.outputTransformName)}`);
    }
    this.lengthscalePrior = options.lengthscalePrior ?? DEFAULT_LENGTHSCALE_PRIOR;
    checkLengthscalePrior(this.lengthscalePrior, 'options.lengthscalePrior');
    this.policy = refitPolicy(options);
    this.rng = new Rng(context.seed);
    this.logTheta = priorModeStart(this.kernel.d, this.deterministic, this.lengthscalePrior);
    const empty = new Float64Array(0);
    this.data = this.conditioned = {
      n: 0,
      x: empty,
      rawY: empty,
      y: empty,
      factor: empty,
      alpha: empty,
      jitter: 0,
      params: decodeHyperParameters(this.logTheta, this.kernel.d),
    };
  }

  /** What the last `condition` did with the hyper-parameters (and its fit, if it refitted), if any. */
  get lastFit(): GaussianProcessFitReport | undefined {
    return this.report;
  }

  /**
   * Replace the data and fit the output transform to `y`. The hyper-parameters are refitted (warm-started after
   * the first fit) when the refit policy schedules it or when the data do not extend the previous data (some
   * earlier observation changed or is missing). Otherwise θ is kept: the Cholesky factor of the previous data
   * grows by row-append with the new observations (in O(n²)), or, when that is not possible (an instance
   * restored by `loadState` holds no data; the new rows need jitter of their own), the data are factored afresh
   * at θ.
   */
  async condition(X: readonly Point[], y: Float64Array): Promise<void> {
    checkObservations(X, y);
    if (y.length === 0) throw new Error('y: empty data (at least one observation is needed)');
    const x = this.kernel.encode(X, 'X');
    const transform = fitOutputTransform(y, this.outputTransformName);
    const held = this.conditioned;
    const scheduled = refitDue(this.policy, y.length, this.fittedObservations);
    const added = scheduled || held.n === 0 ? undefined : addedRows(held.x, held.rawY, x, y, this.kernel.d);
    // An instance restored by loadState holds no data: its saved state vouches for the data θ was fitted on.
    let fit: FitResult | undefined;
    if (scheduled || (held.n > 0 && added === undefined)) fit = this.refit(x, y, y.map(transform.forward));
    else if (added === undefined || !this.extend(x, y, added, transform)) this.refactor(x, y, y.map(transform.forward));
    this.transform = transform;
    const { offset, scale } = transform.tangentAt(y.reduce((a, b) => Math.min(a, b)));
    this.outputMean = offset;
    this.outputScale = scale;
    this.report = {
      logTheta: this.logTheta.slice(),
      objective: fit?.objective ?? this.logPosteriorOfData(),
      jitter: this.data.jitter,
      restarts: fit?.restarts ?? 0,
      flagged: fit?.flagged ?? false,
      refitted: fit !== undefined,
      fittedObservations: this.fittedObservations ?? 0,
      outputTransform: transform.lambda === undefined ? { name: transform.name } : { name: transform.name, lambda: transform.lambda },
    };
  }

  /**
   * Add observations (real or fantasised) without refitting: the Cholesky factor grows by row-append and the
   * values are transformed with the output transform of the last `condition`. Appending no points does nothing.
   */
  async append(X: readonly Point[], y: Float64Array): Promise<void> {
    checkObservations(X, y);
    if (this.data.n === 0) throw new Error('append: no data yet (call condition first)');
    if (y.length === 0) return;
    this.data = this.grow(this.data, this.kernel.encode(X, 'X'), y, this.transform!).data;
  }

  /** Mean and standard deviation of the latent objective at `Xq`, in raw units. */
  async posterior(Xq: readonly Point[]): Promise<Posterior> {
    const { mean, std } = this.predict(Xq, false);
    return { mean, std };
  }

  /** Like {@link GaussianProcess.posterior}, with analytic gradients of mean and std w.r.t. the query points. */
  async posteriorWithGradient(Xq: readonly Point[]): Promise<DifferentiablePosterior> {
    return this.predict(Xq, true);
  }

  /**
   * `nSamples` joint draws of the latent objective over `Xq` (raw units): `μ + L·ε` with `L` the Cholesky
   * factor of the posterior covariance `Σ`, jittered as in bo.md §4 relative to `max(mean(diag Σ), 1e-12·s²)`.
   * @throws GPNumericalError if the posterior covariance cannot be factored
   */
  async sample(Xq: readonly Point[], nSamples: number, rng: Rng): Promise<Float64Array[]> {
    if (!Number.isInteger(nSamples) || nSamples < 0) {
      throw new Error(`nSamples: expected an integer ≥ 0, got ${nSamples}`);
    }
    const { kernel, data } = this;
    const { n, params } = data;
    const d = kernel.d;
    const query = kernel.encode(Xq, 'Xq');
    const m = Xq.length;
    // Rows of V = (L⁻¹K_Xq)ᵀ, the latent mean, and Σ = K_qq − VᵀV.
    const v = new Float64Array(m * n);
    const latentMean = new Float64Array(m);
    for (let p = 0; p < m; p++) {
      const row = v.subarray(p * n, (p + 1) * n);
      kernel.crossCovariance(query, p * d, data.x, n, params, row);
      latentMean[p] = dot(row, 0, data.alpha, 0, n);
    }
    solveLowerRows(data.factor, n, v, m);
    const covariance = new Float64Array(m * m);
    for (let p = 0; p < m; p++) {
      kernel.crossCovariance(query, p * d, query, m, params, covariance.subarray(p * m, (p + 1) * m));
      for (let r = 0; r <= p; r++) covariance[p * m + r] -= dot(v, p * n, v, r * n, n);
    }
    for (let p = 0; p < m; p++) for (let r = 0; r < p; r++) covariance[r * m + p] = covariance[p * m + r];
    const factor = new Float64Array(m * m);
    const scale = Math.max(meanDiagonal(covariance, m), VARIANCE_FLOOR * params.signalVariance);
    jitteredCholesky(covariance, m, factor, naturalHyperParameters(this.logTheta), scale);

    const samples: Float64Array[] = [];
    for (let s = 0; s < nSamples; s++) {
      const epsilon = rng.normals(m);
      const draw = new Float64Array(m);
      for (let p = 0; p < m; p++) {
        const f = latentMean[p] + dot(factor, p * m, epsilon, 0, p + 1);
        draw[p] = this.outputMean + this.outputScale * f;
      }
      samples.push(draw);
    }
    return samples;
  }

  /**
   * The fitted hyper-parameters, the fit counter and the number of observations of the last successful fit
   * (JSON-serialisable).
   */
  saveState(): unknown {
    const fitted = this.fittedObservations;
    return { logTheta: Array.from(this.logTheta), fitCount: this.fitCount, ...(fitted === undefined ? {} : { fittedObservations: fitted }) };
  }

  /**
   * Restore what {@link GaussianProcess.saveState} returned: the next `condition` then refits exactly when the
   * saved instance would have, warm-started from the same θ. When the saved instance would have kept θ, the
   * restored one (which holds no data) factors the data afresh at θ, so the two posteriors agree up to rounding
   * until the next refit. Data already held is refactored at the restored hyper-parameters. A state without
   * `fittedObservations` makes the next `condition` refit.
   */
  loadState(state: unknown): void {
    const { logTheta, fitCount, fittedObservations } = (state ?? {}) as { logTheta?: unknown; fitCount?: unknown; fittedObservations?: unknown };
    const size = this.kernel.d + 2;
    if (!Array.isArray(logTheta) || logTheta.length !== size || !logTheta.every((v) => Number.isFinite(v))) {
      throw new Error(`state.logTheta: expected ${size} finite numbers`);
    }
    if (!Number.isInteger(fitCount) || (fitCount as number) < 0) {
      throw new Error(`state.fitCount: expected an integer ≥ 0, got ${String(fitCount)}`);
    }
    if (fittedObservations !== undefined && !(Number.isInteger(fittedObservations) && (fittedObservations as number) > 0)) {
      throw new Error(`state.fittedObservations: expected an integer ≥ 1, got ${String(fittedObservations)}`);
    }
    this.fitCount = fitCount as number;
    this.fittedObservations = fittedObservations as number | undefined;
    const restored = Float64Array.from(logTheta as number[]);
    if (this.data.n > 0) {
      const { x, rawY, y } = this.data;
      this.adopt(new LogPosterior(this.kernel, x, y, this.lengthscalePrior), x, rawY, y, restored);
    } else {
      this.logTheta = restored;
      this.data = this.conditioned = { ...this.data, params: decodeHyperParameters(restored, this.kernel.d) };
    }
  }

  /** Fit θ to the data (warm-started after the first fit) and factor the data at the fitted θ. */
  private refit(x: Float64Array, rawY: Float64Array, y: Float64Array): FitResult {
    const objective = new LogPosterior(this.kernel, x, y, this.lengthscalePrior);
    const fit = fitHyperparameters(objective, {
      previous: this.fitCount > 0 ? this.logTheta : undefined,
      full: this.fitCount % FULL_REFIT_PERIOD === 0,
      deterministic: this.deterministic,
      rng: this.rng.fork(`fit-${this.fitCount}`),
    });
    this.adopt(objective, x, rawY, y, fit.logTheta);
    this.fitCount++;
    if (!fit.flagged) this.fittedObservations = y.length;
    return fit;
  }

  /** Factor the data afresh at the current θ. */
  private refactor(x: Float64Array, rawY: Float64Array, y: Float64Array): void {
    this.adopt(new LogPosterior(this.kernel, x, y, this.lengthscalePrior), x, rawY, y, this.logTheta);
  }

  /**
   * Make `logTheta` current and the data of `objective` (encoded `x`, raw `rawY`, transformed `y`) the data in
   * use, factored there.
   */
  private adopt(objective: LogPosterior, x: Float64Array, rawY: Float64Array, y: Float64Array, logTheta: Float64Array): void {
    objective.evaluate(logTheta);
    this.logTheta = logTheta;
    this.data = this.conditioned = {
      n: y.length,
      x,
      rawY,
      y,
      factor: objective.factor,
      alpha: objective.alpha,
      jitter: objective.jitter,
      params: decodeHyperParameters(this.logTheta, this.kernel.d),
    };
  }

  /**
   * Keep θ and grow the factor of the last condition's data by the rows `added` of the new data (encoded `x`,
   * raw `rawY`), transforming all outputs with `transform`. Returns false, changing nothing, when the new rows'
   * block needed jitter beyond that of the old diagonal (its factor would then not be the data's).
   */
  private extend(x: Float64Array, rawY: Float64Array, added: Int32Array, transform: OutputTransform): boolean {
    const d = this.kernel.d;
    const addedX = new Float64Array(added.length * d);
    const addedY = new Float64Array(added.length);
    added.forEach((row, j) => {
      addedX.set(x.subarray(row * d, (row + 1) * d), j * d);
      addedY[j] = rawY[row];
    });
    const { data, blockJitter } = this.grow(this.conditioned, addedX, addedY, transform);
    if (blockJitter > 0) return false;
    this.data = this.conditioned = data;
    return true;
  }

  /**
   * `data` with the encoded rows `addedX` (raw outputs `addedY`) appended at the same θ, all outputs mapped by
   * `transform`: the factor grows by row-append, the new diagonal getting the old jitter plus `blockJitter`, the
   * jitter the new block's own factorisation needed (0 if none).
   */
  private grow(
    data: Conditioned,
    addedX: Float64Array,
    addedY: Float64Array,
    transform: OutputTransform,
  ): { data: Conditioned; blockJitter: number } {
    const { kernel } = this;
    const { n, params } = data;
    const m = addedY.length;
    let factor = data.factor;
    let blockJitter = 0;
    if (m > 0) {
      const cross = new Float64Array(m * n);
      const block = new Float64Array(m * m);
      for (let j = 0; j < m; j++) {
        kernel.crossCovariance(addedX, j * kernel.d, data.x, n, params, cross.subarray(j * n, (j + 1) * n));
        kernel.crossCovariance(addedX, j * kernel.d, addedX, m, params, block.subarray(j * m, (j + 1) * m));
        block[j * m + j] += params.noiseVariance + data.jitter;
      }
      ({ factor, jitter: blockJitter } = appendCholeskyRows(data.factor, n, cross, block, m, naturalHyperParameters(this.logTheta)));
    }
    const x = new Float64Array((n + m) * kernel.d);
    x.set(data.x);
    x.set(addedX, n * kernel.d);
    const rawY = new Float64Array(n + m);
    rawY.set(data.rawY);
    rawY.set(addedY, n);
    const y = rawY.map(transform.forward);
    const alpha = y.slice();
    solveLower(factor, n + m, alpha);
    solveLowerTransposed(factor, n + m, alpha);
    return { data: { n: n + m, x, rawY, y, factor, alpha, jitter: data.jitter, params }, blockJitter };
  }

  /** `log p(ỹ|θ) + log p(θ)` for the data in use, from their factor. */
  private logPosteriorOfData(): number {
    const { n, factor, y, alpha } = this.data;
    const logLikelihood = gaussianLogLikelihood(factor, n, dot(y, 0, alpha, 0, n));
    return logLikelihood + logPrior(this.logTheta, this.kernel.d, undefined, this.lengthscalePrior);
  }

  /**
   * Posterior mean and std at `Xq` (raw units), in chunks of query points solved together: per chunk the rows
   * `k*ᵀ` of the cross-covariance block give the means `k*ᵀα`, one multi-RHS forward solve turns them into
   * `v = L⁻¹k*` (variance `s² − ‖v‖²`), and with `withGradient` one multi-RHS back substitution into
   * `u = K_y⁻¹k*`. With `withGradient`, keeps per point the latent gradients `∂μ̃/∂x = Σ_a α_a·∂k_a/∂x` and
   * `∂σ̃/∂x = −(1/σ̃)·Σ_a u_a·∂k_a/∂x` (zero where the variance is clamped), which the pullback combines.
   */
  private predict(Xq: readonly Point[], withGradient: boolean): DifferentiablePosterior {
    const { kernel, data, outputMean, outputScale } = this;
    const { n, params, factor, alpha } = data;
    const d = kernel.d;
    const query = kernel.encode(Xq, 'Xq');
    const m = Xq.length;
    const mean = new Float64Array(m);
    const std = new Float64Array(m);
    const meanGradients = new Float64Array(withGradient ? m * d : 0);
    const stdGradients = new Float64Array(withGradient ? m * d : 0);
    const buffers = withGradient ? 2 : 1;
    const chunk = Math.max(1, Math.min(m, Math.floor(QUERY_CHUNK_BYTES / (buffers * n * Float64Array.BYTES_PER_ELEMENT))));
    // Rows of the chunk: k*, then L⁻¹k*, then K_y⁻¹k*; and the kernel slopes ∂k/∂(r²).
    const solved = new Float64Array(chunk * n);
    const slopes = new Float64Array(withGradient ? chunk * n : 0);
    const coefficients = new Float64Array(withGradient ? n : 0);
    // σ̃ of the chunk's points, 0 where the variance is clamped.
    const latentStd = new Float64Array(chunk);
    const floor = VARIANCE_FLOOR * params.signalVariance;
    for (let first = 0; first < m; first += chunk) {
      const count = Math.min(chunk, m - first);
      for (let r = 0; r < count; r++) {
        const row = solved.subarray(r * n, (r + 1) * n);
        kernel.crossCovariance(query, (first + r) * d, data.x, n, params, row, withGradient ? slopes.subarray(r * n, (r + 1) * n) : undefined);
        mean[first + r] = outputMean + outputScale * dot(row, 0, alpha, 0, n);
      }
      solveLowerRows(factor, n, solved, count);
      for (let r = 0; r < count; r++) {
        const variance = params.signalVariance - dot(solved, r * n, solved, r * n, n);
        latentStd[r] = variance > floor ? Math.sqrt(variance) : 0;
        std[first + r] = outputScale * (variance > floor ? latentStd[r] : Math.sqrt(floor));
      }
      if (!withGradient) continue;
      solveLowerTransposedRows(factor, n, solved, count);
      for (let r = 0; r < count; r++) {
        const p = first + r;
        for (let a = 0; a < n; a++) coefficients[a] = slopes[r * n + a] * alpha[a];
        kernel.queryGradient(query, p * d, data.x, n, coefficients, params, meanGradients.subarray(p * d, (p + 1) * d));
        if (latentStd[r] === 0) continue;
        for (let a = 0; a < n; a++) coefficients[a] = slopes[r * n + a] * solved[r * n + a];
        const stdGradient = stdGradients.subarray(p * d, (p + 1) * d);
        kernel.queryGradient(query, p * d, data.x, n, coefficients, params, stdGradient);
        for (let i = 0; i < d; i++) stdGradient[i] /= -latentStd[r];
      }
    }

    const pullback = async (gMean: Float64Array, gStd: Float64Array): Promise<Float64Array[]> => {
      if (!withGradient) throw new Error('pullback: posterior was computed without gradients');
      if (gMean.length !== m) throw new Error(`gMean: length ${gMean.length}, expected ${m}`);
      if (gStd.length !== m) throw new Error(`gStd: length ${gStd.length}, expected ${m}`);
      return Array.from({ length: m }, (_, p) => {
        const seedMean = gMean[p] * outputScale;
        const seedStd = gStd[p] * outputScale;
        return Float64Array.from({ length: d }, (_, i) => seedMean * meanGradients[p * d + i] + seedStd * stdGradients[p * d + i]);
      });
    };
    return { mean, std, pullback };
  }
}

/** A {@link GaussianProcess} (registry factory form). */
export function createGaussianProcess(context: SurrogateContext, options?: GaussianProcessOptions): GaussianProcess {
  return new GaussianProcess(context, options);
}

