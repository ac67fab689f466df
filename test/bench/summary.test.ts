import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/bench/run.js';
import { modelSuggestSeconds, quartiles, summarise } from '../../src/bench/summary.js';

function run(surrogate: 'gp' | 'random', problem: string, seed: number, regret: number[], seconds: number[]): RunResult {
  return { problem, surrogate, acquisition: 'logei', seed, budget: regret.length, regret, suggestSeconds: seconds, modelChosen: seconds.map((_, i) => surrogate === 'gp' && i >= 2), seconds: seed + 1 };
}

describe('quartiles', () => {
  it('interpolates like numpy (linear)', () => {
    expect(quartiles([4, 1, 3, 2])).toEqual({ median: 2.5, q25: 1.75, q75: 3.25 });
    expect(quartiles([7])).toEqual({ median: 7, q25: 7, q75: 7 });
  });
});

describe('summarise', () => {
  const runs = [
    run('gp', 'branin', 0, [9, 5, 1, 0.5], [0, 0, 0.1, 0.3]),
    run('gp', 'branin', 1, [8, 4, 2, 1.5], [0, 0, 0.2, 0.4]),
    run('gp', 'branin', 2, [7, 3, 3, 2.5], [0, 0, 0.3, 0.5]),
    run('random', 'branin', 0, [9, 6, 6, 6], [0, 0, 0, 0]),
    run('gp', 'forrester', 0, [1, 1, 0.1, 0.01], [0, 0, 0.6, 0.8]),
  ];
  const { groups, timing } = summarise(runs);

  it('gives per problem, surrogate and acquisition the regret quartiles after each evaluation', () => {
    expect(groups.map((g) => [g.problem, g.surrogate, g.runs])).toEqual([
      ['branin', 'gp', 3],
      ['branin', 'random', 1],
      ['forrester', 'gp', 1],
    ]);
    expect(groups[0].regret.map((q) => q.median)).toEqual([8, 4, 2, 1.5]);
    expect(groups[0].finalRegret).toEqual({ median: 1.5, q25: 1, q75: 2 });
    expect(groups[0].runSeconds).toBe(2);
  });

  it('pools suggestion times of model-chosen points over problems, by number of observations', () => {
    expect(timing.map((t) => t.surrogate)).toEqual(['gp', 'random']);
    expect(timing[0].byObservations.map((o) => [o.observations, o.median])).toEqual([
      [2, 0.25],
      [3, 0.45],
    ]);
    expect(timing[0].suggestSeconds!.median).toBeCloseTo(0.35, 12);
    expect(timing[1]).toEqual({ surrogate: 'random', acquisition: 'logei', suggestSeconds: null, byObservations: [] });
  });
});

describe('modelSuggestSeconds', () => {
  it('keeps the times of model-chosen suggestions only, run after run', () => {
    const runs = [run('gp', 'branin', 0, [3, 2, 1, 0], [0.5, 0.5, 0.1, 0.2]), run('random', 'branin', 0, [3, 3], [0, 0]), run('gp', 'branin', 1, [1, 1, 1], [0, 0, 0.3])];
    expect(modelSuggestSeconds(runs)).toEqual([0.1, 0.2, 0.3]);
    expect(modelSuggestSeconds([])).toEqual([]);
  });
});
