/** Validation of the observations a surrogate is conditioned on, shared by every surrogate. */

import type { Point } from '../src/core/types.js';

/**
 * Checks that `X` is an array of points and `y` a Float64Array of finite values of the same length; throws an
 * Error naming the argument otherwise.
 */
export function checkObservations(X: readonly Point[], y: Float64Array): void {
  if (!Array.isArray(X)) throw new Error('X: expected an array of points');
  if (!(y instanceof Float64Array)) throw new Error('y: expected a Float64Array');
  if (X.length !== y.length) throw new Error(`X/y: ${X.length} points but ${y.length} values`);
  const bad = y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`y: non-finite value ${y[bad]} at index ${bad}`);
}
