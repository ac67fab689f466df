import { describe, expect, it } from 'vitest';
import { ThompsonSampling } from '../../acquisition/ts.js';
import { Rng } from '../../src/core/rng.js';
import { containsPoint } from '../../src/core/space.js';
import type { EncodedDimension, SelectionContext } from '../../src/core/types.js';
import { QuadraticSurrogate } from '../helpers/quadratic-surrogate.js';

const dims: EncodedDimension[] = [{ kind: 'continuous' }, { kind: 'continuous' }, { kind: 'categorical', values: [0.25, 0.75] }];

function context(seed: number, observed = [Float64Array.of(0.6, 0.6, 0.25)]): SelectionContext {
  return { surrogate: new QuadraticSurrogate([0.62, 0.58, 0.25]), dims, observed, incumbent: 0, exclude: observed, rng: new Rng(seed) };
}

describe('ThompsonSampling', () => {
  it('builds min(2000, max(500, 100·d)) snapped candidates, half around the best points', () => {
    const ts = new ThompsonSampling();
    const candidates = ts.candidates(context(1));
    expect(candidates.length).toBeGreaterThan(490);
    expect(candidates.length).toBeLessThanOrEqual(500);
    for (const c of candidates) expect([0.25, 0.75]).toContain(c[2]);
    const near = candidates.filter((c) => Math.abs(c[0] - 0.6) < 0.2 && Math.abs(c[1] - 0.6) < 0.2).length;
    expect(near).toBeGreaterThan(200);
  });

  it('returns q distinct points near the sampled minimiser, never an excluded one', async () => {
    const ts = new ThompsonSampling();
    const ctx = context(2);
    const points = await ts.select(ctx, 4);
    expect(points).toHaveLength(4);
    for (let i = 0; i < points.length; i++) {
      expect(containsPoint(points.slice(0, i), points[i])).toBe(false);
      expect(containsPoint(ctx.exclude, points[i])).toBe(false);
      expect(Math.hypot(points[i][0] - 0.62, points[i][1] - 0.58)).toBeLessThan(0.1);
    }
  });

  it('is deterministic for a seed', async () => {
    const ts = new ThompsonSampling();
    expect(await ts.select(context(3), 2)).toEqual(await ts.select(context(3), 2));
  });
});
