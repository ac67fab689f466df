import { describe, expect, it } from 'vitest';
import { linearAxis, logAxis } from '../../src/bench/plot/ticks.js';

describe('linearAxis', () => {
  it('extends the range to whole 1-2-5 steps and labels every tick', () => {
    const axis = linearAxis(0.3, 9.2);
    expect(axis.domain).toEqual([0, 10]);
    expect(axis.ticks.map((t) => t.label)).toEqual(['0', '2', '4', '6', '8', '10']);
    expect(axis.fraction(5)).toBe(0.5);
  });

  it('uses decimals for small steps without floating-point noise', () => {
    const axis = linearAxis(0.1, 0.7);
    expect(axis.ticks.map((t) => t.value)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(axis.ticks.map((t) => t.label)).toEqual(['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7']);
  });

  it('widens a single value into a range', () => {
    const axis = linearAxis(4, 4);
    expect(axis.domain[0]).toBeLessThan(4);
    expect(axis.domain[1]).toBeGreaterThan(4);
    expect(linearAxis(0, 0).domain).toEqual([-1, 1]);
  });
});

describe('logAxis', () => {
  it('covers whole decades, labels 0.01-1000 plainly and others as powers of ten', () => {
    const axis = logAxis(3e-5, 40);
    expect(axis.domain).toEqual([1e-5, 100]);
    const labelled = axis.ticks.filter((t) => t.label !== undefined);
    expect(labelled.map((t) => [t.label, t.exponent])).toEqual([
      ['10', -5],
      ['10', -4],
      ['10', -3],
      ['0.01', undefined],
      ['0.1', undefined],
      ['1', undefined],
      ['10', undefined],
      ['100', undefined],
    ]);
    expect(axis.fraction(1e-5)).toBe(0);
    expect(axis.fraction(100)).toBe(1);
    expect(axis.fraction(0.1)).toBeCloseTo(4 / 7, 12);
  });

  it('adds unlabelled minor ticks at 2-9 on short ranges only, and thins labels on long ones', () => {
    const short = logAxis(1, 100);
    expect(short.ticks.filter((t) => !t.major).map((t) => t.value)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 20, 30, 40, 50, 60, 70, 80, 90]);
    const long = logAxis(1e-12, 1e6);
    expect(long.ticks.every((t) => t.major)).toBe(true);
    expect(long.ticks.filter((t) => t.label !== undefined)).toHaveLength(7);
  });

  it('labels 2 and 5 inside a single decade', () => {
    expect(logAxis(1.5, 7).ticks.filter((t) => t.label !== undefined).map((t) => t.label)).toEqual(['1', '2', '5', '10']);
  });
});
