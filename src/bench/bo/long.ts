/**
 * Part 3 of the BO benchmark from its runs: how long a suggestion takes as the observations grow to the budget.
 * The time at `n` observations is the median over the model-chosen suggestions made with `n − window + 1 … n`
 * observations (the `i`-th suggestion of a run, counting from 0, is made with `i`: benchmark objectives never
 * fail), cut at the last suggestion of the run — with a budget of 1000 the last one sees 999 observations.
 */

import { formatFigure, formatMilliseconds } from '../format.js';
import type { SkippedSurrogate } from '../harness.js';
import type { RunResult } from '../run.js';
import { median } from '../stats.js';
import { missingReason } from './checks.js';
import type { Check, LongRow, ObservationWindow } from './document.js';
import { groupRuns } from './table.js';

/** The surrogate every suggestion time is compared with. */
const REFERENCE = 'gp';

/** The neural processes the done-when statement is about. */
export const LONG_NP_SURROGATES = ['tnp-kr-dka', 'cmanp'] as const;

/** The largest time relative to gp's at the last observation count that the issue accepts. */
export const MAX_TIME_RATIO = 0.1;

/** Suggestion time of `runs` at `at` observations, over the `window` suggestions up to it. */
export function observationWindow(runs: readonly RunResult[], at: number, window: number): ObservationWindow {
  const last = Math.max(...runs.map((r) => r.suggestSeconds.length - 1));
  const from = Math.max(0, at - window + 1);
  const to = Math.min(at, last);
  const seconds = runs.flatMap((r) => r.suggestSeconds.filter((_, i) => i >= from && i <= to && r.modelChosen[i]));
  return { at, from, to, count: seconds.length, seconds: seconds.length > 0 ? median(seconds) : null };
}

/** One row per surrogate and acquisition of `runs`, timed at each count of `at`. */
export function longRows(runs: readonly RunResult[], at: readonly number[], window: number): LongRow[] {
  const bare = groupRuns(runs).map((group) => ({
    surrogate: group[0].surrogate,
    acquisition: group[0].acquisition,
    runs: group.length,
    finalRegret: median(group.map((r) => r.regret.at(-1)!)),
    modelChosen: group.reduce((s, r) => s + r.modelChosen.filter(Boolean).length, 0),
    suggestions: group.reduce((s, r) => s + r.modelChosen.length, 0),
    runSeconds: median(group.map((r) => r.seconds)),
    windows: at.map((n) => observationWindow(group, n, window)),
  }));
  const reference = bare.find((r) => r.surrogate === REFERENCE)?.windows.at(-1)?.seconds ?? null;
  return bare.map((row) => {
    const seconds = row.windows.at(-1)?.seconds ?? null;
    return { ...row, ratioToGp: row.surrogate === REFERENCE || seconds === null || reference === null ? null : seconds / reference };
  });
}

/** The statement about part 3 on `rows`: at the last observation count, an NP takes ≤ a tenth of gp's time. */
export function longChecks(rows: readonly LongRow[], skipped: readonly SkippedSurrogate[]): Check[] {
  const at = rows[0]?.windows.at(-1)?.at;
  const statement = `At ${at ?? 'the last'} observations a ${LONG_NP_SURROGATES.join(' or ')} suggestion takes at most a tenth of a gp suggestion`;
  const reference = rows.find((r) => r.surrogate === REFERENCE);
  const timed = (row: LongRow | undefined) => row?.windows.at(-1)?.seconds != null;
  if (!timed(reference)) {
    return [{ statement, status: 'not measurable', detail: reference ? `gp made no model suggestion near ${at} observations` : missingReason(REFERENCE, skipped) }];
  }
  const gpSeconds = reference!.windows.at(-1)!.seconds!;
  const parts = LONG_NP_SURROGATES.map((name) => {
    const row = rows.find((r) => r.surrogate === name);
    if (!timed(row)) return { ok: false, measured: false, text: row ? `${name} made no model suggestion near ${at} observations` : missingReason(name, skipped) };
    const ratio = row!.ratioToGp!;
    return { ok: ratio <= MAX_TIME_RATIO, measured: true, text: `${name} ${formatFigure(ratio)} of gp's time (${formatMilliseconds(row!.windows.at(-1)!.seconds!)} ms vs ${formatMilliseconds(gpSeconds)} ms)` };
  });
  const status = parts.some((p) => p.ok) ? 'met' : parts.some((p) => p.measured) ? 'not met' : 'not measurable';
  return [{ statement, status, detail: parts.map((p) => p.text).join('; ') }];
}
