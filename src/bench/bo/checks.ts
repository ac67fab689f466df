/** Helpers of the done-when checks: saying why a side of a comparison is missing. */

import type { SkippedSurrogate } from '../harness.js';

/** Why `surrogate` has no results: unavailable in this version (with the reason) or left out of the run. */
export function missingReason(surrogate: string, skipped: readonly SkippedSurrogate[]): string {
  const reason = skipped.find((s) => s.surrogate === surrogate)?.reason;
  return reason === undefined ? `${surrogate} was not run (not among --surrogates)` : `${surrogate} unavailable (${reason})`;
}
