import { describe, expect, it } from 'vitest';
import { categorical, containsPoint, float, int, nearestIndex, SearchSpace, SearchSpaceError, snapPoint } from '../../src/core/space.js';

describe('SearchSpace validation', () => {
  const rejects = (spec: Record<string, unknown>, pattern: RegExp) => expect(() => new SearchSpace(spec as never)).toThrow(pattern);

  it('rejects an empty space', () => rejects({}, /space: must declare at least one parameter/));
  it('rejects low >= high, naming the parameter', () => {
    rejects({ x: float(1, 1) }, /parameter "x": low must be < high/);
    rejects({ n: int(5, 2) }, /parameter "n": low must be < high/);
  });
  it('rejects log scale with low <= 0', () => rejects({ lr: float(0, 1, { log: true }) }, /parameter "lr": log scale needs low > 0/));
  it('rejects an empty categorical', () => rejects({ act: categorical([]) }, /parameter "act": categorical needs at least one choice/));
  it('rejects repeated choices', () => rejects({ act: categorical(['a', 'a']) }, /parameter "act": categorical choices must be distinct/));
  it('rejects non-finite bounds', () => rejects({ x: float(-Infinity, 1) }, /parameter "x": bounds must be finite/));
  it('rejects non-integer int bounds', () => rejects({ n: int(0.5, 3) }, /parameter "n": int bounds must be integers/));
  it('rejects a step that does not divide the range', () => rejects({ x: float(0, 1, { step: 0.3 }) }, /parameter "x": step 0.3 does not divide/));
  it('rejects unknown types', () => rejects({ x: { type: 'complex' } }, /parameter "x": unknown type "complex"/));
  it('throws SearchSpaceError', () => expect(() => new SearchSpace({})).toThrow(SearchSpaceError));
});

describe('SearchSpace encoding', () => {
  const space = new SearchSpace({
    x: float(-5, 10),
    lr: float(1e-5, 1e-1, { log: true }),
    n: int(1, 4),
    big: int(1, 1000, { log: true }),
    q: float(0, 1, { step: 0.25 }),
    act: categorical(['relu', 'tanh', 'gelu']),
  });

  it('describes each coordinate', () => {
    expect(space.dims.map((d) => d.kind)).toEqual(['continuous', 'continuous', 'integer', 'integer', 'integer', 'categorical']);
    expect((space.dims[2] as { values: number[] }).values).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect((space.dims[5] as { values: number[] }).values).toEqual([1 / 6, 0.5, 5 / 6]);
    expect((space.dims[3] as { values: number[] }).values).toHaveLength(1000);
  });

  it('maps bounds to the ends of the unit interval and log-floats in log space', () => {
    const lo = space.encode({ x: -5, lr: 1e-5, n: 1, big: 1, q: 0, act: 'relu' });
    const hi = space.encode({ x: 10, lr: 1e-1, n: 4, big: 1000, q: 1, act: 'gelu' });
    expect(lo[0]).toBe(0);
    expect(hi[0]).toBe(1);
    expect(lo[1]).toBeCloseTo(0, 12);
    expect(hi[1]).toBeCloseTo(1, 12);
    expect(space.encode({ x: 0, lr: 1e-3, n: 2, big: 10, q: 0.5, act: 'tanh' })[1]).toBeCloseTo(0.5, 12);
  });

  it('round-trips every valid point', () => {
    const params = { x: 2.5, lr: 3e-4, n: 3, big: 37, q: 0.75, act: 'tanh' };
    const back = space.decode(space.encode(params));
    expect(back.x).toBeCloseTo(2.5, 12);
    expect(back.lr).toBeCloseTo(3e-4, 15);
    expect({ ...back, x: 0, lr: 0 }).toEqual({ ...params, x: 0, lr: 0 });
  });

  it('decodes any point of the cube to a valid point', () => {
    for (let i = 0; i <= 100; i++) {
      const u = i / 100;
      const p = space.decode(Float64Array.from([u, u, u, u, u, u]));
      expect(p.x).toBeGreaterThanOrEqual(-5);
      expect(p.x).toBeLessThanOrEqual(10);
      expect([1, 2, 3, 4]).toContain(p.n);
      expect(Number.isInteger(p.big)).toBe(true);
      expect(p.big).toBeGreaterThanOrEqual(1);
      expect(p.big).toBeLessThanOrEqual(1000);
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(p.q);
      expect(['relu', 'tanh', 'gelu']).toContain(p.act);
    }
  });

  it('snapping leaves the decoded point unchanged and is idempotent', () => {
    for (let i = 0; i < 50; i++) {
      const u = Float64Array.from({ length: 6 }, (_, j) => ((i * 37 + j * 11) % 101) / 100);
      const snapped = snapPoint(u, space.dims);
      expect(space.decode(snapped)).toEqual(space.decode(u));
      expect(snapPoint(snapped, space.dims)).toEqual(snapped);
      expect(space.encode(space.decode(u))).toEqual(snapped.map((v, j) => (space.dims[j].kind === 'continuous' ? space.encode(space.decode(u))[j] : v)));
    }
  });

  it('rejects missing, out-of-range and wrongly typed values, naming the parameter', () => {
    const ok = { x: 0, lr: 1e-3, n: 2, big: 10, q: 0.5, act: 'relu' };
    expect(() => space.encode({ ...ok, x: 11 })).toThrow(/parameter "x": 11 is outside \[-5, 10\]/);
    expect(() => space.encode({ ...ok, act: 'elu' })).toThrow(/parameter "act": "elu" is not one of/);
    expect(() => space.encode({ ...ok, n: Number.NaN })).toThrow(/parameter "n": expected a finite number/);
    const { lr: _lr, ...missing } = ok;
    expect(() => space.encode(missing)).toThrow(/parameter "lr": missing value/);
  });
});

describe('point helpers', () => {
  it('nearestIndex finds the closest entry', () => {
    const values = [0.1, 0.3, 0.5, 0.9];
    expect([0, 0.19, 0.21, 0.45, 0.71, 0.69, 1].map((u) => nearestIndex(values, u))).toEqual([0, 0, 1, 2, 3, 2, 3]);
  });
  it('containsPoint uses an L-infinity tolerance of 1e-6', () => {
    const points = [Float64Array.from([0.5, 0.5])];
    expect(containsPoint(points, Float64Array.from([0.5 + 5e-7, 0.5 - 5e-7]))).toBe(true);
    expect(containsPoint(points, Float64Array.from([0.5 + 2e-6, 0.5]))).toBe(false);
  });
});
