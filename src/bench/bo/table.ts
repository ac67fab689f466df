/**
 * Part 1 of the BO benchmark from its runs: per surrogate and acquisition, the final-regret quartiles and the
 * seconds per suggestion on each problem, the geometric mean over problems of the median final regret relative
 * to gp + logei, whether it beats random search on each problem, and the issue's two done-when statements.
 *
 * "Clearly better than random search" on a problem means: the median final regret lies below random search's
 * 25th percentile there (better than three quarters of the random runs).
 */

import { formatFigure } from '../format.js';
import type { SkippedSurrogate } from '../harness.js';
import type { RunResult } from '../run.js';
import { flooredRatio, geometricMean, median } from '../stats.js';
import { modelSuggestSeconds, quartiles } from '../summary.js';
import { missingReason } from './checks.js';
import type { Check, TableCell, TableRow } from './document.js';

/** The largest geometric-mean ratio to gp + logei the issue accepts for tnp-kr + logei. */
export const MAX_GEOMETRIC_MEAN_RATIO = 2;

/** The reference every ratio is taken against. */
const REFERENCE = { surrogate: 'gp', acquisition: 'logei' } as const;

/** The surrogate and acquisition the done-when statements are about. */
const SUBJECT = { surrogate: 'tnp-kr', acquisition: 'logei' } as const;

/** `runs` grouped by surrogate and acquisition, in the order the groups first appear. */
export function groupRuns(runs: readonly RunResult[]): RunResult[][] {
  const groups = new Map<string, RunResult[]>();
  for (const run of runs) {
    const key = `${run.surrogate}\u0000${run.acquisition}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(run);
  }
  return [...groups.values()];
}

function tableCell(problem: string, runs: readonly RunResult[]): TableCell {
  const seconds = modelSuggestSeconds(runs);
  return {
    problem,
    runs: runs.length,
    finalRegret: quartiles(runs.map((r) => r.regret.at(-1)!)),
    suggestSeconds: seconds.length > 0 ? median(seconds) : null,
  };
}

/** The rows of the table: one per surrogate and acquisition of `runs`, one cell per problem of `problems`. */
export function tableRows(runs: readonly RunResult[], problems: readonly string[]): TableRow[] {
  const bare = groupRuns(runs).map((group) => ({
    surrogate: group[0].surrogate,
    acquisition: group[0].acquisition,
    cells: problems.map((problem) => tableCell(problem, group.filter((r) => r.problem === problem))),
  }));
  const reference = bare.find((r) => r.surrogate === REFERENCE.surrogate && r.acquisition === REFERENCE.acquisition);
  const random = bare.find((r) => r.surrogate === 'random');
  return bare.map((row) => {
    const ratioToGp = reference ? row.cells.map((cell, i) => flooredRatio(cell.finalRegret.median, reference.cells[i].finalRegret.median)) : null;
    return {
      ...row,
      ratioToGp,
      geometricMeanRatio: ratioToGp ? geometricMean(ratioToGp) : null,
      betterThanRandom: random && row !== random ? row.cells.map((cell, i) => cell.finalRegret.median < random.cells[i].finalRegret.q25) : null,
    };
  });
}

/** The issue's two statements about part 1, measured on `rows` (problems as in the rows' cells). */
export function tableChecks(rows: readonly TableRow[], skipped: readonly SkippedSurrogate[]): Check[] {
  const subject = rows.find((r) => r.surrogate === SUBJECT.surrogate && r.acquisition === SUBJECT.acquisition);
  const hasReference = rows.some((r) => r.surrogate === REFERENCE.surrogate && r.acquisition === REFERENCE.acquisition);
  const hasRandom = rows.some((r) => r.surrogate === 'random');
  const problems = rows[0]?.cells.map((c) => c.problem) ?? [];
  /** The statement measured by `measure`, or not measurable when a side in `needs` (name, present) is missing. */
  const check = (statement: string, needs: readonly (readonly [string, boolean])[], measure: (row: TableRow) => Omit<Check, 'statement'>): Check => {
    const missing = [[SUBJECT.surrogate, subject !== undefined] as const, ...needs].filter(([, present]) => !present);
    if (missing.length > 0 || subject === undefined) return { statement, status: 'not measurable', detail: missing.map(([name]) => missingReason(name, skipped)).join('; ') };
    return { statement, ...measure(subject) };
  };
  return [
    check(
      `Over the ${problems.length} problems, tnp-kr + logei has a geometric mean of (its median final regret / gp + logei's) of at most ${MAX_GEOMETRIC_MEAN_RATIO}`,
      [[REFERENCE.surrogate, hasReference]],
      (row) => ({
        status: row.geometricMeanRatio! <= MAX_GEOMETRIC_MEAN_RATIO ? 'met' : 'not met',
        detail: `geometric mean ${formatFigure(row.geometricMeanRatio!)}; per problem ${problems.map((p, i) => `${p} ${formatFigure(row.ratioToGp![i])}`).join(', ')}`,
      }),
    ),
    check(
      "tnp-kr + logei is clearly better than random search on every problem (its median final regret below random search's 25th percentile)",
      [['random', hasRandom]],
      (row) => {
        const worse = problems.filter((_, i) => !row.betterThanRandom![i]);
        return { status: worse.length === 0 ? 'met' : 'not met', detail: worse.length === 0 ? `better on all ${problems.length} problems` : `not clearly better on ${worse.join(', ')}` };
      },
    ),
  ];
}
