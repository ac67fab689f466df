import { describe, expect, it } from 'vitest';
import { LogExpectedImprovement } from '../../acquisition/logei.js';
import { maximizeAcquisition } from '../../acquisition/maximize.js';
import { UpperConfidenceBound } from '../../acquisition/ucb.js';
import { Rng } from '../../src/core/rng.js';
import { SearchSpace, categorical, float, int } from '../../src/core/space.js';
import type { AnalyticAcquisition, EncodedDimension, Point, SelectionContext } from '../../src/core/types.js';
import { QuadraticSurrogate } from '../helpers/quadratic-surrogate.js';

function context(surrogate: QuadraticSurrogate, dims: readonly EncodedDimension[], exclude: Point[] = [], seed = 0): SelectionContext {
  return { surrogate, dims, observed: [], incumbent: 0.05, exclude, rng: new Rng(seed) };
}

async function gridBest(acquisition: AnalyticAcquisition, surrogate: QuadraticSurrogate, points: Point[]): Promise<{ point: Point; value: number }> {
  const values = acquisition.score(await surrogate.posterior(points), 0.05);
  let best = 0;
  values.forEach((v, i) => {
    if (v > values[best]) best = i;
  });
  return { point: points[best], value: values[best] };
}

describe('maximizeAcquisition', () => {
  const continuous: EncodedDimension[] = [{ kind: 'continuous' }];

  it('agrees with a dense grid on a 1-D acquisition', async () => {
    const surrogate = new QuadraticSurrogate([0.37]);
    const acquisition = new LogExpectedImprovement();
    const x = await maximizeAcquisition(acquisition, context(surrogate, continuous));
    const grid = await gridBest(acquisition, surrogate, Array.from({ length: 100_001 }, (_, i) => Float64Array.of(i / 100_000)));
    const found = acquisition.score(await surrogate.posterior([x]), 0.05)[0];
    expect(found).toBeGreaterThanOrEqual(grid.value - 1e-9);
    expect(Math.abs(x[0] - grid.point[0])).toBeLessThan(1e-3);
  });

  it('agrees with a dense grid on a 2-D acquisition, with and without surrogate gradients', async () => {
    const grid: Point[] = [];
    for (let i = 0; i <= 400; i++) for (let j = 0; j <= 400; j++) grid.push(Float64Array.of(i / 400, j / 400));
    for (const withGradient of [true, false]) {
      const surrogate = new QuadraticSurrogate([0.8, 0.15], 0.1, withGradient);
      const acquisition = new UpperConfidenceBound();
      const dims: EncodedDimension[] = [{ kind: 'continuous' }, { kind: 'continuous' }];
      const x = await maximizeAcquisition(acquisition, context(surrogate, dims));
      const best = await gridBest(acquisition, surrogate, grid);
      const found = acquisition.score(await surrogate.posterior([x]), 0.05)[0];
      expect(found).toBeGreaterThanOrEqual(best.value - 1e-6);
    }
  });

  it('returns valid points of mixed spaces and finds the best levels', async () => {
    const space = new SearchSpace({ x: float(0, 1), n: int(1, 40), act: categorical(['a', 'b', 'c']) });
    const target = space.encode({ x: 0.3, n: 17, act: 'c' });
    const surrogate = new QuadraticSurrogate([...target], 1e-4);
    const acquisition = new UpperConfidenceBound({ sqrtBeta: 0 });
    const x = await maximizeAcquisition(acquisition, context(surrogate, space.dims));
    const params = space.decode(x);
    expect(params.n).toBe(17);
    expect(params.act).toBe('c');
    expect(params.x as number).toBeCloseTo(0.3, 4);
    expect(space.encode(params)[1]).toBe(x[1]);
    expect(space.encode(params)[2]).toBe(x[2]);
  });

  it('never returns an excluded point', async () => {
    const space = new SearchSpace({ n: int(1, 5), act: categorical(['a', 'b']) });
    const best = space.encode({ n: 3, act: 'b' });
    const surrogate = new QuadraticSurrogate([...best], 1e-4);
    const acquisition = new UpperConfidenceBound({ sqrtBeta: 0 });
    const x = await maximizeAcquisition(acquisition, context(surrogate, space.dims, [best]));
    expect(x).not.toEqual(best);
    const params = space.decode(x);
    expect(Math.abs((params.n as number) - 3) + (params.act === 'b' ? 0 : 1)).toBe(1);
  });

  it('is deterministic for a seed', async () => {
    const surrogate = new QuadraticSurrogate([0.2, 0.9, 0.5]);
    const dims: EncodedDimension[] = [{ kind: 'continuous' }, { kind: 'continuous' }, { kind: 'continuous' }];
    const a = await maximizeAcquisition(new LogExpectedImprovement(), context(surrogate, dims, [], 4));
    const b = await maximizeAcquisition(new LogExpectedImprovement(), context(surrogate, dims, [], 4));
    expect(a).toEqual(b);
  });
});
