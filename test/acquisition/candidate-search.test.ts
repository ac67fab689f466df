import { describe, expect, it } from 'vitest';
import { searchCandidates } from '../../acquisition/candidate-search.js';
import { LogExpectedImprovement } from '../../acquisition/logei.js';
import { createMaximizer } from '../../acquisition/maximize.js';
import { UpperConfidenceBound } from '../../acquisition/ucb.js';
import { Rng } from '../../src/core/rng.js';
import { SearchSpace, categorical, float, int } from '../../src/core/space.js';
import type { EncodedDimension, Point, Posterior, SearchStyle, SelectionContext } from '../../src/core/types.js';
import { QuadraticSurrogate } from '../helpers/quadratic-surrogate.js';

/** The quadratic surrogate, counting its posterior calls and their points. */
class CountingSurrogate extends QuadraticSurrogate {
  calls: number[] = [];
  gradientCalls = 0;
  constructor(centre: readonly number[], scale?: number, readonly searchStyle?: SearchStyle) {
    super(centre, scale);
    const withGradient = this.posteriorWithGradient!;
    this.posteriorWithGradient = (Xq) => (this.gradientCalls++, withGradient(Xq));
  }
  override async posterior(Xq: readonly Point[]): Promise<Posterior> {
    this.calls.push(Xq.length);
    return super.posterior(Xq);
  }
}

const cube = (d: number): EncodedDimension[] => Array.from({ length: d }, () => ({ kind: 'continuous' }));

function context(surrogate: QuadraticSurrogate, dims: readonly EncodedDimension[], options: { observed?: Point[]; exclude?: Point[]; seed?: number } = {}): SelectionContext {
  return { surrogate, dims, observed: options.observed ?? [], incumbent: 0.05, exclude: options.exclude ?? [], rng: new Rng(options.seed ?? 0) };
}

describe('searchCandidates', () => {
  it('spends one posterior call on the raw candidates and one per refinement round, and no gradients', async () => {
    const surrogate = new CountingSurrogate([0.3, 0.7, 0.5]);
    const observed = [Float64Array.of(0.2, 0.6, 0.5), Float64Array.of(0.9, 0.1, 0.4)];
    await searchCandidates(new LogExpectedImprovement(), context(surrogate, cube(3), { observed }), { rawSamples: 300, elite: 4, perElite: 10, rounds: 3 });
    expect(surrogate.calls).toEqual([300 + observed.length, 40, 40, 40]);
    expect(surrogate.gradientCalls).toBe(0);
  });

  it('finds the maximiser of a smooth 4-D acquisition to within the refinement radius', async () => {
    const centre = [0.31, 0.77, 0.52, 0.12];
    const acquisition = new UpperConfidenceBound({ sqrtBeta: 0 });
    const x = await searchCandidates(acquisition, context(new QuadraticSurrogate(centre, 1e-3), cube(4), { observed: [Float64Array.of(0.5, 0.5, 0.5, 0.5)] }));
    x.forEach((v, j) => expect(Math.abs(v - centre[j])).toBeLessThan(0.02));
  });

  it('refines around the best observed points when the Sobol points miss a narrow optimum', async () => {
    // The acquisition rewards only a tiny neighbourhood of the incumbent: plain Sobol sampling at this size would
    // not land in it, the perturbations of the best observed point do.
    const centre = [0.4031, 0.6613, 0.2575, 0.8819, 0.1234, 0.5555];
    const near = Float64Array.from(centre, (c) => c + 0.01);
    const x = await searchCandidates(new UpperConfidenceBound({ sqrtBeta: 0 }), context(new QuadraticSurrogate(centre, 1e-4), cube(6), { observed: [near] }), { rawSamples: 64 });
    const distance = Math.hypot(...x.map((v, j) => v - centre[j]));
    expect(distance).toBeLessThan(Math.hypot(...near.map((v, j) => v - centre[j])));
  });

  it('returns valid points of mixed spaces, never an excluded one', async () => {
    const space = new SearchSpace({ x: float(0, 1), n: int(1, 40), act: categorical(['a', 'b', 'c']) });
    const target = space.encode({ x: 0.3, n: 17, act: 'c' });
    const surrogate = new QuadraticSurrogate([...target], 1e-4);
    const acquisition = new UpperConfidenceBound({ sqrtBeta: 0 });
    const x = await searchCandidates(acquisition, context(surrogate, space.dims, { observed: [space.encode({ x: 0.5, n: 20, act: 'a' })], exclude: [target] }));
    expect(x).not.toEqual(target);
    expect(space.encode(space.decode(x))).toEqual(x);
    const params = space.decode(x);
    expect(Math.abs((params.n as number) - 17)).toBeLessThanOrEqual(1);
    expect(params.act).toBe('c');
  });

  it('keeps duplicateTolerance away from excluded points', async () => {
    const target = Float64Array.of(0.3, 0.6);
    const surrogate = new QuadraticSurrogate([...target], 1e-4);
    const acquisition = new UpperConfidenceBound({ sqrtBeta: 0 });
    const base = context(surrogate, cube(2), { exclude: [target] });
    const near = await searchCandidates(acquisition, base);
    expect(Math.max(...near.map((v, j) => Math.abs(v - target[j])))).toBeLessThan(0.01);
    const far = await searchCandidates(acquisition, { ...base, duplicateTolerance: 0.05 });
    expect(Math.max(...far.map((v, j) => Math.abs(v - target[j])))).toBeGreaterThan(0.05);
  });

  it('is deterministic for a seed', async () => {
    const surrogate = new QuadraticSurrogate([0.2, 0.9, 0.5]);
    const run = (seed: number) => searchCandidates(new LogExpectedImprovement(), context(surrogate, cube(3), { observed: [Float64Array.of(0.1, 0.1, 0.1)], seed }));
    expect(await run(4)).toEqual(await run(4));
    expect(await run(4)).not.toEqual(await run(5));
  });
});

describe('createMaximizer', () => {
  it("follows the surrogate's search style unless the options name one", async () => {
    const acquisition = new LogExpectedImprovement();
    const batched = new CountingSurrogate([0.3, 0.6], 0.1, 'batched');
    await createMaximizer()(acquisition, context(batched, cube(2)));
    expect(batched.gradientCalls).toBe(0);
    expect(batched.calls).toHaveLength(5);
    const gradient = new CountingSurrogate([0.3, 0.6]);
    await createMaximizer()(acquisition, context(gradient, cube(2)));
    expect(gradient.gradientCalls).toBeGreaterThan(0);
    const forced = new CountingSurrogate([0.3, 0.6], 0.1, 'batched');
    await createMaximizer({ search: 'gradient' })(acquisition, context(forced, cube(2)));
    expect(forced.gradientCalls).toBeGreaterThan(0);
    expect(() => createMaximizer({ search: 'grid' as never })).toThrow('maximize.search: must be one of gradient, batched (got "grid")');
  });
});
