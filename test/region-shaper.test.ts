/** The package's trust-region shaper: a GP's fitted lengthscales. */

import { describe, expect, it } from 'vitest';
import { Rng } from '../src/core/rng.js';
import type { EncodedDimension, Point } from '../src/core/types.js';
import { gpRegionShaper } from '../src/region-shaper.js';

const continuous: EncodedDimension = { kind: 'continuous' };

describe('gpRegionShaper', () => {
  it('gives a shorter lengthscale along the coordinate the objective varies fastest on', async () => {
    const rng = new Rng('shaper');
    const X: Point[] = Array.from({ length: 30 }, () => Float64Array.from([rng.uniform(), rng.uniform(), rng.uniform()]));
    const y = Float64Array.from(X, ([a, b, c]) => Math.sin(8 * a) + 0.3 * b + 0.05 * c);
    const lengthscales = (await gpRegionShaper({ dims: [continuous, continuous, continuous], seed: 'shaper' })(X, y))!;
    expect(lengthscales).toHaveLength(3);
    expect(lengthscales[0] * 3).toBeLessThan(lengthscales[1]);
    expect(lengthscales[1]).toBeLessThan(lengthscales[2]);
  });

  it('depends only on the observations and the seed, not on earlier calls (so a resumed run shapes alike)', async () => {
    const X: Point[] = Array.from({ length: 12 }, (_, i) => Float64Array.from([i / 11, ((i * 7) % 12) / 11]));
    const y = Float64Array.from(X, ([a, b]) => (a - 0.3) ** 2 + 4 * (b - 0.6) ** 2);
    const shaper = gpRegionShaper({ dims: [continuous, continuous], seed: 'refit' });
    const fewer = Array.from((await shaper(X.slice(0, 8), y.slice(0, 8)))!);
    const all = Array.from((await shaper(X, y))!);
    expect(all).not.toEqual(fewer);
    expect(Array.from((await gpRegionShaper({ dims: [continuous, continuous], seed: 'refit' })(X, y))!)).toEqual(all);
  });
});
