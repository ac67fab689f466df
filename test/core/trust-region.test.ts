import { describe, expect, it } from 'vitest';
import { AskTellLoop } from '../../src/core/optimizer.js';
import { Rng } from '../../src/core/rng.js';
import {
  canShapeRegion,
  defaultTrustRegionSettings,
  nearestObservations,
  regionScales,
  resolveTrustRegionSettings,
  TrustRegion,
  trustRegionLength,
  UNCAPPED_STRETCH,
} from '../../src/core/trust-region.js';
import type { EncodedDimension, Point } from '../../src/core/types.js';
import { float, int } from '../../src/core/space.js';
import { loopConfig, runLoop } from '../helpers/quadratic-loop.js';
import { QuadraticSurrogate } from '../helpers/quadratic-surrogate.js';

const continuous = (d: number): EncodedDimension[] => Array.from({ length: d }, () => ({ kind: 'continuous' }) as const);
const point = (...u: number[]): Point => Float64Array.from(u);
const settings2d = defaultTrustRegionSettings(2);

describe('trustRegionLength', () => {
  it('starts at the initial length and ignores the initial design', () => {
    expect(trustRegionLength([3, 2, 1], 3, settings2d)).toBe(0.8);
  });

  it('doubles after successTolerance improvements in a row, up to maxLength', () => {
    expect(trustRegionLength([5, 4, 3, 2], 1, settings2d)).toBe(1.6);
    expect(trustRegionLength([5, 4, 3, 2, 1.5, 1, 0.5], 1, settings2d)).toBe(1.6);
  });

  it('halves after failureTolerance evaluations in a row without improvement; a success resets the count', () => {
    expect(trustRegionLength([1, 2, 2, 2, 2], 1, settings2d)).toBe(0.4);
    expect(trustRegionLength([1, 2, 2, 2, 2, 2, 2, 2, 2], 1, settings2d)).toBe(0.2);
    expect(trustRegionLength([1, 2, 2, 2, 0, 2, 2, 2], 1, settings2d)).toBe(0.8);
  });

  it('counts an improvement smaller than improvementFraction of the best value as a failure', () => {
    expect(trustRegionLength([1, 0.9995, 0.999, 0.9985, 0.998], 1, settings2d)).toBe(0.4);
    expect(trustRegionLength([1, 0.9995, 0.999, 0.9985, 0.998], 1, { ...settings2d, improvementFraction: 0 })).toBe(1.6);
  });

  it('restarts at the initial length once halving goes below minLength', () => {
    const settings = { ...settings2d, minLength: 0.3 };
    expect(trustRegionLength([1, 2, 2, 2, 2], 1, settings)).toBe(0.4);
    expect(trustRegionLength([1, 2, 2, 2, 2, 2, 2, 2, 2], 1, settings)).toBe(0.8);
  });

  it('waits max(4, d) failures by default', () => {
    expect(defaultTrustRegionSettings(2).failureTolerance).toBe(4);
    expect(defaultTrustRegionSettings(6).failureTolerance).toBe(6);
  });
});

describe('resolveTrustRegionSettings', () => {
  it('applies the given settings over the defaults', () => {
    expect(resolveTrustRegionSettings({ contextPoints: 4 }, 3)).toEqual({ ...defaultTrustRegionSettings(3), contextPoints: 4 });
  });

  it('refuses bad settings, naming the field', () => {
    expect(() => resolveTrustRegionSettings({ initialLength: 0 }, 2)).toThrow(/trustRegion.initialLength: must be a finite number > 0 \(got 0\)/);
    expect(() => resolveTrustRegionSettings({ improvementFraction: -1 }, 2)).toThrow(/trustRegion.improvementFraction: .*>= 0/);
    expect(() => resolveTrustRegionSettings({ failureTolerance: 1.5 }, 2)).toThrow(/trustRegion.failureTolerance: must be an integer >= 1/);
    expect(() => resolveTrustRegionSettings({ contextPoints: 0 }, 2)).toThrow(/trustRegion.contextPoints/);
    expect(() => resolveTrustRegionSettings({ minLength: 0.9 }, 2)).toThrow(/minLength < initialLength <= maxLength/);
    expect(() => resolveTrustRegionSettings({ maxLength: 0.5 }, 2)).toThrow(/minLength < initialLength <= maxLength/);
    expect(() => resolveTrustRegionSettings({ shaped: 'yes' as unknown as boolean }, 2)).toThrow(/trustRegion.shaped: must be true or false \(got "yes"\)/);
    expect(() => resolveTrustRegionSettings({ maxStretch: 0.5 }, 2)).toThrow(/trustRegion.maxStretch: must be a finite number >= 1 \(got 0.5\)/);
    expect(() => resolveTrustRegionSettings({ maxStretch: Infinity }, 2)).toThrow(/trustRegion.maxStretch/);
  });
});

describe('regionScales', () => {
  it('follows the lengthscales on continuous coordinates with geometric mean 1 there, and is 1 elsewhere', () => {
    const scales = regionScales(Float64Array.from([0.1, 0.4, 7]), [{ kind: 'continuous' }, { kind: 'continuous' }, { kind: 'categorical', values: [0, 1] }]);
    expect(scales[0]).toBeCloseTo(0.5, 12);
    expect(scales[1]).toBeCloseTo(2, 12);
    expect(scales[2]).toBe(1);
  });

  it('damps every log-ratio alike when a side would stretch or squeeze beyond maxStretch, keeping the order and the volume', () => {
    // Relative sides 1/4, 1/2, 8 (log2: -2, -1, 3) capped at 2: log2 ratios scaled by 1/3.
    const scales = regionScales(Float64Array.from([0.25, 0.5, 8]), continuous(3), 2);
    expect(Array.from(scales, Math.log2).map((v) => Number(v.toFixed(12)))).toEqual([-2 / 3, -1 / 3, 1].map((v) => Number(v.toFixed(12))));
    expect(scales.reduce((product, v) => product * v, 1)).toBeCloseTo(1, 12);
    expect(Array.from(regionScales(Float64Array.from([0.25, 0.5, 8]), continuous(3), 8))).toEqual(Array.from(regionScales(Float64Array.from([0.25, 0.5, 8]), continuous(3))));
    expect(Array.from(regionScales(Float64Array.from([0.25, 4]), continuous(2), 1))).toEqual([1, 1]);
  });

  it('gives a cube for estimates it cannot use', () => {
    for (const bad of [[0.1, Number.NaN], [0.1, 0], [0.1, -1], [0.1]]) expect(Array.from(regionScales(Float64Array.from(bad), continuous(2)))).toEqual([1, 1]);
  });
});

describe('canShapeRegion', () => {
  it('needs two continuous coordinates', () => {
    expect(canShapeRegion(continuous(2))).toBe(true);
    expect(canShapeRegion([{ kind: 'continuous' }, { kind: 'integer', values: [0, 1] }])).toBe(false);
    expect(canShapeRegion(continuous(1))).toBe(false);
  });
});

describe('nearestObservations', () => {
  it('keeps the given number of observations nearest the centre, nearest first', () => {
    const X = [point(0.9, 0.9), point(0.5, 0.5), point(0.55, 0.5), point(0, 0), point(0.5, 0.7)];
    const nearest = nearestObservations(X, Float64Array.from([0, 1, 2, 3, 4]), point(0.5, 0.5), 3);
    expect(Array.from(nearest.y)).toEqual([1, 2, 4]);
    expect(nearest.X.map((x) => Array.from(x))).toEqual([[0.5, 0.5], [0.55, 0.5], [0.5, 0.7]]);
  });
});

describe('TrustRegion', () => {
  const observed = [point(0.5, 0.5), point(0.52, 0.5), point(0.5, 0.45), point(0.7, 0.5), point(0.1, 0.9)];

  it('frames the box when it holds enough observations', () => {
    const region = TrustRegion.around(observed[0], 0.2, observed, continuous(2), 2);
    const { X, y } = region.frameData(observed, Float64Array.from([0, 1, 2, 3, 4]));
    expect(Array.from(y)).toEqual([0, 1, 2]);
    expect(Array.from(X[0])).toEqual([0.5, 0.5]);
    expect(X[1][0]).toBeCloseTo(0.6, 12);
    expect(X[2][1]).toBeCloseTo(0.25, 12);
  });

  it('grows the frame until it holds contextPoints observations, keeping the box', () => {
    const region = TrustRegion.around(observed[0], 0.02, observed, continuous(2), 4);
    const { y } = region.frameData(observed, Float64Array.from([0, 1, 2, 3, 4]));
    expect(Array.from(y)).toEqual([0, 1, 2, 3]);
    expect(region.boxPoints(observed)).toHaveLength(1);
    const corner = region.fromBox(point(1, 1));
    expect(corner[0]).toBeCloseTo(0.51, 12);
    expect(corner[1]).toBeCloseTo(0.51, 12);
  });

  it('maps box coordinates to the cube and back, and to the frame consistently', () => {
    const region = TrustRegion.around(observed[0], 0.1, observed, continuous(2), 3);
    const inBox = point(0.47, 0.53);
    const [t] = region.boxPoints([inBox]);
    const back = region.fromBox(t);
    expect(back[0]).toBeCloseTo(0.47, 12);
    expect(back[1]).toBeCloseTo(0.53, 12);
    const framed = region.framePoints([inBox])[0];
    const viaBox = region.boxToFrame(t);
    expect(viaBox[0]).toBeCloseTo(framed[0], 12);
    expect(viaBox[1]).toBeCloseTo(framed[1], 12);
  });

  it('cuts the box at the edge of the cube', () => {
    const region = TrustRegion.around(point(0, 1), 0.2, [point(0, 1)], continuous(2), 1);
    const low = region.fromBox(point(0, 0));
    const high = region.fromBox(point(1, 1));
    expect(Array.from(low)).toEqual([0, 0.9]);
    expect(high[0]).toBeCloseTo(0.1, 12);
    expect(high[1]).toBe(1);
  });

  it('counts a point a rounding error outside the box edge as inside it', () => {
    const region = TrustRegion.around(point(0.3, 0.5), 0.1, [point(0.3, 0.5)], continuous(2), 1);
    const edge = region.fromBox(point(0, 0.5));
    const [onEdge] = region.boxPoints([point(edge[0] - 5e-7, 0.5)]);
    expect(onEdge[0]).toBe(0);
    expect(region.boxPoints([point(edge[0] - 1e-4, 0.5)])).toHaveLength(0);
  });

  it('scales the duplicate tolerance by the shortest side of the box', () => {
    expect(TrustRegion.around(point(0.5, 0.5), 0.2, [point(0.5, 0.5)], continuous(2), 1).duplicateTolerance()).toBeCloseTo(5e-6, 15);
    expect(TrustRegion.around(point(0, 0.5), 0.2, [point(0, 0.5)], continuous(2), 1).duplicateTolerance()).toBeCloseTo(1e-5, 15);
  });

  it('keeps the whole range of discrete coordinates and snaps to their values', () => {
    const dims: EncodedDimension[] = [{ kind: 'continuous' }, { kind: 'integer', values: [0, 0.5, 1] }];
    const region = TrustRegion.around(point(0.5, 0.5), 0.1, [point(0.5, 0.5), point(0.9, 0)], dims, 1);
    expect(region.boxPoints([point(0.5, 0)])[0][1]).toBe(0);
    expect(Array.from(region.fromBox(point(0.5, 0.8)))).toEqual([0.5, 1]);
  });

  it('stretches the box and the frame by the scales, measuring the frame in their proportions', () => {
    const scales = Float64Array.from([0.5, 2]);
    const region = TrustRegion.around(observed[0], 0.1, observed, continuous(2), 3, scales);
    const low = region.fromBox(point(0, 0));
    const high = region.fromBox(point(1, 1));
    expect(high[0] - low[0]).toBeCloseTo(0.05, 12);
    expect(high[1] - low[1]).toBeCloseTo(0.2, 12);
    // In the box's proportions (0.5, 0.45) is 0.025 away, (0.52, 0.5) 0.04 and (0.7, 0.5) 0.4: the frame holds the
    // first three within half-sides 0.025 and 0.1 (the box's, as they reach no further).
    const { y } = region.frameData(observed, Float64Array.from([0, 1, 2, 3, 4]));
    expect(Array.from(y)).toEqual([0, 1, 2]);
    expect(region.framePoints([point(0.52, 0.59)])).toHaveLength(1);
    expect(region.framePoints([point(0.53, 0.5)])).toHaveLength(0);
  });

  it('presents the surrogate in box coordinates, with chain-rule gradients', async () => {
    const region = TrustRegion.around(observed[0], 0.1, observed, continuous(2), 3);
    const inner = new QuadraticSurrogate([0.2, 0.7]);
    const view = region.boxView(inner);
    const queries = [point(0.3, 0.8), point(0.9, 0.1)];
    const direct = await inner.posterior(queries.map((t) => region.boxToFrame(t)));
    const viewed = await view.posteriorWithGradient!(queries);
    expect(Array.from(viewed.mean)).toEqual(Array.from(direct.mean));
    expect(Array.from(viewed.std)).toEqual(Array.from(direct.std));
    const [gradient] = await viewed.pullback(Float64Array.from([1, 0]), Float64Array.from([0, 0]));
    const h = 1e-6;
    for (let j = 0; j < 2; j++) {
      const shifted = Float64Array.from(queries[0]);
      shifted[j] += h;
      const numeric = ((await view.posterior([shifted])).mean[0] - viewed.mean[0]) / h;
      expect(gradient[j]).toBeCloseTo(numeric, 4);
    }
    const samples = await view.sample(queries, 2, new Rng(0));
    expect(samples[0][0]).toBeCloseTo(direct.mean[0], 2);
  });
});

/** Asks and tells `steps` times on the space `{ x, n }`. */
async function runLoop1d(loop: AskTellLoop, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) for (const s of await loop.ask()) loop.tell(s.id, ((s.params.x as number) - 0.5) ** 2 + (s.params.n as number));
}

describe('AskTellLoop with a trust region', () => {
  const config = loopConfig;
  /** The loop's test surrogate, declaring that it prefers a trust region (as the neural processes do). */
  const preferring = () => Object.assign(new QuadraticSurrogate([0.3, 0.6, 0.5]), { prefersTrustRegion: true });

  it('refuses bad settings, naming the field', () => {
    expect(() => new AskTellLoop(config({ trustRegion: { successTolerance: 0 } }))).toThrow(/trustRegion.successTolerance: must be an integer >= 1/);
  });

  it('proposes exactly what the plain loop does when the box covers the whole cube', async () => {
    const plain = new AskTellLoop(config());
    const whole = new AskTellLoop(config({ trustRegion: { initialLength: 2, maxLength: 2, minLength: 1 } }));
    await runLoop(plain, 10);
    await runLoop(whole, 10);
    expect(whole.trials.map((t) => t.params)).toEqual(plain.trials.map((t) => t.params));
  });

  it('proposes points inside the box around the incumbent, conditioning the surrogate in the frame', async () => {
    const seen: Point[][] = [];
    const surrogate = new QuadraticSurrogate([0.3, 0.6, 0.5]);
    surrogate.condition = async (X: readonly Point[] = []) => void seen.push([...X]);
    const length = 0.1;
    const loop = new AskTellLoop(config({ surrogate, trustRegion: { initialLength: length, contextPoints: 3 } }));
    await runLoop(loop, 6);
    const before = loop.trials.map((t) => loop.space.encode(t.params));
    const incumbent = loop.space.encode(loop.best!.params);
    const [next] = await loop.ask();
    const proposed = loop.space.encode(next.params);
    for (const j of [0, 1]) expect(Math.abs(proposed[j] - incumbent[j])).toBeLessThanOrEqual(length / 2 + 1e-12);
    const framed = seen.at(-1)!;
    expect(framed).toHaveLength(3);
    for (const x of framed) for (const u of x) expect(u >= 0 && u <= 1).toBe(true);
    expect(framed.some((x, i) => x.some((u, j) => u !== before[i]?.[j]))).toBe(true);
  });

  it('records its settings in the state and resumes exactly', async () => {
    const straight = new AskTellLoop(config({ trustRegion: true }));
    await runLoop(straight, 14);
    const first = new AskTellLoop(config({ trustRegion: true }));
    await runLoop(first, 10);
    const state = JSON.parse(JSON.stringify(first.toJSON()));
    expect(state.trustRegion).toEqual(defaultTrustRegionSettings(3));
    const resumed = new AskTellLoop({ ...config({ space: undefined, seed: 999 }), resume: state });
    await runLoop(resumed, 4);
    expect(resumed.trials.map((t) => t.params)).toEqual(straight.trials.map((t) => t.params));
    expect(new AskTellLoop(config()).toJSON().trustRegion).toBeUndefined();
  });

  it('shapes the box by the lengthscales its shaper estimates from the observations nearest the incumbent', async () => {
    const given: { X: Point[]; y: Float64Array }[] = [];
    const regionShaper = () => async (X: readonly Point[], y: Float64Array) => {
      given.push({ X: [...X], y });
      return Float64Array.from([4, 1, 1]); // sides ×2 along x and ×½ along y (the integer n keeps its range)
    };
    const length = 0.2;
    const loop = new AskTellLoop(config({ regionShaper, trustRegion: { initialLength: length } }));
    await runLoop(loop, 8);
    const incumbent = loop.space.encode(loop.best!.params);
    const [next] = await loop.ask();
    const proposed = loop.space.encode(next.params);
    expect(loop.trials.at(-1)!.source).toBe('model');
    expect(Math.abs(proposed[0] - incumbent[0])).toBeLessThanOrEqual(length + 1e-12);
    expect(Math.abs(proposed[0] - incumbent[0])).toBeGreaterThan(length / 2); // beyond a cube of the same length
    expect(Math.abs(proposed[1] - incumbent[1])).toBeLessThanOrEqual(length / 4 + 1e-12);
    const last = given.at(-1)!;
    expect(last.X).toHaveLength(8);
    expect(Array.from(last.X[0])).toEqual(Array.from(incumbent));
    expect(last.y[0]).toBe(loop.best!.value);
    expect(loop.toJSON().trustRegion?.shaped).toBe(true);
  });

  it('is shaped by default when it has a shaper, needs one to be shaped, and searches a cube with a warning when the shaper fails', async () => {
    const idle = () => () => Promise.resolve(undefined);
    expect(new AskTellLoop(config({ regionShaper: idle, trustRegion: true })).trustRegion).toEqual(defaultTrustRegionSettings(3, true));
    expect(new AskTellLoop(config({ regionShaper: idle, trustRegion: { shaped: false } })).trustRegion?.shaped).toBe(false);
    expect(new AskTellLoop(config({ trustRegion: true })).trustRegion?.shaped).toBe(false);
    expect(() => new AskTellLoop(config({ trustRegion: { shaped: true } }))).toThrow(/trustRegion.shaped: needs a regionShaper/);
    const warnings: string[] = [];
    const failing = () => () => Promise.reject(new Error('no fit'));
    const shaped = new AskTellLoop(config({ regionShaper: failing, trustRegion: { shaped: true }, onWarning: (m) => warnings.push(m) }));
    const cube = new AskTellLoop(config({ trustRegion: true }));
    await runLoop(shaped, 8);
    await runLoop(cube, 8);
    expect(warnings.some((m) => /trust region: could not estimate its shape \(no fit\); searching a cube/.test(m))).toBe(true);
    expect(shaped.trials.map((t) => t.params)).toEqual(cube.trials.map((t) => t.params));
  });

  it('does not estimate a shape with fewer than two continuous coordinates, where every box is a cube', async () => {
    let calls = 0;
    const regionShaper = () => () => Promise.resolve((calls++, Float64Array.from([4, 1])));
    const loop = new AskTellLoop(config({ space: { x: float(-2, 2), n: int(1, 3) }, surrogate: new QuadraticSurrogate([0.3, 0.5]), regionShaper, trustRegion: true }));
    await runLoop1d(loop, 9);
    expect(loop.trials.filter((t) => t.source === 'model').length).toBeGreaterThan(0);
    expect(calls).toBe(0);
  });

  it('resumes a state written before shaped regions existed with a cubic box, and one written before maxStretch uncapped', () => {
    const state = JSON.parse(JSON.stringify(new AskTellLoop(config({ trustRegion: true })).toJSON()));
    delete state.trustRegion.shaped;
    delete state.trustRegion.maxStretch;
    const regionShaper = () => () => Promise.resolve(undefined);
    for (const trustRegion of [undefined, true]) {
      const resumed = new AskTellLoop({ ...config({ space: undefined, trustRegion, regionShaper }), resume: state });
      expect(resumed.trustRegion?.shaped).toBe(false);
      expect(resumed.trustRegion?.maxStretch).toBe(UNCAPPED_STRETCH);
    }
  });

  it("follows the surrogate's preference when not told, and what was told otherwise", () => {
    expect(new AskTellLoop(config({ surrogate: preferring() })).trustRegion).toEqual(defaultTrustRegionSettings(3));
    expect(new AskTellLoop(config({ surrogate: preferring(), trustRegion: false })).trustRegion).toBeUndefined();
    expect(new AskTellLoop(config({ surrogate: preferring(), trustRegion: { contextPoints: 4 } })).trustRegion?.contextPoints).toBe(4);
    expect(new AskTellLoop(config()).trustRegion).toBeUndefined();
    expect(new AskTellLoop(config({ trustRegion: true })).trustRegion).toEqual(defaultTrustRegionSettings(3));
  });

  it('resumes a state without trust-region settings (also those written before they existed) without one', () => {
    const plain = JSON.parse(JSON.stringify(new AskTellLoop(config({ trustRegion: false })).toJSON()));
    expect(plain.trustRegion).toBeUndefined();
    expect(new AskTellLoop({ ...config({ space: undefined, surrogate: preferring() }), resume: plain }).trustRegion).toBeUndefined();
  });

  it('keeps the settings of a resumed run when told only to use a trust region, and drops it when told not to', () => {
    const state = JSON.parse(JSON.stringify(new AskTellLoop(config({ trustRegion: { contextPoints: 4 } })).toJSON()));
    const resumed = (trustRegion?: boolean) => new AskTellLoop({ ...config({ space: undefined, trustRegion }), resume: state }).trustRegion;
    expect(resumed()?.contextPoints).toBe(4);
    expect(resumed(true)?.contextPoints).toBe(4);
    expect(resumed(false)).toBeUndefined();
  });
});
