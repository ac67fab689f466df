import { describe, it, expect } from 'vitest';
import type { EncodedDimension } from '../../../src/core/types.js';
import { Kernel, MATERN52, RBF, kernelProfile, type KernelParameters } from '../../../surrogates/gp/kernel.js';

const continuous: EncodedDimension = { kind: 'continuous' };
const categorical3: EncodedDimension = { kind: 'categorical', values: [1 / 6, 3 / 6, 5 / 6] };
const integer: EncodedDimension = { kind: 'integer', values: [0.125, 0.375, 0.625, 0.875] };

function params(lengthscales: number[], s2: number): KernelParameters {
  return { inverseSquaredLengthscales: Float64Array.from(lengthscales, (l) => 1 / (l * l)), signalVariance: s2 };
}

function evaluate(profile: typeof MATERN52, r2: number): { correlation: number; slope: number } {
  const correlations = new Float64Array(1);
  const slopes = new Float64Array(1);
  profile.evaluate(Float64Array.of(r2), 1, correlations, slopes);
  return { correlation: correlations[0], slope: slopes[0] };
}

describe('kernel profiles', () => {
  it('match known values', () => {
    expect(evaluate(MATERN52, 0).correlation).toBe(1);
    expect(evaluate(MATERN52, 1).correlation).toBeCloseTo(0.5239941088318203, 15);
    expect(evaluate(MATERN52, 0.25).correlation).toBeCloseTo(0.8286491424181253, 15);
    expect(evaluate(RBF, 0).correlation).toBe(1);
    expect(evaluate(RBF, 0.25).correlation).toBeCloseTo(0.8824969025845955, 15);
  });

  it('have slopes equal to the derivative in r² (central differences)', () => {
    for (const profile of [MATERN52, RBF]) {
      for (const r2 of [1e-3, 0.1, 0.7, 2.5, 9]) {
        const h = 1e-6 * Math.max(1, r2);
        const numeric = (evaluate(profile, r2 + h).correlation - evaluate(profile, r2 - h).correlation) / (2 * h);
        expect(evaluate(profile, r2).slope).toBeCloseTo(numeric, 8);
      }
    }
    expect(evaluate(MATERN52, 0).slope).toBeCloseTo(-5 / 6, 15);
  });

  it('evaluates in place', () => {
    const values = Float64Array.of(0, 1);
    MATERN52.evaluate(values, 2, values);
    expect(values[0]).toBe(1);
    expect(values[1]).toBeCloseTo(0.5239941088318203, 15);
  });

  it('are looked up by name, and unknown names are rejected', () => {
    expect(kernelProfile('rbf')).toBe(RBF);
    expect(kernelProfile('matern52')).toBe(MATERN52);
    expect(() => kernelProfile('periodic' as never)).toThrow(/options.kernel.*periodic/);
  });
});

describe('Kernel', () => {
  const kernel = new Kernel(MATERN52, [continuous, categorical3, integer]);

  it('encodes categorical coordinates as level indices and validates points', () => {
    const flat = kernel.encode([Float64Array.of(0.3, 0.5, 0.4), Float64Array.of(1, 0.99, 0)], 'X');
    expect(Array.from(flat)).toEqual([0.3, 1, 0.4, 1, 2, 0]);
    expect(() => kernel.encode([Float64Array.of(0.3, 0.5)], 'Xq')).toThrow(/Xq\[0\].*length 3/);
    expect(() => kernel.encode([Float64Array.of(0.3, NaN, 0.1)], 'X')).toThrow(/X\[0\].*non-finite/);
  });

  it('computes covariances with the categorical mismatch term', () => {
    const p = params([0.5, 2, 1], 1.7);
    const x = kernel.encode([Float64Array.of(0.2, 1 / 6, 0.3), Float64Array.of(0.5, 5 / 6, 0.3)], 'X');
    const out = new Float64Array(2);
    kernel.crossCovariance(x, 0, x, 2, p, out);
    expect(out[0]).toBe(1.7);
    // r² = 0.3²/0.5² + 1/2² + 0 = 0.36 + 0.25
    expect(out[1]).toBeCloseTo(1.7 * evaluate(MATERN52, 0.61).correlation, 15);
    // Same categorical level: no mismatch term.
    const y = kernel.encode([Float64Array.of(0.5, 0.2, 0.3)], 'X');
    kernel.crossCovariance(y, 0, x, 1, p, out);
    expect(out[0]).toBeCloseTo(1.7 * evaluate(MATERN52, 0.36).correlation, 15);
  });

  it('gram agrees with crossCovariance', () => {
    const points = [0.1, 0.7, 0.35, 0.9].map((u, i) => Float64Array.of(u, (i % 3) / 3 + 0.1, 1 - u));
    const n = points.length;
    const x = kernel.encode(points, 'X');
    const p = params([0.3, 0.8, 0.6], 0.9);
    const pairs = (n * (n - 1)) / 2;
    const gram = new Float64Array(n * n);
    kernel.gram(kernel.pairTerms(x, n), n, p, new Float64Array(pairs), new Float64Array(pairs), gram);
    const row = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      kernel.crossCovariance(x, a * 3, x, n, p, row);
      row.forEach((v, b) => expect(gram[a * n + b]).toBeCloseTo(v, 15));
    }
  });

  it('lengthscale gradient matches finite differences of ½Σ W_ab K_ab', () => {
    const rbfKernel = new Kernel(RBF, [continuous, categorical3, integer]);
    for (const k of [kernel, rbfKernel]) {
      const points = [0.1, 0.7, 0.35, 0.9, 0.5].map((u, i) => Float64Array.of(u, (i % 3) / 3 + 0.1, (u * 7) % 1));
      const n = points.length;
      const x = k.encode(points, 'X');
      const terms = k.pairTerms(x, n);
      const pairs = (n * (n - 1)) / 2;
      const weights = new Float64Array(n * n);
      for (let a = 0; a < n; a++) for (let b = 0; b <= a; b++) weights[a * n + b] = weights[b * n + a] = Math.sin(a + 2 * b);
      const logL = [Math.log(0.3), Math.log(0.8), Math.log(0.6)];
      const objective = (logs: number[]) => {
        const gram = new Float64Array(n * n);
        k.gram(terms, n, params(logs.map(Math.exp), 1.3), new Float64Array(pairs), new Float64Array(pairs), gram);
        return 0.5 * gram.reduce((sum, v, i) => sum + v * weights[i], 0);
      };
      const slopes = new Float64Array(pairs);
      k.gram(terms, n, params(logL.map(Math.exp), 1.3), new Float64Array(pairs), slopes, new Float64Array(n * n));
      const gradient = new Float64Array(3);
      k.lengthscaleGradient(terms, slopes, n, weights, params(logL.map(Math.exp), 1.3), new Float64Array(pairs), gradient);
      for (let i = 0; i < 3; i++) {
        const h = 1e-5;
        const plus = logL.map((v, j) => (j === i ? v + h : v));
        const minus = logL.map((v, j) => (j === i ? v - h : v));
        expect(gradient[i]).toBeCloseTo((objective(plus) - objective(minus)) / (2 * h), 7);
      }
    }
  });

  it('query gradient matches finite differences (zero on categorical coordinates)', () => {
    const x = kernel.encode([0.1, 0.7, 0.35].map((u) => Float64Array.of(u, u, 1 - u)), 'X');
    const p = params([0.3, 0.8, 0.6], 1.1);
    const weights = Float64Array.of(0.7, -1.2, 0.4);
    const objective = (q: Float64Array) => {
      const k = new Float64Array(3);
      kernel.crossCovariance(kernel.encode([q], 'q'), 0, x, 3, p, k);
      return k.reduce((sum, v, a) => sum + weights[a] * v, 0);
    };
    const q = Float64Array.of(0.42, 0.5, 0.61);
    const encoded = kernel.encode([q], 'q');
    const slopes = new Float64Array(3);
    kernel.crossCovariance(encoded, 0, x, 3, p, new Float64Array(3), slopes);
    const gradient = new Float64Array(3);
    kernel.queryGradient(encoded, 0, x, 3, weights.map((w, a) => w * slopes[a]), p, gradient);
    for (const i of [0, 2]) {
      const h = 1e-6;
      const plus = q.slice();
      plus[i] += h;
      const minus = q.slice();
      minus[i] -= h;
      expect(gradient[i]).toBeCloseTo((objective(plus) - objective(minus)) / (2 * h), 8);
    }
    expect(gradient[1]).toBe(0);
  });
});
