import { describe, expect, it } from 'vitest';
import { meanWithError, np1dRows } from '../../../src/bench/bo/np1d.js';
import { fakeRun } from './fake-run.js';

describe('meanWithError', () => {
  it('gives the mean and the sample standard deviation over √n', () => {
    const { mean, standardError } = meanWithError([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(standardError).toBeCloseTo(Math.sqrt(5 / 3 / 4), 15);
  });

  it('has no standard error for a single value', () => {
    expect(meanWithError([7])).toEqual({ mean: 7, standardError: null });
  });
});

describe('np1dRows', () => {
  it('summarises the final regret over tasks per surrogate and acquisition', () => {
    const runs = [0.1, 0.2, 0.6].flatMap((final, k) => [
      fakeRun({ surrogate: 'gp', problem: `gp1d:${k}`, final, suggestSeconds: [0, 0, 0.01 * (k + 1), 0.02] }),
      fakeRun({ surrogate: 'random', problem: `gp1d:${k}`, final: 10 * final }),
    ]);
    const [gp, random] = np1dRows(runs);
    expect([gp.surrogate, gp.acquisition, gp.runs]).toEqual(['gp', 'logei', 3]);
    expect(gp.finalRegret).toEqual({ median: 0.2, q25: 0.15000000000000002, q75: 0.4 });
    expect(gp.meanFinalRegret).toBeCloseTo(0.3, 15);
    expect(gp.standardError).toBeCloseTo(Math.sqrt(0.07 / 3), 14);
    expect(gp.suggestSeconds).toBe(0.02);
    expect(random.surrogate).toBe('random');
    expect(random.meanFinalRegret).toBeCloseTo(3, 14);
    expect(random.suggestSeconds).toBeNull();
  });
});
