import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { GP1D_TASKS, gpSampleProblem } from '../../src/problems/gp-sample.js';
import { getProblem } from '../../src/problems/index.js';
import { createPriorKernel, multiplyLower, priorCholesky } from '../../surrogates/training/kernels.js';

const GRID = Array.from({ length: GP1D_TASKS.gridPoints }, (_, i) => -2 + (4 * i) / (GP1D_TASKS.gridPoints - 1));

describe('gpSampleProblem', () => {
  const task0 = gpSampleProblem(0);

  it('is the 1-D problem gp1d:K on [−2, 2], the same one through getProblem', () => {
    expect(task0.name).toBe('gp1d:0');
    expect(task0.dimension).toBe(1);
    expect(task0.bounds).toEqual([[-2, 2]]);
    expect(getProblem('gp1d:0')).toBe(task0);
  });

  it('is deterministic in the task index: known values of task 0 (float64)', () => {
    // The 1000-point RBF covariance is nearly singular, so these values depend on the rounding of the Cholesky
    // factorisation (its blocked loop order gave changes of ~1e-4): they pin this implementation's arithmetic.
    expect(task0.optimalValue).toBe(-0.9393665717010509);
    expect(task0.optimizers[0][0]).toBeCloseTo(-1.3313313313313313, 15);
    expect(task0.evaluate([0])).toBeCloseTo(-0.35563336601748385, 14);
  });

  it('has on the grid the joint draw of an RBF GP whose ℓ and s come from Rng(gp1d).fork(K)', () => {
    const rng = new Rng('gp1d').fork(2);
    const lengthscale = rng.uniformIn(0.1, 0.6);
    const scale = rng.uniformIn(0.1, 1.0);
    const kernel = createPriorKernel({ family: 'rbf', lengthscales: [lengthscale], variance: scale ** 2, jitter: 1e-12 * scale ** 2 });
    const expected = multiplyLower(priorCholesky(kernel, Float64Array.from(GRID)), rng.normals(GRID.length));
    const task2 = gpSampleProblem(2);
    for (const i of [0, 1, 137, 500, 998, 999]) expect(task2.evaluate([GRID[i]])).toBeCloseTo(expected[i], 12);
    expect(task2.optimalValue).toBe(Math.min(...expected));
  });

  it('different tasks are different functions', () => {
    const task1 = gpSampleProblem(1);
    expect(task1.optimalValue).not.toBe(task0.optimalValue);
    expect(GRID.slice(0, 50).some((x) => task1.evaluate([x]) !== task0.evaluate([x]))).toBe(true);
  });

  it('has its minimum exactly at the grid minimum: no point of the interval is lower', () => {
    const values = GRID.map((x) => task0.evaluate([x]));
    expect(Math.min(...values)).toBe(task0.optimalValue);
    expect(task0.evaluate(task0.optimizers[0])).toBe(task0.optimalValue);
    const rng = new Rng('probe');
    for (let i = 0; i < 2000; i++) expect(task0.evaluate([rng.uniformIn(-2, 2)])).toBeGreaterThanOrEqual(task0.optimalValue);
  });

  it('is linear between grid points and constant beyond the interval', () => {
    const [a, b] = [task0.evaluate([GRID[400]]), task0.evaluate([GRID[401]])];
    expect(task0.evaluate([(GRID[400] + GRID[401]) / 2])).toBeCloseTo((a + b) / 2, 14);
    expect(task0.evaluate([GRID[400] * 0.75 + GRID[401] * 0.25])).toBeCloseTo(0.75 * a + 0.25 * b, 14);
    expect(task0.evaluate([-7])).toBe(task0.evaluate([-2]));
    expect(task0.evaluate([3])).toBe(task0.evaluate([2]));
  });

  it('rejects task indices that are not integers in range, naming task (and problem through getProblem)', () => {
    for (const bad of [-1, 1.5, NaN, GP1D_TASKS.maxTask + 1]) expect(() => gpSampleProblem(bad)).toThrow(/^task: expected an integer from 0 to 999999/);
    for (const name of ['gp1d:', 'gp1d:-1', 'gp1d:x', 'gp1d:1e3', 'gp1d:1000000']) {
      expect(() => getProblem(name), name).toThrow(/problem: .*the task index after "gp1d:" must be an integer from 0 to 999999/);
    }
    expect(() => getProblem('nope')).toThrow(/rosenbrock:D, gp1d:K/);
  });
});

