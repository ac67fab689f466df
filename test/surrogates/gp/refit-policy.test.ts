import { describe, it, expect } from 'vitest';
import {
  DEFAULT_REFIT_GROWTH,
  DEFAULT_REFIT_THRESHOLD,
  nextRefitSize,
  refitDue,
  refitPolicy,
} from '../../../surrogates/gp/refit-policy.js';

/** The sizes n = 1..last at which a loop adding one observation per condition refits. */
function refitSizes(policy: ReturnType<typeof refitPolicy>, last: number): number[] {
  const sizes: number[] = [];
  let fitted: number | undefined;
  for (let n = 1; n <= last; n++) {
    if (refitDue(policy, n, fitted)) {
      sizes.push(n);
      fitted = n;
    }
  }
  return sizes;
}

describe('refitPolicy', () => {
  it('defaults to growth with threshold 100 and growth 5 %', () => {
    expect(refitPolicy({})).toEqual({ name: 'growth', threshold: 100, growth: 0.05 });
    expect([DEFAULT_REFIT_THRESHOLD, DEFAULT_REFIT_GROWTH]).toEqual([100, 0.05]);
    expect(refitPolicy({ refit: 'always', refitThreshold: 0, refitGrowth: 0 })).toEqual({ name: 'always', threshold: 0, growth: 0 });
  });

  it('rejects bad settings, naming the option', () => {
    expect(() => refitPolicy({ refit: 'sometimes' as 'always' })).toThrow(/options.refit: expected one of always, growth/);
    expect(() => refitPolicy({ refitThreshold: -1 })).toThrow(/options.refitThreshold/);
    expect(() => refitPolicy({ refitThreshold: 2.5 })).toThrow(/options.refitThreshold/);
    expect(() => refitPolicy({ refitGrowth: -0.1 })).toThrow(/options.refitGrowth/);
    expect(() => refitPolicy({ refitGrowth: Infinity })).toThrow(/options.refitGrowth/);
  });
});

describe('nextRefitSize', () => {
  it('is the first n that has grown by the fraction, and at least one more observation', () => {
    expect(nextRefitSize(100, 0.05)).toBe(105);
    expect(nextRefitSize(101, 0.05)).toBe(107); // 106/101 < 1.05
    expect(nextRefitSize(120, 0.05)).toBe(126); // 0.05·120 is 6.000000000000001 in float64
    expect(nextRefitSize(10, 0.05)).toBe(11);
    expect(nextRefitSize(40, 0)).toBe(41);
    expect(nextRefitSize(0, 0.05)).toBe(1);
  });
});

describe('refitDue schedule', () => {
  it('always refits under always, and before any fit under growth', () => {
    expect(refitDue(refitPolicy({ refit: 'always' }), 500, 499)).toBe(true);
    expect(refitDue(refitPolicy({}), 500, undefined)).toBe(true);
  });

  it('growth: every n up to 100, then 105, 111, 117, 123, … — 45 fits from 101 to 1000', () => {
    const sizes = refitSizes(refitPolicy({}), 1000);
    expect(sizes.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(sizes.slice(100, 106)).toEqual([105, 111, 117, 123, 130, 137]);
    // Independent rule: the next fit is at the first n with 20·(n − fitted) ≥ fitted.
    const expected: number[] = [];
    for (let n = 101, fitted = 100; n <= 1000; n++) {
      if (20 * (n - fitted) >= fitted) {
        expected.push(n);
        fitted = n;
      }
    }
    expect(sizes.slice(100)).toEqual(expected);
    expect(expected.length).toBe(45);
  });

  it('growth with a custom threshold and fraction', () => {
    expect(refitSizes(refitPolicy({ refitThreshold: 20, refitGrowth: 0.25 }), 60)).toEqual([
      ...Array.from({ length: 20 }, (_, i) => i + 1),
      25,
      32,
      40,
      50,
    ]);
  });
});
