import { describe, expect, it } from 'vitest';
import { ExpectedImprovement } from '../../acquisition/ei.js';
import { LogExpectedImprovement } from '../../acquisition/logei.js';
import { ProbabilityOfImprovement } from '../../acquisition/pi.js';
import { UpperConfidenceBound } from '../../acquisition/ucb.js';
import { normalCdf, normalPdf } from '../../src/core/normal.js';
import type { AnalyticAcquisition } from '../../src/core/types.js';

const posterior = (mean: number[], std: number[]) => ({ mean: Float64Array.from(mean), std: Float64Array.from(std) });

describe('closed forms', () => {
  const incumbent = 0.3;
  const mean = [0.5, 0.3, -1, 2, 0.1];
  const std = [0.2, 1, 0.5, 0.3, 3];
  const z = mean.map((m, i) => (incumbent - m) / std[i]);

  it('EI = σ(φ(z) + zΦ(z)) and log-EI is its logarithm', () => {
    const ei = new ExpectedImprovement().score(posterior(mean, std), incumbent);
    const logei = new LogExpectedImprovement().score(posterior(mean, std), incumbent);
    z.forEach((zi, i) => {
      const expected = std[i] * (normalPdf(zi) + zi * normalCdf(zi));
      expect(ei[i]).toBeCloseTo(expected, 14);
      expect(logei[i]).toBeCloseTo(Math.log(expected), 10);
    });
  });

  it('PI scores log Φ(z); UCB scores −μ + 1.96σ', () => {
    const pi = new ProbabilityOfImprovement().score(posterior(mean, std), incumbent);
    const ucb = new UpperConfidenceBound().score(posterior(mean, std), incumbent);
    z.forEach((zi, i) => {
      expect(pi[i]).toBeCloseTo(Math.log(normalCdf(zi)), 12);
      expect(ucb[i]).toBeCloseTo(-mean[i] + 1.96 * std[i], 14);
    });
  });

  it('the margin ξ shifts the improvement', () => {
    const a = new LogExpectedImprovement({ xi: 0.1 }).score(posterior([0.2], [0.3]), 0.3);
    const b = new LogExpectedImprovement().score(posterior([0.3], [0.3]), 0.3);
    expect(a[0]).toBeCloseTo(b[0], 14);
  });

  it('rejects a negative UCB weight and a non-finite margin, naming the option', () => {
    expect(() => new UpperConfidenceBound({ sqrtBeta: -1 })).toThrow(/sqrtBeta/);
    expect(() => new LogExpectedImprovement({ xi: Number.NaN })).toThrow(/xi: must be a finite number/);
  });
});

describe('log-EI far from the incumbent', () => {
  it('stays finite, with a useful gradient, where EI underflows to 0', () => {
    const p = posterior([10, 100, 1e4], [0.01, 0.01, 1e-3]);
    const ei = new ExpectedImprovement().score(p, 0);
    const log = new LogExpectedImprovement().scoreWithGradient(p, 0);
    expect([...ei]).toEqual([0, 0, 0]);
    for (let i = 0; i < 3; i++) {
      expect(Number.isFinite(log.value[i])).toBe(true);
      expect(log.dMean[i]).toBeLessThan(0);
      expect(Number.isFinite(log.dStd[i]) && log.dStd[i] > 0).toBe(true);
    }
    expect(log.value[0]).toBeGreaterThan(log.value[1]);
  });
});

describe('derivatives with respect to μ and σ match central differences', () => {
  const cases: [string, AnalyticAcquisition][] = [
    ['logei', new LogExpectedImprovement()],
    ['ei', new ExpectedImprovement()],
    ['pi', new ProbabilityOfImprovement()],
    ['ucb', new UpperConfidenceBound({ sqrtBeta: 2 })],
  ];
  const mean = [-0.4, 0, 0.25, 1.5, 6];
  const std = [0.3, 1, 0.05, 0.7, 0.9];
  for (const [name, acquisition] of cases) {
    it(name, () => {
      const h = 1e-6;
      const at = (m: number[], s: number[]) => acquisition.score(posterior(m, s), 0.1);
      const { dMean, dStd } = acquisition.scoreWithGradient(posterior(mean, std), 0.1);
      mean.forEach((_, i) => {
        const up = [...mean];
        const down = [...mean];
        up[i] += h;
        down[i] -= h;
        const numericMean = (at(up, std)[i] - at(down, std)[i]) / (2 * h);
        const sUp = [...std];
        const sDown = [...std];
        sUp[i] += h;
        sDown[i] -= h;
        const numericStd = (at(mean, sUp)[i] - at(mean, sDown)[i]) / (2 * h);
        expect(dMean[i]).toBeCloseTo(numericMean, 5);
        expect(dStd[i]).toBeCloseTo(numericStd, 5);
      });
    });
  }
});
