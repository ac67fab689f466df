import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';

describe('Rng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(new Rng(7).uniform()).toBe(new Rng('7').uniform());
    const s1 = new Rng(1);
    const s2 = new Rng(1);
    const s3 = new Rng(2);
    const xs = Array.from({ length: 10 }, () => s1.uniform());
    expect(Array.from({ length: 10 }, () => s2.uniform())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => s3.uniform())).not.toEqual(xs);
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('forks streams that do not depend on draws made before the fork', () => {
    const r1 = new Rng(3);
    const r2 = new Rng(3);
    r2.uniform();
    r2.normal();
    expect(r1.fork('a').uniform()).toBe(r2.fork('a').uniform());
    expect(r1.fork('a').uniform()).not.toBe(r1.fork('b').uniform());
  });

  it('draws normals with mean 0 and variance 1', () => {
    const x = new Rng(11).normals(200_000);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
  });

  it('draws gamma variates with the right mean and variance (shape above and below 1)', () => {
    for (const shape of [0.5, 1.1, 2, 7]) {
      const r = new Rng(`g${shape}`);
      const x = Array.from({ length: 100_000 }, () => r.gamma(shape));
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
      expect(Math.abs(mean - shape) / shape).toBeLessThan(0.02);
      expect(Math.abs(variance - shape) / shape).toBeLessThan(0.05);
      expect(x.every((v) => v > 0)).toBe(true);
    }
  });

  it('draws integers uniformly in range and permutations of every element', () => {
    const r = new Rng(5);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.intIn(1, 6) - 1]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect([...r.permutation(50)].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const i32 = r.int32();
    expect(Number.isInteger(i32) && i32 >= -(2 ** 31) && i32 < 2 ** 31).toBe(true);
  });
});
