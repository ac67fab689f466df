import { describe, expect, it } from 'vitest';
import { tableChecks, tableRows } from '../../../src/bench/bo/table.js';
import type { RunResult } from '../../../src/bench/run.js';
import type { SurrogateName } from '../../../src/registry.js';
import { fakeRun } from './fake-run.js';

const PROBLEMS = ['branin', 'hartmann6'];

/** Three seeds of `surrogate` per problem, with final regrets `finals[problem]` (one per seed). */
function seeds(surrogate: SurrogateName, finals: Record<string, number[]>, acquisition: 'logei' | 'ts' = 'logei'): RunResult[] {
  return PROBLEMS.flatMap((problem) => finals[problem].map((final, seed) => fakeRun({ surrogate, acquisition, problem, seed, final })));
}

const GP = seeds('gp', { branin: [1, 2, 3], hartmann6: [0.1, 0.2, 0.3] });
const RANDOM = seeds('random', { branin: [10, 20, 30], hartmann6: [1, 1.5, 2] });
const TNP_GOOD = seeds('tnp-kr', { branin: [4, 4, 4], hartmann6: [0.1, 0.1, 0.1] }); // ratios 2 and 0.5
const TNP_BAD = seeds('tnp-kr', { branin: [8, 8, 8], hartmann6: [1.2, 1.2, 1.2] }); // ratios 4 and 6, yet below random's 25th percentiles (15, 1.25)

describe('tableRows', () => {
  const rows = tableRows([...GP, ...TNP_GOOD, ...RANDOM, ...seeds('gp', { branin: [0, 0, 0], hartmann6: [0.2, 0.2, 0.2] }, 'ts')], PROBLEMS);

  it('has one row per surrogate and acquisition in the order of the runs, one cell per problem', () => {
    expect(rows.map((r) => `${r.surrogate}+${r.acquisition}`)).toEqual(['gp+logei', 'tnp-kr+logei', 'random+logei', 'gp+ts']);
    expect(rows[0].cells.map((c) => [c.problem, c.runs, c.finalRegret])).toEqual([
      ['branin', 3, { median: 2, q25: 1.5, q75: 2.5 }],
      ['hartmann6', 3, { median: 0.2, q25: 0.15000000000000002, q75: 0.25 }],
    ]);
  });

  it('gives median seconds of model-chosen suggestions, none for random search', () => {
    expect(rows[0].cells[0].suggestSeconds).toBe(0.1);
    expect(rows[2].cells.map((c) => c.suggestSeconds)).toEqual([null, null]);
  });

  it('divides median final regrets by gp + logei (floored) and takes their geometric mean', () => {
    expect(rows[0].ratioToGp).toEqual([1, 1]);
    expect(rows[1].ratioToGp![0]).toBe(2);
    expect(rows[1].ratioToGp![1]).toBeCloseTo(0.5, 14);
    expect(rows[1].geometricMeanRatio).toBeCloseTo(1, 14);
    expect(rows[3].ratioToGp![0]).toBe(1e-12 / 2); // a regret of 0 counts as 1e-12
  });

  it("marks problems where the median final regret is below random search's 25th percentile", () => {
    expect(rows[1].betterThanRandom).toEqual([true, true]);
    expect(rows[2].betterThanRandom).toBeNull();
    expect(tableRows([...GP, ...seeds('np', { branin: [15, 15, 15], hartmann6: [0.1, 0.1, 0.1] }), ...RANDOM], PROBLEMS)[1].betterThanRandom).toEqual([false, true]);
  });

  it('has no ratios without gp + logei and no comparison without random search', () => {
    const alone = tableRows(TNP_GOOD, PROBLEMS);
    expect(alone[0].ratioToGp).toBeNull();
    expect(alone[0].geometricMeanRatio).toBeNull();
    expect(alone[0].betterThanRandom).toBeNull();
  });
});

describe('tableChecks', () => {
  it('are met when tnp-kr + logei is within 2× of gp on geometric mean and clearly beats random everywhere', () => {
    const checks = tableChecks(tableRows([...GP, ...TNP_GOOD, ...RANDOM], PROBLEMS), []);
    expect(checks.map((c) => c.status)).toEqual(['met', 'met']);
    expect(checks[0].statement).toMatch(/^Over the 2 problems, tnp-kr \+ logei has a geometric mean .* at most 2$/);
    expect(checks[0].detail).toBe('geometric mean 1.00; per problem branin 2.00, hartmann6 0.500');
  });

  it('are not met when the geometric mean exceeds 2 or random search is not clearly beaten somewhere', () => {
    const bad = seeds('tnp-kr', { branin: [8, 8, 8], hartmann6: [1.4, 1.4, 1.4] });
    const checks = tableChecks(tableRows([...GP, ...bad, ...RANDOM], PROBLEMS), []);
    expect(checks.map((c) => c.status)).toEqual(['not met', 'not met']);
    expect(checks[1].detail).toBe('not clearly better on hartmann6');
    expect(tableChecks(tableRows([...GP, ...TNP_BAD, ...RANDOM], PROBLEMS), []).map((c) => c.status)).toEqual(['not met', 'met']);
  });

  it('are not measurable when a side is missing, saying why', () => {
    const skipped = [{ surrogate: 'tnp-kr', reason: 'weights file x.json: missing' }];
    const checks = tableChecks(tableRows([...GP, ...RANDOM], PROBLEMS), skipped);
    expect(checks.map((c) => [c.status, c.detail])).toEqual([
      ['not measurable', 'tnp-kr unavailable (weights file x.json: missing)'],
      ['not measurable', 'tnp-kr unavailable (weights file x.json: missing)'],
    ]);
    const noBaselines = tableChecks(tableRows(TNP_GOOD, PROBLEMS), []);
    expect(noBaselines.map((c) => c.detail)).toEqual(['gp was not run (not among --surrogates)', 'random was not run (not among --surrogates)']);
  });
});
