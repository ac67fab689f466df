import { describe, expect, it } from 'vitest';
import { flooredRatio, geometricMean, median, quantile, RATIO_FLOOR } from '../../src/bench/stats.js';

describe('quantile and median', () => {
  it('interpolate linearly between order statistics; NaN for no values', () => {
    expect(quantile([3, 1, 2, 4], 0.25)).toBe(1.75);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });
});

describe('geometricMean', () => {
  it('is the n-th root of the product', () => {
    expect(geometricMean([2, 8])).toBeCloseTo(4, 14);
    expect(geometricMean([0.5, 2, 1])).toBeCloseTo(1, 14);
  });
});

describe('flooredRatio', () => {
  it('divides values above the floor as they are', () => {
    expect(flooredRatio(3, 1.5)).toBe(2);
    expect(flooredRatio(1e-3, 1e-2)).toBeCloseTo(0.1, 15);
  });

  it('raises both sides to the floor, so that a regret of 0 still gives a finite ratio', () => {
    expect(RATIO_FLOOR).toBe(1e-12);
    expect(flooredRatio(0, 1e-6)).toBeCloseTo(1e-6, 15);
    expect(flooredRatio(1e-6, 0)).toBeCloseTo(1e6, 6);
    expect(flooredRatio(0, 0)).toBe(1);
    expect(flooredRatio(0, 4, 2)).toBe(0.5);
  });
});
