import { describe, expect, it } from 'vitest';
import { longChecks, longRows, observationWindow } from '../../../src/bench/bo/long.js';
import type { SurrogateName } from '../../../src/registry.js';
import { fakeRun } from './fake-run.js';

/** A run of 12 suggestions (2 design points) whose i-th suggestion takes `perObservation(i)` seconds. */
function timedRun(surrogate: SurrogateName, perObservation: (i: number) => number, seed = 0) {
  return fakeRun({ surrogate, problem: 'hartmann6', seed, final: 0.01 * (seed + 1), suggestSeconds: Array.from({ length: 12 }, (_, i) => perObservation(i)) });
}

describe('observationWindow', () => {
  const run = timedRun('gp', (i) => i);

  it('takes the median over the model-chosen suggestions made with at − window + 1 … at observations', () => {
    expect(observationWindow([run], 6, 3)).toEqual({ at: 6, from: 4, to: 6, count: 3, seconds: 5 });
    expect(observationWindow([run, timedRun('gp', (i) => 10 * i, 1)], 6, 3).seconds).toBe(23); // pooled: 4, 5, 6, 40, 50, 60
  });

  it('leaves out design points and stops at the last suggestion of the run', () => {
    expect(observationWindow([run], 3, 4)).toEqual({ at: 3, from: 0, to: 3, count: 2, seconds: 2.5 });
    expect(observationWindow([run], 12, 3)).toEqual({ at: 12, from: 10, to: 11, count: 2, seconds: 10.5 });
    expect(observationWindow([run], 20, 3)).toEqual({ at: 20, from: 18, to: 11, count: 0, seconds: null });
  });
});

describe('longRows and longChecks', () => {
  const gp = timedRun('gp', (i) => i);
  const dka = timedRun('tnp-kr-dka', () => 0.5);
  const cmanp = timedRun('cmanp', () => 2);

  it('time each surrogate at every count and divide by gp at the last one', () => {
    const rows = longRows([gp, dka, cmanp], [6, 11], 2);
    expect(rows.map((r) => [r.surrogate, r.modelChosen, r.suggestions, r.windows.map((w) => w.seconds), r.ratioToGp])).toEqual([
      ['gp', 10, 12, [5.5, 10.5], null],
      ['tnp-kr-dka', 10, 12, [0.5, 0.5], 0.5 / 10.5],
      ['cmanp', 10, 12, [2, 2], 2 / 10.5],
    ]);
    expect(rows[0].finalRegret).toBe(0.01);
  });

  it('is met when one of tnp-kr-dka and cmanp takes at most a tenth of gp, and says which', () => {
    const [check] = longChecks(longRows([gp, dka, cmanp], [6, 11], 2), []);
    expect(check.statement).toBe('At 11 observations a tnp-kr-dka or cmanp suggestion takes at most a tenth of a gp suggestion');
    expect(check.status).toBe('met');
    expect(check.detail).toBe("tnp-kr-dka 0.0476 of gp's time (500.0 ms vs 10500.0 ms); cmanp 0.190 of gp's time (2000.0 ms vs 10500.0 ms)");
    expect(longChecks(longRows([gp, cmanp], [11], 2), []).map((c) => c.status)).toEqual(['not met']);
  });

  it('is not measurable without gp or without both neural processes, saying why', () => {
    const skipped = [
      { surrogate: 'tnp-kr-dka', reason: 'no weights' },
      { surrogate: 'cmanp', reason: 'no weights' },
    ];
    const [check] = longChecks(longRows([gp], [11], 2), skipped);
    expect([check.status, check.detail]).toEqual(['not measurable', 'tnp-kr-dka unavailable (no weights); cmanp unavailable (no weights)']);
    expect(longChecks(longRows([dka], [11], 2), []).map((c) => [c.status, c.detail])).toEqual([['not measurable', 'gp was not run (not among --surrogates)']]);
    expect(longChecks(longRows([gp, dka], [30], 2), [])[0].detail).toBe('gp made no model suggestion near 30 observations');
  });
});
