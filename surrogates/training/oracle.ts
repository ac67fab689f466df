/**
 * The oracle GP of models.md §9.3: for every task the generating kernel, its hyper-parameters and the noise
 * levels are known, so the exact GP predictive is the Bayes-optimal forecaster and its log score an upper
 * reference for every model on the same tasks. In float64, per function:
 *
 *   Kcc = k(xc, xc) + σ_c²·I,  L = chol(Kcc),  W = k(xt, xc)·L⁻ᵀ,
 *   μ = W·L⁻¹yc,  Σ = k(xt, xt) + σ_t²·I − W·Wᵀ,
 *
 * with `σ_c`, `σ_t` the function's context and target noise (`σ_t = 0` scores the latent values, protocol (a);
 * `σ_t = σ_c`, protocol (b)) and `k` including the kernel's nugget, so in protocol (a) the 1e-5 sampling jitter
 * is part of the prior covariance and a target at a context location is the same latent value.
 *
 * Scores (log-likelihoods, higher is better; protocol (a) reports NLL = −score):
 * - marginal: `mean_t log N(y_t | μ_t, Σ_tt)`;
 * - joint: `log N(y_T | μ, Σ) / Nt`.
 * Aggregation as for the models: per batch the mean over (function, target), i.e. over functions of the
 * per-function means since `Nt` is shared; then the plain mean of the batch means.
 */

import { choleskyInto, dot, solveLower } from '../gp/linalg.js';
import { covarianceMatrix } from './kernels.js';
import type { TaskBatch, TaskFunction } from './task-batch.js';

/** The oracle's scores of one batch (means over its functions). */
export interface OracleBatchScore {
  /** Mean over (function, target) of the marginal log predictive density. */
  readonly marginal: number;
  /** Mean over functions of the joint log predictive density divided by `Nt`. */
  readonly joint: number;
}

/** The oracle's scores of an evaluation set. */
export interface OracleSummary {
  /** Number of batches. */
  readonly batches: number;
  /** Mean of the batch marginal scores. */
  readonly marginal: number;
  /** Mean of the batch joint scores. */
  readonly joint: number;
  /** Standard error of `marginal` (sample std of the batch means / √batches). */
  readonly marginalStandardError: number;
  /** Standard error of `joint`. */
  readonly jointStandardError: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** The GP predictive of one function at its targets, independent of the observed values. */
interface Predictive {
  readonly numContext: number;
  readonly numTarget: number;
  /** Cholesky factor `L` of `Kcc` (`Nc×Nc`). */
  readonly contextFactor: Float64Array;
  /** `W = k(xt, xc)·L⁻ᵀ`, row `t` = `L⁻¹·k(xc, x_t)` (`Nt×Nc`). */
  readonly weights: Float64Array;
  /** Marginal variances `Σ_tt`. */
  readonly variances: Float64Array;
  /** Cholesky factor of `Σ` (`Nt×Nt`). */
  readonly targetFactor: Float64Array;
}

/** Cholesky factor of `matrix` (`n×n`), or an Error naming `what`. */
function factor(matrix: Float64Array, n: number, what: string): Float64Array {
  const out = new Float64Array(n * n);
  if (!choleskyInto(matrix, n, 0, out)) throw new Error(`oracle: the ${n}×${n} ${what} is not positive definite`);
  return out;
}

/** The predictive of `fn` at the targets `xt` given context inputs `xc` (flat `[n, dx]`). */
function predictive(fn: TaskFunction, xc: Float64Array, xt: Float64Array): Predictive {
  const dx = fn.kernel.lengthscales.length;
  const numContext = xc.length / dx;
  const numTarget = xt.length / dx;
  const contextCovariance = covarianceMatrix(fn.kernel, xc, xc);
  const contextNoise = fn.contextNoise * fn.contextNoise;
  for (let i = 0; i < numContext; i++) contextCovariance[i * numContext + i] += contextNoise;
  const contextFactor = factor(contextCovariance, numContext, 'context covariance');
  const weights = covarianceMatrix(fn.kernel, xt, xc);
  for (let t = 0; t < numTarget; t++) solveLower(contextFactor, numContext, weights.subarray(t * numContext, (t + 1) * numContext));
  const covariance = covarianceMatrix(fn.kernel, xt, xt);
  const targetNoise = fn.targetNoise * fn.targetNoise;
  const variances = new Float64Array(numTarget);
  for (let t = 0; t < numTarget; t++) {
    covariance[t * numTarget + t] += targetNoise;
    for (let u = 0; u <= t; u++) {
      const value = covariance[t * numTarget + u] - dot(weights, t * numContext, weights, u * numContext, numContext);
      covariance[t * numTarget + u] = value;
      covariance[u * numTarget + t] = value;
    }
    variances[t] = covariance[t * numTarget + t];
  }
  const targetFactor = factor(covariance, numTarget, 'predictive covariance');
  return { numContext, numTarget, contextFactor, weights, variances, targetFactor };
}

/** Marginal and joint per-target scores of the values `yt` given `yc` under `p`. */
function scoreFunction(p: Predictive, yc: Float64Array, yt: Float64Array): OracleBatchScore {
  const alpha = yc.slice();
  solveLower(p.contextFactor, p.numContext, alpha);
  const residual = new Float64Array(p.numTarget);
  let marginal = 0;
  for (let t = 0; t < p.numTarget; t++) {
    residual[t] = yt[t] - dot(p.weights, t * p.numContext, alpha, 0, p.numContext);
    const variance = p.variances[t];
    marginal += -0.5 * (LOG_2PI + Math.log(variance) + (residual[t] * residual[t]) / variance);
  }
  solveLower(p.targetFactor, p.numTarget, residual);
  let logDeterminant = 0;
  for (let t = 0; t < p.numTarget; t++) logDeterminant += 2 * Math.log(p.targetFactor[t * p.numTarget + t]);
  const joint = -0.5 * (p.numTarget * LOG_2PI + logDeterminant + dot(residual, 0, residual, 0, p.numTarget));
  return { marginal: marginal / p.numTarget, joint: joint / p.numTarget };
}

/** Whether `a[aStart..aStart+n)` and `a[bStart..bStart+n)` hold the same values. */
function sameSlice(a: Float64Array, aStart: number, bStart: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[aStart + i] !== a[bStart + i]) return false;
  return true;
}

/**
 * The oracle's scores of one batch. Consecutive functions with the same {@link TaskFunction} object and the same
 * inputs (protocol (a)) share one predictive.
 */
export function oracleBatchScore(batch: TaskBatch): OracleBatchScore {
  const { batchSize, numContext: nc, numTarget: nt, dx } = batch;
  if (batchSize === 0) throw new Error('batch: no functions to score');
  let marginal = 0;
  let joint = 0;
  let current: Predictive | undefined;
  for (let b = 0; b < batchSize; b++) {
    const fn = batch.functions[b];
    const reusable =
      current !== undefined &&
      fn === batch.functions[b - 1] &&
      sameSlice(batch.xc, b * nc * dx, (b - 1) * nc * dx, nc * dx) &&
      sameSlice(batch.xt, b * nt * dx, (b - 1) * nt * dx, nt * dx);
    if (!reusable) {
      current = predictive(fn, batch.xc.subarray(b * nc * dx, (b + 1) * nc * dx), batch.xt.subarray(b * nt * dx, (b + 1) * nt * dx));
    }
    const score = scoreFunction(current as Predictive, batch.yc.subarray(b * nc, (b + 1) * nc), batch.yt.subarray(b * nt, (b + 1) * nt));
    marginal += score.marginal;
    joint += score.joint;
  }
  return { marginal: marginal / batchSize, joint: joint / batchSize };
}

/** Mean and standard error of `values`. */
function meanAndStandardError(values: readonly number[]): [number, number] {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return [mean, NaN];
  const variance = values.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (n - 1);
  return [mean, Math.sqrt(variance / n)];
}

/** The mean of batch means (and their standard errors) of per-batch oracle scores. */
export function summariseBatchScores(scores: readonly OracleBatchScore[]): OracleSummary {
  if (scores.length === 0) throw new Error('scores: no batches to summarise');
  const [marginal, marginalStandardError] = meanAndStandardError(scores.map((s) => s.marginal));
  const [joint, jointStandardError] = meanAndStandardError(scores.map((s) => s.joint));
  return { batches: scores.length, marginal, joint, marginalStandardError, jointStandardError };
}

/** The oracle's summary over `batches` (per-batch mean, then mean of batch means). */
export function oracleScore(batches: Iterable<TaskBatch>): OracleSummary {
  return summariseBatchScores(Array.from(batches, oracleBatchScore));
}
