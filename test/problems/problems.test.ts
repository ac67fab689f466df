import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { SearchSpace } from '../../src/core/space.js';
import { getProblem, problemNames, problemSpace, type Problem } from '../../src/problems/index.js';

/** Checks `|actual − expected| ≤ tolerance·max(1, |expected|)`. */
function expectClose(actual: number, expected: number, tolerance: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

/** `n` uniform points in the problem's box. */
function randomPoints(problem: Problem, n: number, rng: Rng): number[][] {
  return Array.from({ length: n }, () => problem.bounds.map(([low, high]) => rng.uniformIn(low, high)));
}

describe('problem registry', () => {
  it('lists the seven fixed problems', () => {
    expect(problemNames).toEqual(['forrester', 'branin', 'hartmann3', 'hartmann6', 'ackley5', 'levy4', 'rosenbrock4']);
    for (const name of problemNames) expect(getProblem(name).name).toBe(name);
  });

  it('has the dimensions and domains of bo.md §9', () => {
    const expected: Record<string, [number, number][]> = {
      forrester: [[0, 1]],
      branin: [[-5, 10], [0, 15]],
      hartmann3: Array(3).fill([0, 1]),
      hartmann6: Array(6).fill([0, 1]),
      ackley5: Array(5).fill([-32.768, 32.768]),
      levy4: Array(4).fill([-10, 10]),
      rosenbrock4: Array(4).fill([-5, 10]),
    };
    for (const name of problemNames) {
      const problem = getProblem(name);
      expect(problem.dimension, name).toBe(expected[name].length);
      expect(problem.bounds.map((b) => [...b]), name).toEqual(expected[name]);
    }
  });

  it('has the optimal values of bo.md §9', () => {
    const expected: Record<string, number> = {
      forrester: -6.0207400558,
      branin: 0.3978873577,
      hartmann3: -3.8627797873,
      hartmann6: -3.3223680114,
      ackley5: 0,
      levy4: 0,
      rosenbrock4: 0,
    };
    for (const name of problemNames) expectClose(getProblem(name).optimalValue, expected[name], 1e-10, name);
    expect(getProblem('branin').optimalValue).toBe(5 / (4 * Math.PI));
  });
});

describe('known optima', () => {
  it('|f(x*) − f*| ≤ 1e-6 at every listed minimiser, which lies in the domain', () => {
    for (const name of problemNames) {
      const problem = getProblem(name);
      expect(problem.optimizers.length, name).toBeGreaterThan(0);
      for (const x of problem.optimizers) {
        expect(Math.abs(problem.evaluate(x) - problem.optimalValue), `${name} at ${x}`).toBeLessThanOrEqual(1e-6);
        x.forEach((v, i) => expect(v >= problem.bounds[i][0] && v <= problem.bounds[i][1], `${name} x${i + 1}`).toBe(true));
      }
    }
  });

  it('the listed minimisers are exact to float64 precision (1e-13)', () => {
    for (const name of problemNames) {
      const problem = getProblem(name);
      for (const x of problem.optimizers) expectClose(problem.evaluate(x), problem.optimalValue, 1e-13, name);
    }
  });

  it('the rounded minimisers quoted in bo.md §9 are within 1e-6 too', () => {
    const quoted: [string, number[], number][] = [
      ['branin', [9.42478, 2.475], 0.3978873577],
      ['hartmann3', [0.114614, 0.555649, 0.852547], -3.8627797869],
      ['hartmann6', [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573], -3.3223680114],
      ['forrester', [0.7572487585], -6.0207400558],
    ];
    for (const [name, x, value] of quoted) {
      const problem = getProblem(name);
      expectClose(problem.evaluate(x), value, 1e-10, name);
      expect(Math.abs(problem.evaluate(x) - problem.optimalValue)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('no random point of the domain beats the optimum', () => {
    const rng = new Rng('optimum-check');
    for (const name of problemNames) {
      const problem = getProblem(name);
      const lowest = Math.min(...randomPoints(problem, 2000, rng).map((x) => problem.evaluate(x)));
      expect(lowest, name).toBeGreaterThan(problem.optimalValue);
    }
  });

  it('every listed minimiser is a local minimum (no nearby point is lower)', () => {
    for (const name of problemNames) {
      const problem = getProblem(name);
      for (const x of problem.optimizers) {
        for (let i = 0; i < problem.dimension; i++) {
          for (const step of [-1e-4, 1e-4]) {
            const moved = [...x];
            moved[i] += step;
            expect(problem.evaluate(moved), `${name} x${i + 1} ${step}`).toBeGreaterThan(problem.evaluate(x));
          }
        }
      }
    }
  });
});

describe('spot values (bo.md §9, float64)', () => {
  const cases: [string, number[], number][] = [
    ['branin', [0, 0], 55.602112642270264],
    ['hartmann3', [0.5, 0.5, 0.5], -0.6280220150705937],
    ['hartmann6', [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], -0.5053149917022333],
    ['ackley5', [1, 1, 1, 1, 1], 3.6253849384403627],
    ['levy4', [0, 0, 0, 0], 0.8975336623509235],
    ['rosenbrock4', [0, 0, 0, 0], 3],
    ['forrester', [0], 3.027209981231713],
    ['forrester', [0.5], 0.9092974268256817],
    // The Forrester maximum and local minimum (mpmath, 40 digits).
    ['forrester', [1], 15.829731945974108],
    ['forrester', [0.1425891893247163], -0.9863254063210814],
  ];

  it.each(cases)('%s(%j) = %d', (name, x, expected) => {
    const value = getProblem(name).evaluate(x);
    expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
  });

  it('Ackley at the origin is 0 up to rounding (≈ 4.4e-16)', () => {
    const value = getProblem('ackley5').evaluate([0, 0, 0, 0, 0]);
    expect(Math.abs(value)).toBeLessThanOrEqual(1e-15);
  });

  it('Branin has equal values at its three minimisers', () => {
    const branin = getProblem('branin');
    const [a, b, c] = branin.optimizers.map((x) => branin.evaluate(x));
    expectClose(a, b, 1e-14, 'branin');
    expectClose(b, c, 1e-14, 'branin');
  });
});

describe('generic dimensions', () => {
  it('ackley:D, levy:D and rosenbrock:D build problems of that dimension with the family domain', () => {
    const ackley10 = getProblem('ackley:10');
    expect(ackley10.name).toBe('ackley:10');
    expect(ackley10.dimension).toBe(10);
    expect(ackley10.bounds.every(([l, h]) => l === -32.768 && h === 32.768)).toBe(true);
    expect(Math.abs(ackley10.evaluate(new Array(10).fill(0)))).toBeLessThanOrEqual(1e-15);
    const levy1 = getProblem('levy:1');
    expect(levy1.dimension).toBe(1);
    expect(levy1.evaluate([1])).toBeCloseTo(0, 30);
    const rosenbrock2 = getProblem('rosenbrock:2');
    expect(rosenbrock2.evaluate([0, 0])).toBe(1);
    expect(rosenbrock2.evaluate([-1, 1])).toBe(4);
    expect(getProblem('rosenbrock:3').evaluate([0, 0, 0])).toBe(2);
    expect(getProblem('levy:25').optimizers[0]).toEqual(new Array(25).fill(1));
  });

  it('agree with the fixed problems of the same dimension', () => {
    const rng = new Rng('generic');
    for (const [generic, fixed] of [['ackley:5', 'ackley5'], ['levy:4', 'levy4'], ['rosenbrock:4', 'rosenbrock4']]) {
      const a = getProblem(generic);
      const b = getProblem(fixed);
      expect(a.bounds).toEqual(b.bounds);
      expect(a.optimalValue).toBe(b.optimalValue);
      for (const x of randomPoints(b, 20, rng)) expect(a.evaluate(x)).toBe(b.evaluate(x));
    }
  });

  it('Levy of dimension d at 0 matches its formula summed by hand', () => {
    // w = 0.75 everywhere: sin²(0.75π) + (d − 1)·0.0625·(1 + 10sin²(0.75π + 1)) + 0.0625·(1 + sin²(1.5π)).
    const d = 7;
    const expected = Math.sin(0.75 * Math.PI) ** 2 + (d - 1) * 0.0625 * (1 + 10 * Math.sin(0.75 * Math.PI + 1) ** 2) + 0.0625 * 2;
    expectClose(getProblem(`levy:${d}`).evaluate(new Array(d).fill(0)), expected, 1e-14, 'levy:7');
  });
});

describe('errors', () => {
  it('rejects unknown names, naming problem and listing the valid names', () => {
    for (const name of ['foo', 'Branin', 'sphere:3', '', 'ackley']) {
      expect(() => getProblem(name), name).toThrow(/problem: unknown name .*forrester, branin, hartmann3, hartmann6, ackley5, levy4, rosenbrock4, ackley:D, levy:D, rosenbrock:D/);
    }
  });

  it('rejects bad :D suffixes', () => {
    for (const name of ['ackley:', 'ackley:0', 'ackley:2.5', 'ackley:x', 'ackley:-3', 'ackley:1e2', 'levy:0', 'rosenbrock:1', 'rosenbrock:1001']) {
      expect(() => getProblem(name), name).toThrow(/problem: .*must be an integer from/);
    }
  });

  it('evaluate rejects input of the wrong length or type with a clear message', () => {
    const branin = getProblem('branin');
    expect(() => branin.evaluate([1])).toThrow('branin: x must be an array of 2 numbers (got length 1)');
    expect(() => branin.evaluate([1, 2, 3])).toThrow(/length 3/);
    expect(() => branin.evaluate([])).toThrow(/length 0/);
    expect(() => branin.evaluate(undefined as unknown as number[])).toThrow(/x must be an array of 2 numbers \(got undefined\)/);
    expect(() => branin.evaluate([1, Number.NaN])).toThrow(/x\[1\] must be a number/);
    expect(() => branin.evaluate([1, '2' as unknown as number])).toThrow(/x\[1\] must be a number/);
    expect(() => getProblem('ackley:3').evaluate([0, 0])).toThrow(/ackley:3: x must be an array of 3 numbers/);
  });

  it('problems cannot be altered', () => {
    const problem = getProblem('hartmann3');
    expect(Object.isFrozen(problem) && Object.isFrozen(problem.bounds) && Object.isFrozen(problem.optimizers[0])).toBe(true);
  });
});

describe('problemSpace', () => {
  it('declares x1 … xd as floats over the bounds, usable as a SearchSpace', () => {
    for (const name of [...problemNames, 'rosenbrock:12']) {
      const problem = getProblem(name);
      const spec = problemSpace(problem);
      expect(Object.keys(spec)).toEqual(problem.bounds.map((_, i) => `x${i + 1}`));
      problem.bounds.forEach(([low, high], i) => expect(spec[`x${i + 1}`]).toEqual({ type: 'float', low, high, log: false }));
      const space = new SearchSpace(spec);
      const params = space.decode(space.encode(Object.fromEntries(problem.optimizers[0].map((v, i) => [`x${i + 1}`, v]))));
      problem.optimizers[0].forEach((v, i) => expect(params[`x${i + 1}`] as number).toBeCloseTo(v, 12));
    }
  });
});
