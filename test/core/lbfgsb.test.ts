import { describe, it, expect } from 'vitest';
import { minimizeBox, minimizeBoxBatch, type ValueAndGradient } from '../../src/core/lbfgsb.js';

const vec = (...values: number[]) => Float64Array.from(values);
const filled = (n: number, value: number) => new Float64Array(n).fill(value);

/** f(x) = ½(x−c)ᵀA(x−c) with a symmetric positive-definite A. */
function quadratic(a: number[][], c: number[]) {
  return (x: Float64Array): ValueAndGradient => {
    const n = x.length;
    const gradient = new Float64Array(n);
    let value = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) gradient[i] += a[i][j] * (x[j] - c[j]);
      value += 0.5 * (x[i] - c[i]) * gradient[i];
    }
    return { value, gradient };
  };
}

function rosenbrock(x: Float64Array): ValueAndGradient {
  const n = x.length;
  const gradient = new Float64Array(n);
  let value = 0;
  for (let i = 0; i < n - 1; i++) {
    const t = x[i + 1] - x[i] * x[i];
    value += 100 * t * t + (1 - x[i]) ** 2;
    gradient[i] += -400 * x[i] * t - 2 * (1 - x[i]);
    gradient[i + 1] += 200 * t;
  }
  return { value, gradient };
}

const spd = [
  [4, 1, 0.5],
  [1, 3, -0.4],
  [0.5, -0.4, 2],
];

describe('minimizeBox', () => {
  it('finds the interior minimiser of a quadratic', () => {
    const result = minimizeBox(quadratic(spd, [0.3, -0.2, 0.7]), vec(2, 2, 2), filled(3, -5), filled(3, 5));
    expect(result.converged).toBe(true);
    [0.3, -0.2, 0.7].forEach((c, i) => expect(result.x[i]).toBeCloseTo(c, 6));
    expect(result.value).toBeLessThan(1e-10);
    expect(result.iterations).toBeLessThanOrEqual(8); // quasi-Newton, not steepest-descent, convergence
  });

  it('solves a bounded quadratic with active bounds (KKT solution known)', () => {
    // The unconstrained minimiser (2, −3, 0) lies outside [−1,1]³. KKT solution: x0 = 1 and x1 = −1 active,
    // x2 free with ∂f/∂x2 = 0.5(x0 − 2) − 0.4(x1 + 3) + 2·x2 = 0, i.e. x2 = 0.65.
    const f = quadratic(spd, [2, -3, 0]);
    const result = minimizeBox(f, vec(0, 0, 0), filled(3, -1), filled(3, 1));
    expect(result.converged).toBe(true);
    const x2 = (0.5 + 0.8) / 2;
    expect(result.x[0]).toBe(1);
    expect(result.x[1]).toBe(-1);
    expect(result.x[2]).toBeCloseTo(x2, 6);
    // KKT: gradient points out of the box on the active coordinates.
    const g = f(result.x).gradient;
    expect(g[0]).toBeLessThan(0);
    expect(g[1]).toBeGreaterThan(0);
  });

  it('puts the solution on the boundary when the optimum is outside the box', () => {
    const f = (x: Float64Array): ValueAndGradient => ({
      value: (x[0] - 3) ** 2 + (x[1] + 0.5) ** 2,
      gradient: vec(2 * (x[0] - 3), 2 * (x[1] + 0.5)),
    });
    const result = minimizeBox(f, vec(0.5, 0.5), vec(0, 0), vec(1, 1));
    expect(result.converged).toBe(true);
    expect(Array.from(result.x)).toEqual([1, 0]);
    expect(result.value).toBeCloseTo(4.25, 12);
  });

  it('minimises the 4-D Rosenbrock function in a box containing the optimum', () => {
    const result = minimizeBox(rosenbrock, vec(-1.2, 1, -1.2, 1), filled(4, -2), filled(4, 2), {
      pgTolerance: 1e-8,
      relTolerance: 0,
      maxIterations: 500,
    });
    expect(result.converged).toBe(true);
    result.x.forEach((xi) => expect(xi).toBeCloseTo(1, 5));
  });

  it('minimises the 4-D Rosenbrock function in a box that excludes the optimum', () => {
    // Box [−2, 0.5]^4: at the solution x0 = 0.5 is active and the rest satisfy the stationarity conditions.
    const result = minimizeBox(rosenbrock, vec(0, 0, 0, 0), filled(4, -2), filled(4, 0.5), {
      pgTolerance: 1e-9,
      relTolerance: 0,
      maxIterations: 500,
    });
    expect(result.converged).toBe(true);
    const g = rosenbrock(result.x).gradient;
    for (let i = 0; i < 4; i++) {
      if (result.x[i] === 0.5) expect(g[i]).toBeLessThanOrEqual(0);
      else expect(Math.abs(g[i])).toBeLessThan(1e-7);
    }
    expect(result.x[0]).toBe(0.5);
    // Cross-check against a long projected-gradient run from a different start.
    const other = minimizeBox(rosenbrock, vec(-1, 0.3, -0.5, 0.2), filled(4, -2), filled(4, 0.5), {
      pgTolerance: 1e-9,
      relTolerance: 0,
      maxIterations: 500,
    });
    expect(other.value).toBeCloseTo(result.value, 10);
  });

  it('keeps fixed variables at their value and optimises the others', () => {
    const f = quadratic(spd, [0.3, -0.2, 0.7]);
    const lower = vec(-5, 0.25, -5);
    const upper = vec(5, 0.25, 5);
    const result = minimizeBox(f, vec(1, 3, 1), lower, upper);
    expect(result.converged).toBe(true);
    expect(result.x[1]).toBe(0.25);
    const g = f(result.x).gradient;
    expect(Math.abs(g[0])).toBeLessThan(1e-6);
    expect(Math.abs(g[2])).toBeLessThan(1e-6);
    expect(Math.abs(g[1])).toBeGreaterThan(0.1);
  });

  it('treats a box with every variable fixed as already solved', () => {
    const result = minimizeBox(quadratic(spd, [0, 0, 0]), vec(7, 7, 7), vec(1, 2, 3), vec(1, 2, 3));
    expect(Array.from(result.x)).toEqual([1, 2, 3]);
    expect(result.converged).toBe(true);
    expect(result.evaluations).toBe(1);
  });

  it('backtracks out of regions where the objective is NaN', () => {
    // Pseudo-Huber in 1-D: the secant curvature after the first step is small, so the quasi-Newton step jumps
    // far past the minimiser at 2 into the NaN region x > 2.5.
    const visited: number[] = [];
    const f = (x: Float64Array): ValueAndGradient => {
      visited.push(x[0]);
      const t = x[0] - 2;
      const root = Math.sqrt(1 + t * t);
      return x[0] > 2.5 ? { value: NaN, gradient: vec(NaN) } : { value: root, gradient: vec(t / root) };
    };
    const result = minimizeBox(f, vec(0), vec(0), vec(10), { pgTolerance: 1e-9 });
    expect(visited.some((v) => v > 2.5)).toBe(true);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(2, 6);
    expect(result.value).toBeCloseTo(1, 10);
  });

  it('treats a finite value with a non-finite gradient as +∞', () => {
    const f = (x: Float64Array): ValueAndGradient =>
      x[0] > 1 ? { value: -100, gradient: vec(Infinity) } : { value: (x[0] - 0.5) ** 2, gradient: vec(2 * (x[0] - 0.5)) };
    const result = minimizeBox(f, vec(-3), vec(-5), vec(5));
    expect(result.x[0]).toBeCloseTo(0.5, 6);
  });

  it('reports a non-finite start without moving', () => {
    const result = minimizeBox(() => ({ value: NaN, gradient: vec(0) }), vec(0.3), vec(0), vec(1));
    expect(result.converged).toBe(false);
    expect(result.value).toBe(Infinity);
    expect(result.x[0]).toBe(0.3);
    expect(result.reason).toMatch(/non-finite/);
  });

  it('projects a start outside the box before evaluating', () => {
    const seen: number[][] = [];
    const f = (x: Float64Array): ValueAndGradient => {
      seen.push(Array.from(x));
      return quadratic(spd, [0.3, -0.2, 0.7])(x);
    };
    const result = minimizeBox(f, vec(10, -10, 0.5), filled(3, -1), filled(3, 1));
    expect(seen[0]).toEqual([1, -1, 0.5]);
    for (const point of seen) point.forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(1));
    [0.3, -0.2, 0.7].forEach((c, i) => expect(result.x[i]).toBeCloseTo(c, 6));
  });

  it('stops at the iteration cap', () => {
    const result = minimizeBox(rosenbrock, vec(-1.2, 1, -1.2, 1), filled(4, -2), filled(4, 2), { maxIterations: 3 });
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(false);
    expect(result.reason).toBe('maximum iterations');
  });

  it('handles infinite bounds', () => {
    const result = minimizeBox(quadratic(spd, [30, -20, 7]), vec(0, 0, 0), filled(3, -Infinity), vec(Infinity, Infinity, 5));
    expect(result.x[2]).toBe(5);
    const g = quadratic(spd, [30, -20, 7])(result.x).gradient;
    expect(Math.abs(g[0])).toBeLessThan(1e-5);
    expect(Math.abs(g[1])).toBeLessThan(1e-5);
  });

  it('rejects bad bounds, starts and options', () => {
    const f = quadratic(spd, [0, 0, 0]);
    expect(() => minimizeBox(f, vec(0, 0), filled(3, -1), filled(3, 1))).toThrow(/x0/);
    expect(() => minimizeBox(f, vec(0, 0, 0), filled(3, -1), filled(2, 1))).toThrow(/upper/);
    expect(() => minimizeBox(f, vec(0, 0, 0), vec(-1, 2, -1), filled(3, 1))).toThrow(/bounds.*index 1/);
    expect(() => minimizeBox(f, vec(0, NaN, 0), filled(3, -1), filled(3, 1))).toThrow(/x0/);
    expect(() => minimizeBox(f, vec(0, 0, 0), filled(3, -1), filled(3, 1), { memory: 0 })).toThrow(/memory/);
    expect(() => minimizeBox(f, vec(0, 0, 0), filled(3, -1), filled(3, 1), { pgTolerance: -1 })).toThrow(/pgTolerance/);
    expect(() => minimizeBox(() => ({ value: 0, gradient: vec(0) }), vec(0, 0), filled(2, -1), filled(2, 1))).toThrow(
      /gradient/,
    );
  });
});

describe('minimizeBoxBatch', () => {
  const starts = [vec(-1.2, 1, -1.2, 1), vec(0, 0, 0, 0), vec(1.9, -1.9, 0.3, 1.5), vec(5, 5, 5, 5)];
  const lower = filled(4, -2);
  const upper = filled(4, 2);

  it('gives exactly the results of individual runs, with one call per round', async () => {
    const individual = starts.map((x0) => minimizeBox(rosenbrock, x0, lower, upper));
    let calls = 0;
    let maxBatch = 0;
    const batched = await minimizeBoxBatch(
      async (xs) => {
        calls++;
        maxBatch = Math.max(maxBatch, xs.length);
        return xs.map(rosenbrock);
      },
      starts,
      lower,
      upper,
    );
    expect(maxBatch).toBe(starts.length);
    expect(calls).toBe(Math.max(...individual.map((r) => r.evaluations)));
    batched.forEach((result, i) => {
      expect(Array.from(result.x)).toEqual(Array.from(individual[i].x));
      expect(result.value).toBe(individual[i].value);
      expect(result.iterations).toBe(individual[i].iterations);
      expect(result.evaluations).toBe(individual[i].evaluations);
      expect(result.reason).toBe(individual[i].reason);
    });
  });

  it('handles an empty list of starts and rejects short result lists', async () => {
    expect(await minimizeBoxBatch(async () => [], [], lower, upper)).toEqual([]);
    await expect(minimizeBoxBatch(async () => [], starts, lower, upper)).rejects.toThrow(/f: returned 0 results/);
  });
});
