import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import {
  covarianceMatrix,
  createPriorKernel,
  multiplyLower,
  priorCholesky,
} from '../../../surrogates/training/kernels.js';

const at = (values: number[]) => Float64Array.from(values);

describe('prior kernels: known values', () => {
  const d = 0.3;
  const cases = [
    { spec: { family: 'rbf', lengthscales: [0.5], variance: 2 }, expected: 2 * Math.exp(-(d * d) / (2 * 0.25)) },
    {
      spec: { family: 'matern32', lengthscales: [0.5], variance: 2 },
      expected: 2 * (1 + (Math.sqrt(3) * d) / 0.5) * Math.exp((-Math.sqrt(3) * d) / 0.5),
    },
    {
      spec: { family: 'matern52', lengthscales: [0.5], variance: 2 },
      expected: 2 * (1 + (Math.sqrt(5) * d) / 0.5 + (5 * d * d) / (3 * 0.25)) * Math.exp((-Math.sqrt(5) * d) / 0.5),
    },
    {
      spec: { family: 'periodic', lengthscales: [0.5], variance: 2, period: 0.7 },
      expected: 2 * Math.exp((-2 * Math.sin((Math.PI * d) / 0.7) ** 2) / 0.25),
    },
  ] as const;
  for (const { spec, expected } of cases) {
    it(`${spec.family} at distance 0.3, both orders`, () => {
      const kernel = createPriorKernel(spec);
      const k = covarianceMatrix(kernel, at([-1.1, -0.8]), at([-0.8, -1.1]));
      expect(k[0]).toBeCloseTo(expected, 14);
      expect(k[3]).toBeCloseTo(expected, 14);
      expect(k[1]).toBeCloseTo(2, 14);
    });
  }

  it('periodic kernel repeats with the period and is the RBF of the warped distance', () => {
    const kernel = createPriorKernel({ family: 'periodic', lengthscales: [0.4], period: 0.9 });
    const k = covarianceMatrix(kernel, at([0.1]), at([0.1 + 0.9, 0.1 + 1.8, 0.35, 0.35 + 0.9]));
    expect(k[0]).toBeCloseTo(1, 12);
    expect(k[1]).toBeCloseTo(1, 12);
    expect(k[2]).toBeCloseTo(k[3], 12);
    expect(k[2]).toBeLessThan(1);
  });

  it('ARD: squared distances are scaled per dimension', () => {
    const kernel = createPriorKernel({ family: 'rbf', lengthscales: [0.5, 2], variance: 1.5 });
    const k = covarianceMatrix(kernel, at([0, 0]), at([0.2, 1, 0.2, 0, 0, 1]));
    const r2 = (a: number, b: number) => (a / 0.5) ** 2 + (b / 2) ** 2;
    expect(Array.from(k)).toEqual([
      expect.closeTo(1.5 * Math.exp(-0.5 * r2(0.2, 1)), 14),
      expect.closeTo(1.5 * Math.exp(-0.5 * r2(0.2, 0)), 14),
      expect.closeTo(1.5 * Math.exp(-0.5 * r2(0, 1)), 14),
    ]);
  });

  it('the nugget is added for identical points only (not for merely close ones)', () => {
    const kernel = createPriorKernel({ family: 'matern52', lengthscales: [1], jitter: 1e-3 });
    const k = covarianceMatrix(kernel, at([0.5, 0.2]), at([0.5, 0.5 + 1e-12, 0.2]));
    expect(k[0]).toBe(1 + 1e-3);
    expect(k[1]).toBeCloseTo(1, 10);
    expect(k[1]).toBeLessThan(1 + 1e-6);
    expect(k[5]).toBe(1 + 1e-3);
    expect(k[3]).toBeLessThan(1);
  });
});

describe('prior kernels: factor and draws', () => {
  it('priorCholesky reproduces k(x, x) + extra·I and multiplyLower multiplies by it', () => {
    const rng = new Rng('kernels/factor');
    const x = Float64Array.from({ length: 30 }, () => rng.uniformIn(-2, 2));
    const kernel = createPriorKernel({ family: 'matern32', lengthscales: [0.3], variance: 0.7, jitter: 1e-5 });
    const factor = priorCholesky(kernel, x, 0.01);
    const k = covarianceMatrix(kernel, x, x);
    const n = 30;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = 0;
        for (let m = 0; m <= j; m++) sum += factor[i * n + m] * factor[j * n + m];
        expect(sum).toBeCloseTo(k[i * n + j] + (i === j ? 0.01 : 0), 12);
      }
    }
    const z = rng.normals(n);
    const draw = multiplyLower(factor, z);
    let row7 = 0;
    for (let m = 0; m <= 7; m++) row7 += factor[7 * n + m] * z[m];
    expect(draw[7]).toBeCloseTo(row7, 14);
  });

  it('priorCholesky throws on a singular covariance (duplicate points, no nugget)', () => {
    const kernel = createPriorKernel({ family: 'rbf', lengthscales: [1] });
    expect(() => priorCholesky(kernel, at([0.3, 0.3, 1]))).toThrow(/kernel: the 3×3 rbf covariance .* not positive definite/);
    expect(priorCholesky(kernel, at([0.3, 0.3, 1]), 1e-6)[0]).toBeCloseTo(Math.sqrt(1 + 1e-6), 14);
  });
});

describe('prior kernels: validation', () => {
  it('rejects bad hyper-parameters with the field name', () => {
    expect(() => createPriorKernel({ family: 'cubic' as never, lengthscales: [1] })).toThrow(/kernel.family: unknown family 'cubic'/);
    expect(() => createPriorKernel({ family: 'rbf', lengthscales: [] })).toThrow(/kernel.lengthscales/);
    expect(() => createPriorKernel({ family: 'rbf', lengthscales: [1, 0] })).toThrow(/kernel.lengthscales\[1\]/);
    expect(() => createPriorKernel({ family: 'rbf', lengthscales: [1], variance: -1 })).toThrow(/kernel.variance/);
    expect(() => createPriorKernel({ family: 'rbf', lengthscales: [1], jitter: NaN })).toThrow(/kernel.jitter/);
    expect(() => createPriorKernel({ family: 'periodic', lengthscales: [1] })).toThrow(/kernel.period: the periodic family needs/);
    expect(() => createPriorKernel({ family: 'rbf', lengthscales: [1], period: 1 })).toThrow(/kernel.period: only the periodic/);
  });

  it('rejects point arrays that do not match the input dimension', () => {
    const kernel = createPriorKernel({ family: 'rbf', lengthscales: [1, 1] });
    expect(() => covarianceMatrix(kernel, at([1, 2, 3]), at([1, 2]))).toThrow(/a: length 3 is not a multiple of the input dimension 2/);
    expect(() => covarianceMatrix(kernel, at([1, 2]), at([1]))).toThrow(/b: length 1/);
  });
});
