/**
 * One measurement of `tnpbo bench scale`: a surrogate conditioned on `context` points and queried at `query`
 * points in `dim` dimensions. Time is the median over `repeats` fresh surrogates (after an untimed warm-up);
 * memory is how much the process's peak resident set grew during the first of them, so it is meaningful only
 * in a fresh process (the harness runs each point in its own). Growth of a few MiB is within the noise of how
 * the JavaScript heap sizes itself; the measure is made for large models and sizes (tensors in the wasm heap).
 */

import { Rng } from '../core/rng.js';
import type { EncodedDimension, Point } from '../core/types.js';
import { createSurrogate, type SurrogateName } from '../registry.js';
import { median } from './stats.js';

/** What to measure. */
export interface ScalePoint {
  /** Surrogate name. */
  readonly surrogate: SurrogateName;
  /** Which size this point belongs to the sweep of. */
  readonly sweep: 'context' | 'query';
  /** Number of observed (context) points. */
  readonly context: number;
  /** Number of query points of the posterior. */
  readonly query: number;
  /** Input dimension. */
  readonly dim: number;
  /** Timed repetitions (the median is reported). */
  readonly repeats: number;
}

/** What was measured. */
export interface ScaleMeasurement extends ScalePoint {
  /** Median seconds of `condition(X, y)` on the context points (a GP fits its hyper-parameters here). */
  readonly conditionSeconds: number;
  /** Median seconds of `posterior(Xq)` on the query points. */
  readonly posteriorSeconds: number;
  /** Growth of the peak resident set during the first condition + posterior, in MiB. */
  readonly memoryMiB: number;
  /** The process's peak resident set at the end, in MiB. */
  readonly peakRssMiB: number;
}

/** A smooth test function on the unit cube (a few sines and a bowl). */
function testFunction(x: Point): number {
  let value = 0;
  for (let i = 0; i < x.length; i++) value += Math.sin(6 * x[i] + i) + 2 * (x[i] - 0.4) ** 2;
  return value;
}

function uniformPoints(rng: Rng, count: number, dim: number): Point[] {
  return Array.from({ length: count }, () => Float64Array.from({ length: dim }, () => rng.uniform()));
}

const peakMiB = (): number => process.resourceUsage().maxRSS / 1024;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/** Measures `point` in this process. */
export async function measureScalePoint(point: ScalePoint): Promise<ScaleMeasurement> {
  const { surrogate: name, context, query, dim, repeats } = point;
  // The same sizes give the same data, whichever sweep they belong to.
  const X = uniformPoints(new Rng(`bench-scale/${dim}/context/${context}`), context, dim);
  const y = Float64Array.from(X, testFunction);
  const Xq = uniformPoints(new Rng(`bench-scale/${dim}/query/${query}`), query, dim);
  const dims: EncodedDimension[] = Array.from({ length: dim }, () => ({ kind: 'continuous' }) as const);
  const fresh = (label: string) => createSurrogate(name, { dims, seed: `bench-scale/${label}` });

  const warmUp = fresh('warm-up');
  await warmUp.condition(X.slice(0, Math.min(context, 8)), y.subarray(0, Math.min(context, 8)));
  await warmUp.posterior(Xq.slice(0, Math.min(query, 8)));
  (globalThis as { gc?: () => void }).gc?.();

  const before = peakMiB();
  const conditionSeconds: number[] = [];
  const posteriorSeconds: number[] = [];
  let memoryMiB = 0;
  for (let r = 0; r < repeats; r++) {
    const surrogate = fresh(String(r));
    conditionSeconds.push(await timed(() => surrogate.condition(X, y)));
    posteriorSeconds.push(await timed(() => surrogate.posterior(Xq)));
    if (r === 0) memoryMiB = peakMiB() - before;
  }
  return { ...point, conditionSeconds: median(conditionSeconds), posteriorSeconds: median(posteriorSeconds), memoryMiB, peakRssMiB: peakMiB() };
}
