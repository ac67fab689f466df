import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import type { EncodedDimension } from '../../../src/core/types.js';
import { logPrior } from '../../../surrogates/gp/hyperparameters.js';
import { Kernel, MATERN52, RBF } from '../../../surrogates/gp/kernel.js';
import { LogPosterior } from '../../../surrogates/gp/likelihood.js';
import { GPNumericalError } from '../../../surrogates/gp/linalg.js';

const continuous: EncodedDimension = { kind: 'continuous' };
const categorical: EncodedDimension = { kind: 'categorical', values: [1 / 6, 3 / 6, 5 / 6] };

/** log det(A) and A⁻¹b by Gaussian elimination with partial pivoting (independent of the Cholesky code). */
function gaussian(a: number[][], b: number[]): { logDet: number; solution: number[] } {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  let logDet = 0;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    logDet += Math.log(Math.abs(m[c][c]));
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const solution = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = m[i][n];
    for (let k = i + 1; k < n; k++) sum -= m[i][k] * solution[k];
    solution[i] = sum / m[i][i];
  }
  return { logDet, solution };
}

function data(kernel: Kernel, n: number, seed: string) {
  const rng = new Rng(seed);
  const points = Array.from({ length: n }, () => Float64Array.from({ length: kernel.d }, () => rng.uniform()));
  const y = Float64Array.from(points, (p) => Math.sin(5 * p[0]) + p[p.length - 1]);
  return { x: kernel.encode(points, 'X'), y };
}

describe('LogPosterior', () => {
  it('equals log N(ỹ; 0, K + σ_n²I) + log p(θ) computed independently', () => {
    const kernel = new Kernel(MATERN52, [continuous, categorical]);
    const { x, y } = data(kernel, 6, 'value');
    const logTheta = Float64Array.of(Math.log(0.4), Math.log(1.5), Math.log(0.8), Math.log(0.05));
    const objective = new LogPosterior(kernel, x, y);
    const value = objective.evaluate(logTheta);
    expect(objective.jitter).toBe(0);

    const n = 6;
    const k: number[][] = [];
    for (let a = 0; a < n; a++) {
      k.push([]);
      for (let b = 0; b < n; b++) {
        const dx = x[a * 2] - x[b * 2];
        const r2 = (dx * dx) / 0.16 + (x[a * 2 + 1] === x[b * 2 + 1] ? 0 : 1 / 2.25);
        const r = Math.sqrt(r2);
        k[a].push(0.8 * (1 + Math.sqrt(5) * r + (5 / 3) * r2) * Math.exp(-Math.sqrt(5) * r) + (a === b ? 0.05 : 0));
      }
    }
    const { logDet, solution } = gaussian(k, Array.from(y));
    const quadratic = solution.reduce((s, v, i) => s + v * y[i], 0);
    const expected = -0.5 * quadratic - 0.5 * logDet - (n / 2) * Math.log(2 * Math.PI) + logPrior(logTheta, 2);
    expect(value).toBeCloseTo(expected, 10);
    objective.alpha.forEach((v, i) => expect(v).toBeCloseTo(solution[i], 10));
  });

  for (const profile of [MATERN52, RBF]) {
    it(`gradient matches central differences (${profile.name}, with a categorical dimension)`, () => {
      const kernel = new Kernel(profile, [continuous, categorical, continuous]);
      const { x, y } = data(kernel, 15, `gradient-${profile.name}`);
      const objective = new LogPosterior(kernel, x, y);
      const logTheta = Float64Array.of(Math.log(0.3), Math.log(0.9), Math.log(0.5), Math.log(1.3), Math.log(0.02));
      const gradient = new Float64Array(5);
      objective.evaluate(logTheta, gradient);
      expect(objective.jitter).toBe(0);
      for (let i = 0; i < 5; i++) {
        const h = 1e-5;
        const plus = logTheta.slice();
        plus[i] += h;
        const minus = logTheta.slice();
        minus[i] -= h;
        const numeric = (objective.evaluate(plus) - objective.evaluate(minus)) / (2 * h);
        expect(Math.abs(gradient[i] - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      }
    });
  }

  it('jitters exact duplicates at a zero-noise θ and reports it', () => {
    const kernel = new Kernel(MATERN52, [continuous]);
    const point = Float64Array.of(0.3);
    const x = kernel.encode([point, point, Float64Array.of(0.8)], 'X');
    const objective = new LogPosterior(kernel, x, Float64Array.of(1, 1, -1));
    // Noise e^{-60} ≈ 1e-26 is far below round-off: the duplicated rows make K singular.
    const value = objective.evaluate(Float64Array.of(Math.log(0.2), 0, -60));
    expect(objective.jitter).toBeGreaterThan(0);
    expect(Number.isFinite(value)).toBe(true);
  });

  it('throws GPNumericalError when the covariance cannot be factored', () => {
    const kernel = new Kernel(MATERN52, [continuous]);
    const x = kernel.encode([Float64Array.of(0.3), Float64Array.of(0.4)], 'X');
    const objective = new LogPosterior(kernel, x, Float64Array.of(1, -1));
    expect(() => objective.evaluate(Float64Array.of(0, 0, Math.log(1e300) * 3))).toThrow(GPNumericalError);
  });
});
