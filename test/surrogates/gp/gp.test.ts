import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import type { EncodedDimension, Point } from '../../../src/core/types.js';
import { GaussianProcess, createGaussianProcess, type KernelName } from '../../../surrogates/gp/index.js';
import { decodeHyperParameters } from '../../../surrogates/gp/hyperparameters.js';
import { Kernel, kernelProfile } from '../../../surrogates/gp/kernel.js';
import { LogPosterior } from '../../../surrogates/gp/likelihood.js';
import { choleskyInto, solveLower, solveLowerTransposed } from '../../../surrogates/gp/linalg.js';

const continuous: EncodedDimension = { kind: 'continuous' };
const categorical: EncodedDimension = { kind: 'categorical', values: [1 / 6, 3 / 6, 5 / 6] };
const dims2: EncodedDimension[] = [continuous, continuous];
/** Plain standardisation: the raw-unit posterior is then exactly an affine image of the GP's. */
const exact = { outputTransform: 'standardize' } as const;

function uniformPoints(n: number, d: number, seed: string): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.uniform()));
}

const branin01 = (x: Float64Array) => {
  const a = 15 * x[0] - 5;
  const b = 15 * x[1];
  return (b - (5.1 / (4 * Math.PI ** 2)) * a * a + (5 / Math.PI) * a - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(a) + 10;
};

function expectFinitePosterior(posterior: { mean: Float64Array; std: Float64Array }): void {
  posterior.mean.forEach((m) => expect(Number.isFinite(m)).toBe(true));
  posterior.std.forEach((s) => expect(Number.isFinite(s) && s > 0).toBe(true));
}

/**
 * The exact posterior (standardised units) from θ, the data and the jitter, computed from the kernel formulas:
 * mean K_qX K_y⁻¹ ỹ and covariance K_qq − K_qX K_y⁻¹ K_Xq.
 */
function referencePosterior(
  kernelName: KernelName,
  dims: EncodedDimension[],
  logTheta: Float64Array,
  jitter: number,
  X: Point[],
  standardised: Float64Array,
  Xq: Point[],
): { mean: number[]; covariance: number[][] } {
  const kernel = new Kernel(kernelProfile(kernelName), dims);
  const d = dims.length;
  const params = decodeHyperParameters(logTheta, d);
  const n = X.length;
  const x = kernel.encode(X, 'X');
  const q = kernel.encode(Xq, 'Xq');
  const ky = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    kernel.crossCovariance(x, a * d, x, n, params, ky.subarray(a * n, (a + 1) * n));
    ky[a * n + a] += params.noiseVariance + jitter;
  }
  const l = new Float64Array(n * n);
  expect(choleskyInto(ky, n, 0, l)).toBe(true);
  const solve = (b: Float64Array) => {
    const out = b.slice();
    solveLower(l, n, out);
    solveLowerTransposed(l, n, out);
    return out;
  };
  const alpha = solve(standardised);
  const cross = Xq.map((_, p) => {
    const row = new Float64Array(n);
    kernel.crossCovariance(q, p * d, x, n, params, row);
    return row;
  });
  const mean = cross.map((row) => row.reduce((s, v, a) => s + v * alpha[a], 0));
  const covariance = Xq.map((_, p) => {
    const prior = new Float64Array(Xq.length);
    kernel.crossCovariance(q, p * d, q, Xq.length, params, prior);
    const solved = solve(cross[p]);
    return Array.from(prior, (v, r) => v - cross[r].reduce((s, c, a) => s + c * solved[a], 0));
  });
  return { mean, covariance };
}

function standardise(y: Float64Array): { mean: number; scale: number; values: Float64Array } {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const scale = Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length);
  return { mean, scale, values: y.map((v) => (v - mean) / scale) };
}

describe('GaussianProcess: input validation', () => {
  const gp = new GaussianProcess({ dims: dims2, seed: 'errors' });
  const X = uniformPoints(3, 2, 'e');

  it('rejects bad data with errors naming the argument', async () => {
    await expect(gp.condition(X, Float64Array.of(1, 2))).rejects.toThrow(/X\/y: 3 points but 2 values/);
    await expect(gp.condition([Float64Array.of(0.5)], Float64Array.of(1))).rejects.toThrow(/X\[0\].*length 2/);
    await expect(gp.condition(X, Float64Array.of(1, NaN, 2))).rejects.toThrow(/y: non-finite value NaN at index 1/);
    await expect(gp.condition([], new Float64Array(0))).rejects.toThrow(/y: empty data/);
    await expect(gp.condition(X, [1, 2, 3] as unknown as Float64Array)).rejects.toThrow(/y: expected a Float64Array/);
    await expect(gp.append(X, Float64Array.of(1, 2, 3))).rejects.toThrow(/append: no data yet/);
    await expect(gp.posterior([Float64Array.of(0.1, 0.2, 0.3)])).rejects.toThrow(/Xq\[0\]/);
    await expect(gp.sample(X, -1, new Rng('s'))).rejects.toThrow(/nSamples/);
    expect(() => new GaussianProcess({ dims: [], seed: 'x' })).toThrow(/context.dims/);
    expect(() => new GaussianProcess({ dims: dims2, seed: 'x' }, { kernel: 'linear' as KernelName })).toThrow(/options.kernel/);
    expect(() => gp.loadState({ logTheta: [1, 2], fitCount: 0 })).toThrow(/state.logTheta/);
    expect(() => gp.loadState({ logTheta: [0, 0, 0, -3], fitCount: -1 })).toThrow(/state.fitCount/);
    expect(() => gp.loadState(undefined)).toThrow(/state.logTheta/);
  });

  it('rejects pullback seeds of the wrong length', async () => {
    const posterior = await gp.posteriorWithGradient(X);
    await expect(posterior.pullback(new Float64Array(2), new Float64Array(3))).rejects.toThrow(/gMean/);
    await expect(posterior.pullback(new Float64Array(3), new Float64Array(1))).rejects.toThrow(/gStd/);
  });
});

describe('GaussianProcess: prior before any data', () => {
  it('returns mean 0, std 1, zero gradients and prior samples', async () => {
    const gp = createGaussianProcess({ dims: dims2, seed: 'prior' });
    expect(gp.name).toBe('gp');
    expect(gp.lastFit).toBeUndefined();
    const Xq = uniformPoints(4, 2, 'q');
    const posterior = await gp.posteriorWithGradient(Xq);
    expect(Array.from(posterior.mean)).toEqual([0, 0, 0, 0]);
    posterior.std.forEach((s) => expect(s).toBeCloseTo(1, 15));
    const gradients = await posterior.pullback(new Float64Array(4).fill(1), new Float64Array(4).fill(1));
    gradients.forEach((g) => expect(Array.from(g)).toEqual([0, 0]));
    const samples = await gp.sample(Xq, 3, new Rng('draws'));
    expect(samples).toHaveLength(3);
    samples.forEach((s) => s.forEach((v) => expect(Number.isFinite(v)).toBe(true)));
  });
});

describe('GaussianProcess: fitting and prediction', () => {
  const X = uniformPoints(25, 2, 'branin');
  const y = Float64Array.from(X, branin01);

  it('interpolates noiseless data', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'interp' }, exact);
    await gp.condition(X, y);
    const fit = gp.lastFit!;
    expect(fit.flagged).toBe(false);
    expect(fit.restarts).toBe(5);
    expect(Number.isFinite(fit.objective)).toBe(true);
    const posterior = await gp.posterior(X);
    const range = Math.max(...y) - Math.min(...y);
    posterior.mean.forEach((m, i) => expect(Math.abs(m - y[i])).toBeLessThan(1e-2 * range));
    posterior.std.forEach((s) => expect(s).toBeLessThan(1e-2 * range));
    // Away from the data the uncertainty is much larger.
    const far = await gp.posterior([Float64Array.of(0.5, 0.5)]);
    expect(far.std[0]).toBeGreaterThan(Math.max(...posterior.std));
  });

  it('matches the exact posterior mean and covariance for its θ', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'exact' }, exact);
    await gp.condition(X, y);
    const Xq = uniformPoints(6, 2, 'exact-q');
    const { mean, scale, values } = standardise(y);
    const reference = referencePosterior('matern52', dims2, gp.lastFit!.logTheta, gp.lastFit!.jitter, X, values, Xq);
    const posterior = await gp.posterior(Xq);
    posterior.mean.forEach((m, p) => expect(m).toBeCloseTo(mean + scale * reference.mean[p], 8));
    posterior.std.forEach((s, p) => expect(s).toBeCloseTo(scale * Math.sqrt(reference.covariance[p][p]), 8));
  });

  it('append adds rows without refitting and equals the exact posterior on the augmented data', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'append' }, exact);
    await gp.condition(X, y);
    const theta = gp.lastFit!.logTheta.slice();
    const extra = uniformPoints(3, 2, 'extra');
    const extraY = Float64Array.from(extra, branin01);
    await gp.append(extra.slice(0, 1), extraY.subarray(0, 1));
    await gp.append(extra.slice(1), extraY.subarray(1));
    await gp.append([], new Float64Array(0));
    expect(Array.from(gp.lastFit!.logTheta)).toEqual(Array.from(theta));
    const { mean, scale } = standardise(y);
    const all = [...X, ...extra];
    const allStandardised = Float64Array.from([...y, ...extraY], (v) => (v - mean) / scale);
    const Xq = [...uniformPoints(5, 2, 'append-q'), extra[2]];
    const reference = referencePosterior('matern52', dims2, theta, gp.lastFit!.jitter, all, allStandardised, Xq);
    const posterior = await gp.posterior(Xq);
    posterior.mean.forEach((m, p) => expect(m).toBeCloseTo(mean + scale * reference.mean[p], 8));
    posterior.std.forEach((s, p) => expect(s).toBeCloseTo(scale * Math.sqrt(Math.max(reference.covariance[p][p], 0)), 6));
    expect(Math.abs(posterior.mean[5] - extraY[2])).toBeLessThan(1e-2 * scale);
  });

  for (const kernel of ['matern52', 'rbf'] as const) {
    it(`posterior gradients match finite differences (${kernel}, with a categorical dimension)`, async () => {
      const dims = [continuous, categorical, continuous];
      const points = uniformPoints(20, 3, `grad-${kernel}`);
      const values = Float64Array.from(points, (p) => Math.sin(6 * p[0]) + [0, 1, -0.5][Math.floor(p[1] * 3)] + p[2] ** 2);
      const gp = new GaussianProcess({ dims, seed: `grad-${kernel}` }, { kernel });
      await gp.condition(points, values);
      const Xq = uniformPoints(5, 3, `grad-q-${kernel}`);
      const posterior = await gp.posteriorWithGradient(Xq);
      const plain = await gp.posterior(Xq);
      expect(Array.from(posterior.mean)).toEqual(Array.from(plain.mean));
      expect(Array.from(posterior.std)).toEqual(Array.from(plain.std));
      const ones = new Float64Array(5).fill(1);
      const zeros = new Float64Array(5);
      const gradMean = await posterior.pullback(ones, zeros);
      const gradStd = await posterior.pullback(zeros, ones);
      const seeds = Float64Array.of(0.3, -2, 1, 0.5, 4);
      const mixed = await posterior.pullback(seeds, ones);
      const h = 1e-6;
      for (let p = 0; p < 5; p++) {
        for (const i of [0, 2]) {
          const plus = Xq[p].slice();
          plus[i] += h;
          const minus = Xq[p].slice();
          minus[i] -= h;
          const [up, down] = [await gp.posterior([plus]), await gp.posterior([minus])];
          const dMean = (up.mean[0] - down.mean[0]) / (2 * h);
          const dStd = (up.std[0] - down.std[0]) / (2 * h);
          expect(Math.abs(gradMean[p][i] - dMean)).toBeLessThan(1e-5 * Math.max(1, Math.abs(dMean)));
          expect(Math.abs(gradStd[p][i] - dStd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(dStd)));
          expect(mixed[p][i]).toBeCloseTo(seeds[p] * gradMean[p][i] + gradStd[p][i], 10);
        }
        expect(gradMean[p][1]).toBe(0);
        expect(gradStd[p][1]).toBe(0);
      }
    });
  }

  it('joint samples have the posterior mean and covariance', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'samples' }, exact);
    const few = X.slice(0, 8);
    await gp.condition(few, y.subarray(0, 8));
    const Xq = [Float64Array.of(0.5, 0.5), Float64Array.of(0.52, 0.5), Float64Array.of(0.9, 0.1), Float64Array.of(0.1, 0.9)];
    const { mean, scale, values } = standardise(y.subarray(0, 8));
    const reference = referencePosterior('matern52', dims2, gp.lastFit!.logTheta, gp.lastFit!.jitter, few, values, Xq);
    const count = 20000;
    const samples = await gp.sample(Xq, count, new Rng('draws'));
    expect(samples).toHaveLength(count);
    const sampleMean = Xq.map((_, p) => samples.reduce((s, draw) => s + draw[p], 0) / count);
    for (let p = 0; p < 4; p++) {
      const sd = scale * Math.sqrt(reference.covariance[p][p]);
      expect(Math.abs(sampleMean[p] - (mean + scale * reference.mean[p]))).toBeLessThan(5 * (sd / Math.sqrt(count)) + 1e-9);
      for (let r = 0; r <= p; r++) {
        const sampleCov = samples.reduce((s, draw) => s + (draw[p] - sampleMean[p]) * (draw[r] - sampleMean[r]), 0) / (count - 1);
        const exact = scale * scale * reference.covariance[p][r];
        const sdR = scale * Math.sqrt(reference.covariance[r][r]);
        expect(Math.abs(sampleCov - exact)).toBeLessThan(0.05 * sd * sdR);
      }
    }
    // Same stream, same draws.
    const again = await gp.sample(Xq, 2, new Rng('draws'));
    expect(Array.from(again[1])).toEqual(Array.from(samples[1]));
  });

  it('is deterministic for a seed and resumes identically from saved state', async () => {
    const first = new GaussianProcess({ dims: dims2, seed: 'det' });
    const second = new GaussianProcess({ dims: dims2, seed: 'det' });
    await first.condition(X.slice(0, 15), y.subarray(0, 15));
    await second.condition(X.slice(0, 15), y.subarray(0, 15));
    expect(Array.from(second.lastFit!.logTheta)).toEqual(Array.from(first.lastFit!.logTheta));

    const state = JSON.parse(JSON.stringify(first.saveState()));
    const resumed = new GaussianProcess({ dims: dims2, seed: 'det' });
    resumed.loadState(state);
    await first.condition(X.slice(0, 20), y.subarray(0, 20));
    await resumed.condition(X.slice(0, 20), y.subarray(0, 20));
    expect(first.lastFit!.restarts).toBe(2);
    expect(resumed.lastFit!.restarts).toBe(2);
    expect(Array.from(resumed.lastFit!.logTheta)).toEqual(Array.from(first.lastFit!.logTheta));
    const Xq = uniformPoints(3, 2, 'det-q');
    expect(Array.from((await resumed.posterior(Xq)).mean)).toEqual(Array.from((await first.posterior(Xq)).mean));
  });

  it('loadState refactors the data it holds at the restored θ', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'reload' });
    await gp.condition(X, y);
    const Xq = uniformPoints(3, 2, 'reload-q');
    const before = await gp.posterior(Xq);
    const state = gp.saveState();
    gp.loadState({ logTheta: [Math.log(0.05), Math.log(0.05), 0, Math.log(1e-3)], fitCount: 1 });
    const changed = await gp.posterior(Xq);
    expect(Math.abs(changed.std[0] - before.std[0])).toBeGreaterThan(1e-6);
    gp.loadState(state);
    const restored = await gp.posterior(Xq);
    restored.mean.forEach((m, i) => expect(m).toBeCloseTo(before.mean[i], 10));
  });

  it('uses all starts on every 10th fit and the warm start otherwise', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'schedule' });
    const restarts: number[] = [];
    for (let fit = 0; fit < 12; fit++) {
      await gp.condition(X.slice(0, 6 + fit), y.subarray(0, 6 + fit));
      restarts.push(gp.lastFit!.restarts);
    }
    expect(restarts).toEqual([5, 2, 2, 2, 2, 2, 2, 2, 2, 2, 5, 2]);
  });

  it('keeps the noise at the floor when deterministic', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'pinned' }, { deterministic: true });
    await gp.condition(X, y);
    expect(Math.exp(gp.lastFit!.logTheta[3])).toBeCloseTo(1e-6, 18);
  });
});

describe('GaussianProcess: robustness', () => {
  const Xq = uniformPoints(50, 2, 'robust-q');

  it('handles duplicate and near-duplicate inputs', async () => {
    const base = uniformPoints(10, 2, 'dup');
    const X = [...base, base[0], base[0], base[3].map((v) => v + 1e-12), base[5].map((v) => v + 1e-9)];
    const y = Float64Array.from(X, (x, i) => branin01(x) + (i >= 10 ? 0.3 : 0));
    const gp = new GaussianProcess({ dims: dims2, seed: 'dup' });
    await gp.condition(X, y);
    expectFinitePosterior(await gp.posterior([...Xq, ...X]));
    await gp.append([base[0], base[0]], Float64Array.of(1, 2));
    expectFinitePosterior(await gp.posterior([...Xq, ...X]));
    const samples = await gp.sample([...Xq.slice(0, 10), base[0], base[0]], 2, new Rng('dup'));
    samples.forEach((s) => s.forEach((v) => expect(Number.isFinite(v)).toBe(true)));
  });

  it('handles constant outputs', async () => {
    const X = uniformPoints(12, 2, 'constant');
    const gp = new GaussianProcess({ dims: dims2, seed: 'constant' });
    await gp.condition(X, new Float64Array(12).fill(42));
    const posterior = await gp.posterior(Xq);
    expectFinitePosterior(posterior);
    posterior.mean.forEach((m) => expect(m).toBeCloseTo(42, 6));
    const gradients = await (await gp.posteriorWithGradient(Xq)).pullback(new Float64Array(50).fill(1), new Float64Array(50).fill(1));
    gradients.forEach((g) => g.forEach((v) => expect(Number.isFinite(v)).toBe(true)));
  });

  it('scales the posterior with the outputs (×1e6 and ×1e-6)', async () => {
    const X = uniformPoints(20, 2, 'scale');
    const y = Float64Array.from(X, branin01);
    const reference = new GaussianProcess({ dims: dims2, seed: 'scale' }, exact);
    await reference.condition(X, y);
    const base = await reference.posterior(Xq);
    for (const factor of [1e6, 1e-6]) {
      const gp = new GaussianProcess({ dims: dims2, seed: 'scale' }, exact);
      await gp.condition(X, y.map((v) => v * factor));
      const scaled = await gp.posterior(Xq);
      expectFinitePosterior(scaled);
      scaled.mean.forEach((m, i) => expect(m / factor).toBeCloseTo(base.mean[i], 6));
      scaled.std.forEach((s, i) => expect(s / factor / base.std[i]).toBeCloseTo(1, 6));
    }
  });

  it('handles a single observation', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'single' });
    await gp.condition([Float64Array.of(0.3, 0.7)], Float64Array.of(-5));
    const posterior = await gp.posterior([Float64Array.of(0.3, 0.7), ...Xq]);
    expectFinitePosterior(posterior);
    posterior.mean.forEach((m) => expect(m).toBeCloseTo(-5, 8));
    expect(posterior.std[0]).toBeLessThan(Math.min(...posterior.std.subarray(1)));
  });

  it('handles 200 observations in 4-D', async () => {
    const X = uniformPoints(200, 4, 'large');
    const y = Float64Array.from(X, (x) => Math.sin(4 * x[0]) * x[1] + Math.cos(3 * x[2]) + 0.1 * x[3]);
    const gp = new GaussianProcess({ dims: [continuous, continuous, continuous, continuous], seed: 'large' });
    await gp.condition(X, y);
    const q = uniformPoints(100, 4, 'large-q');
    const posterior = await gp.posteriorWithGradient(q);
    expectFinitePosterior(posterior);
    const truth = Float64Array.from(q, (x) => Math.sin(4 * x[0]) * x[1] + Math.cos(3 * x[2]) + 0.1 * x[3]);
    const rmse = Math.sqrt(truth.reduce((s, v, i) => s + (v - posterior.mean[i]) ** 2, 0) / q.length);
    expect(rmse).toBeLessThan(0.05);
  });
});

describe('GaussianProcess: options', () => {
  const X = uniformPoints(20, 2, 'options');
  // A range of three orders of magnitude, heavily right-skewed.
  const y = Float64Array.from(X, (x) => Math.exp(4 * (x[0] + x[1])));
  const best = y.reduce((a, b) => Math.min(a, b));
  const bestIndex = y.indexOf(best);

  it('rejects unknown output transforms and bad lengthscale priors, naming the option', () => {
    const context = { dims: dims2, seed: 'x' };
    expect(() => new GaussianProcess(context, { outputTransform: 'log' as 'standardize' })).toThrow(/options.outputTransform/);
    expect(() => new GaussianProcess(context, { lengthscalePrior: { location: 0, scale: 0 } })).toThrow(/options.lengthscalePrior.scale/);
    expect(() => new GaussianProcess(context, { lengthscalePrior: { location: NaN, scale: 1 } })).toThrow(/options.lengthscalePrior.location/);
  });

  it('uses the Yeo–Johnson transform by default and plain standardisation on request', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'opt' });
    await gp.condition(X, y);
    expect(gp.lastFit!.outputTransform.name).toBe('yeo-johnson');
    const standardised = new GaussianProcess({ dims: dims2, seed: 'opt' }, exact);
    await standardised.condition(X, y);
    expect(standardised.lastFit!.outputTransform).toEqual({ name: 'standardize' });
  });

  it('yeo-johnson: fits λ < 1 on skewed outputs and is exact in raw units at the best observation', async () => {
    // Deterministic, so that the GP interpolates the observations.
    const gp = new GaussianProcess({ dims: dims2, seed: 'opt' }, { outputTransform: 'yeo-johnson', deterministic: true });
    await gp.condition(X, y);
    const { name, lambda } = gp.lastFit!.outputTransform;
    expect(name).toBe('yeo-johnson');
    expect(lambda!).toBeLessThan(1);
    const posterior = await gp.posteriorWithGradient(X);
    expectFinitePosterior(posterior);
    expect(posterior.mean[bestIndex]).toBeCloseTo(best, 2);
    // The linearised mean keeps the order of the observations (the transform is increasing).
    const order = [...y.keys()].sort((a, b) => y[a] - y[b]);
    for (let k = 1; k < order.length; k++) expect(posterior.mean[order[k]]).toBeGreaterThan(posterior.mean[order[k - 1]] - 1e-6 * Math.abs(best));
    // A fantasy at the incumbent's value next to it is reproduced there.
    const fantasy = X[bestIndex].map((v) => v + 0.01);
    await gp.append([fantasy], Float64Array.of(best));
    expect(Math.abs((await gp.posterior([fantasy])).mean[0] - best)).toBeLessThan(0.02 * best);
    const gradients = await posterior.pullback(new Float64Array(20).fill(1), new Float64Array(20).fill(1));
    gradients.forEach((g) => g.forEach((v) => expect(Number.isFinite(v)).toBe(true)));
  });

  it('yeo-johnson: falls back to standardisation for constant outputs', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'opt' }, { outputTransform: 'yeo-johnson' });
    await gp.condition(X, new Float64Array(20).fill(-3));
    expect(gp.lastFit!.outputTransform.name).toBe('standardize');
    const posterior = await gp.posterior(uniformPoints(5, 2, 'opt-q'));
    expectFinitePosterior(posterior);
    posterior.mean.forEach((m) => expect(m).toBeCloseTo(-3, 6));
  });

  it('a lengthscale prior with a smaller location fits shorter lengthscales', async () => {
    const lengthscales = async (location: number) => {
      const gp = new GaussianProcess({ dims: dims2, seed: 'prior-loc' }, { lengthscalePrior: { location, scale: 0.5 } });
      await gp.condition(X, Float64Array.from(X, branin01));
      return Array.from(gp.lastFit!.logTheta.subarray(0, 2));
    };
    const long = await lengthscales(Math.SQRT2);
    const short = await lengthscales(Math.SQRT2 - 1.5);
    short.forEach((v, i) => expect(v).toBeLessThan(long[i]));
  });
});

describe('GaussianProcess: refit policy', () => {
  const X = uniformPoints(60, 2, 'policy');
  const y = Float64Array.from(X, branin01);
  const Xq = uniformPoints(5, 2, 'policy-q');
  /** Threshold 20, growth 25 %: refits at n ≤ 20, then at 25, 32, 40, 50. */
  const growth = { ...exact, refitThreshold: 20, refitGrowth: 0.25 } as const;
  /** The first `n` observations sorted by value, as the BO loop conditions on them. */
  const sortedByValue = (n: number): { X: Point[]; y: Float64Array } => {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => y[a] - y[b]);
    return { X: order.map((i) => X[i]), y: Float64Array.from(order, (i) => y[i]) };
  };
  const bits = async (gp: GaussianProcess) => {
    const { mean, std } = await gp.posterior(Xq);
    return [...gp.lastFit!.logTheta, gp.lastFit!.objective, ...mean, ...std];
  };

  it('rejects bad refit options, naming the option', () => {
    const context = { dims: dims2, seed: 'x' };
    expect(() => new GaussianProcess(context, { refit: 'never' as 'always' })).toThrow(/options.refit/);
    expect(() => new GaussianProcess(context, { refitThreshold: -5 })).toThrow(/options.refitThreshold/);
    expect(() => new GaussianProcess(context, { refitGrowth: NaN })).toThrow(/options.refitGrowth/);
  });

  it('is bit-identical to always while n ≤ threshold (custom threshold, and the default 100)', async () => {
    const always = new GaussianProcess({ dims: dims2, seed: 'same' }, { refit: 'always' });
    const policy = new GaussianProcess({ dims: dims2, seed: 'same' }, { refitThreshold: 20 });
    for (let n = 3; n <= 20; n++) {
      const data = sortedByValue(n);
      await always.condition(data.X, data.y);
      await policy.condition(data.X, data.y);
      expect(policy.lastFit!.refitted).toBe(true);
      expect(await bits(policy)).toEqual(await bits(always));
    }
    const byDefault = new GaussianProcess({ dims: dims2, seed: 'default' });
    const alwaysDefault = new GaussianProcess({ dims: dims2, seed: 'default' }, { refit: 'always' });
    for (const n of [40, 60, 60]) {
      await byDefault.condition(X.slice(0, n), y.subarray(0, n));
      await alwaysDefault.condition(X.slice(0, n), y.subarray(0, n));
      expect(byDefault.lastFit!.refitted).toBe(true);
      expect(await bits(byDefault)).toEqual(await bits(alwaysDefault));
    }
  });

  it('refits on the documented schedule, counting fits (not conditions) for the full refits', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'schedule' }, growth);
    const refitAt: number[] = [];
    const restarts: number[] = [];
    for (let n = 1; n <= 60; n++) {
      await gp.condition(X.slice(0, n), y.subarray(0, n));
      if (gp.lastFit!.refitted) {
        refitAt.push(n);
        restarts.push(gp.lastFit!.restarts);
        expect(gp.lastFit!.fittedObservations).toBe(n);
      } else {
        expect(gp.lastFit!.restarts).toBe(0);
        expect(gp.lastFit!.fittedObservations).toBe(refitAt[refitAt.length - 1]);
      }
    }
    expect(refitAt).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), 25, 32, 40, 50]);
    // Fits 0, 10 and 20 (at n = 1, 11 and 25) use all five starts.
    expect(restarts).toEqual(refitAt.map((_, fit) => (fit % 10 === 0 ? 5 : 2)));
  });

  it('between refits keeps θ and equals the exact posterior at θ, and a fresh GP with that θ, on data sorted by value', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'between' }, growth);
    const kernel = new Kernel(kernelProfile('matern52'), dims2);
    let theta: number[] = [];
    for (let n = 18; n <= 31; n++) {
      const data = sortedByValue(n);
      await gp.condition(data.X, data.y);
      const fit = gp.lastFit!;
      expect(fit.refitted).toBe(n <= 20 || n === 25);
      if (fit.refitted) {
        theta = Array.from(fit.logTheta);
        continue;
      }
      expect(Array.from(fit.logTheta)).toEqual(theta);
      const { mean, scale, values } = standardise(data.y);
      const reference = referencePosterior('matern52', dims2, fit.logTheta, fit.jitter, data.X, values, Xq);
      const posterior = await gp.posterior(Xq);
      posterior.mean.forEach((m, p) => expect(Math.abs(m - (mean + scale * reference.mean[p]))).toBeLessThan(1e-9 * scale));
      posterior.std.forEach((s, p) => expect(Math.abs(s - scale * Math.sqrt(reference.covariance[p][p]))).toBeLessThan(1e-9 * scale));
      const fresh = new GaussianProcess({ dims: dims2, seed: 'fresh' }, exact);
      await fresh.condition(data.X, data.y);
      fresh.loadState({ logTheta: theta, fitCount: 1 });
      const freshPosterior = await fresh.posterior(Xq);
      freshPosterior.mean.forEach((m, p) => expect(Math.abs(posterior.mean[p] - m)).toBeLessThan(1e-9 * scale));
      freshPosterior.std.forEach((s, p) => expect(Math.abs(posterior.std[p] - s)).toBeLessThan(1e-9 * scale));
      const objective = new LogPosterior(kernel, kernel.encode(data.X, 'X'), values).evaluate(fit.logTheta);
      expect(Math.abs(fit.objective - objective)).toBeLessThan(1e-9 * Math.abs(objective));
    }
  });

  it('refits when earlier data changed or disappeared, and not when the same data come again', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'changed' }, growth);
    await gp.condition(X.slice(0, 20), y.subarray(0, 20));
    await gp.condition(X.slice(0, 22), y.subarray(0, 22));
    expect(gp.lastFit!.refitted).toBe(false);
    const before = await bits(gp);
    await gp.condition(X.slice(0, 22), y.subarray(0, 22));
    expect(gp.lastFit!.refitted).toBe(false);
    expect(await bits(gp)).toEqual(before);
    const changed = y.slice(0, 23);
    changed[4] += 1;
    await gp.condition(X.slice(0, 23), changed);
    expect([gp.lastFit!.refitted, gp.lastFit!.fittedObservations]).toEqual([true, 23]);
    const extended = Float64Array.from([...changed, y[23]]);
    await gp.condition(X.slice(0, 24), extended);
    expect(gp.lastFit!.refitted).toBe(false);
    await gp.condition(X.slice(1, 24), extended.subarray(1));
    expect([gp.lastFit!.refitted, gp.lastFit!.fittedObservations]).toEqual([true, 23]);
  });

  it('extends the last condition’s data, not appended fantasies', async () => {
    const gp = new GaussianProcess({ dims: dims2, seed: 'fantasy' }, growth);
    await gp.condition(X.slice(0, 21), y.subarray(0, 21));
    const theta = gp.lastFit!.logTheta.slice();
    await gp.append([X[21], X[40]], Float64Array.of(-5, -5));
    const data = sortedByValue(22);
    await gp.condition(data.X, data.y);
    expect(gp.lastFit!.refitted).toBe(false);
    expect(Array.from(gp.lastFit!.logTheta)).toEqual(Array.from(theta));
    const { mean, scale, values } = standardise(data.y);
    const reference = referencePosterior('matern52', dims2, theta, gp.lastFit!.jitter, data.X, values, Xq);
    const posterior = await gp.posterior(Xq);
    posterior.mean.forEach((m, p) => expect(Math.abs(m - (mean + scale * reference.mean[p]))).toBeLessThan(1e-9 * scale));
  });

  it('resumes from saved state with the same θ and refit schedule', async () => {
    const straight = new GaussianProcess({ dims: dims2, seed: 'resume' }, growth);
    for (let n = 19; n <= 22; n++) await straight.condition(sortedByValue(n).X, sortedByValue(n).y);
    const state = JSON.parse(JSON.stringify(straight.saveState()));
    expect(state.fittedObservations).toBe(20);
    const resumed = new GaussianProcess({ dims: dims2, seed: 'resume' }, growth);
    resumed.loadState(state);
    for (const n of [23, 24]) {
      const data = sortedByValue(n);
      await straight.condition(data.X, data.y);
      await resumed.condition(data.X, data.y);
      expect([straight.lastFit!.refitted, resumed.lastFit!.refitted]).toEqual([false, false]);
      expect(Array.from(resumed.lastFit!.logTheta)).toEqual(Array.from(straight.lastFit!.logTheta));
      const [a, b] = [await straight.posterior(Xq), await resumed.posterior(Xq)];
      a.mean.forEach((m, p) => expect(Math.abs(b.mean[p] - m)).toBeLessThan(1e-9 * Math.abs(m) + 1e-9));
    }
    const data = sortedByValue(25);
    await straight.condition(data.X, data.y);
    await resumed.condition(data.X, data.y);
    expect(resumed.lastFit!.refitted).toBe(true);
    expect(await bits(resumed)).toEqual(await bits(straight));

    const legacy = new GaussianProcess({ dims: dims2, seed: 'resume' }, growth);
    legacy.loadState({ logTheta: state.logTheta, fitCount: state.fitCount });
    await legacy.condition(sortedByValue(23).X, sortedByValue(23).y);
    expect(legacy.lastFit!.refitted).toBe(true);
    expect(() => legacy.loadState({ ...state, fittedObservations: 0 })).toThrow(/state.fittedObservations/);
  });
});

describe('GaussianProcess: batched posterior', () => {
  const dims = [continuous, categorical, continuous, continuous];
  /** Fixed θ (log ℓ_1..ℓ_4, log s², log σ_n²): short enough lengthscales that the data matter everywhere. */
  const logTheta = [Math.log(0.3), Math.log(0.8), Math.log(0.5), Math.log(0.6), Math.log(1.5), Math.log(1e-4)];
  const objective = (x: Float64Array) => Math.sin(5 * x[0]) + [0, 1, -0.5][Math.floor(x[1] * 3)] + (x[2] - 0.3) ** 2 - x[3];

  /** A GP on `n` observations at θ = `logTheta`: restored with that θ as fitted on `n` points, so no fit runs. */
  async function gpAtTheta(n: number, seed: string): Promise<GaussianProcess> {
    const X = uniformPoints(n, dims.length, seed);
    const gp = new GaussianProcess({ dims, seed }, { refitThreshold: 0 });
    gp.loadState({ logTheta, fitCount: 1, fittedObservations: n });
    await gp.condition(X, Float64Array.from(X, objective));
    expect(gp.lastFit!.refitted).toBe(false);
    return gp;
  }

  /**
   * The posterior of `gp` at `Xq` as the GP computed it before the batched solves, one point at a time from its
   * own factor `L`, `α` and output map: `μ̃ = k*ᵀα`, `v = L⁻¹k*`, `σ̃² = s² − ‖v‖²`, `u = L⁻ᵀv`,
   * `∂μ̃/∂x = Σ_a α_a·∂k_a/∂x` and `∂σ̃/∂x = −Σ_a u_a·∂k_a/∂x / σ̃` with `∂k_a/∂x_i = 2·k'_a·(x_i − x_a,i)/ℓ_i²`.
   */
  function perPointPosterior(gp: GaussianProcess, Xq: Point[]) {
    const kernel = gp['kernel'];
    const { n, x, factor, alpha, params } = gp['data'];
    const [offset, scale] = [gp['outputMean'], gp['outputScale']];
    const d = dims.length;
    const query = kernel.encode(Xq, 'Xq');
    return Xq.map((_, p) => {
      const k = new Float64Array(n);
      const slopes = new Float64Array(n);
      kernel.crossCovariance(query, p * d, x, n, params, k, slopes);
      const v = k.slice();
      solveLower(factor, n, v);
      const latentStd = Math.sqrt(params.signalVariance - v.reduce((s, e) => s + e * e, 0));
      const u = v.slice();
      solveLowerTransposed(factor, n, u);
      const meanGradient = new Float64Array(d);
      const stdGradient = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        if (dims[i].kind === 'categorical') continue;
        for (let a = 0; a < n; a++) {
          const dk = 2 * slopes[a] * (query[p * d + i] - x[a * d + i]) * params.inverseSquaredLengthscales[i];
          meanGradient[i] += scale * alpha[a] * dk;
          stdGradient[i] -= (scale * u[a] * dk) / latentStd;
        }
      }
      return { mean: offset + scale * k.reduce((s, e, a) => s + e * alpha[a], 0), std: scale * latentStd, meanGradient, stdGradient, scale };
    });
  }

  it('equals the one-point-at-a-time formulas from the same factor (n = 1, 17, 90; 7 query points)', async () => {
    for (const n of [1, 17, 90]) {
      const gp = await gpAtTheta(n, `batched-${n}`);
      const Xq = [...uniformPoints(6, dims.length, `batched-q-${n}`), uniformPoints(n, dims.length, `batched-${n}`)[0]];
      const reference = perPointPosterior(gp, Xq);
      const priorStd = reference[0].scale * Math.sqrt(Math.exp(logTheta[4]));
      const plain = await gp.posterior(Xq);
      const posterior = await gp.posteriorWithGradient(Xq);
      expect(Array.from(posterior.mean)).toEqual(Array.from(plain.mean));
      expect(Array.from(posterior.std)).toEqual(Array.from(plain.std));
      const seeds = Float64Array.from(Xq, (_, p) => p - 2.5);
      const [gradMean, gradStd, mixed] = await Promise.all([
        posterior.pullback(new Float64Array(7).fill(1), new Float64Array(7)),
        posterior.pullback(new Float64Array(7), new Float64Array(7).fill(1)),
        posterior.pullback(seeds, seeds.map((s) => -2 * s)),
      ]);
      reference.forEach((r, p) => {
        expect(Math.abs(plain.mean[p] - r.mean)).toBeLessThan(1e-12 * priorStd);
        expect(Math.abs(plain.std[p] - r.std)).toBeLessThan(1e-12 * priorStd);
        const gradScale = Math.max(...r.meanGradient.map(Math.abs), ...r.stdGradient.map(Math.abs));
        for (let i = 0; i < dims.length; i++) {
          // ≤: at an observation of the single-point data set both gradients are exactly 0.
          expect(Math.abs(gradMean[p][i] - r.meanGradient[i])).toBeLessThanOrEqual(1e-12 * gradScale);
          expect(Math.abs(gradStd[p][i] - r.stdGradient[i])).toBeLessThanOrEqual(1e-12 * gradScale);
          const combined = seeds[p] * r.meanGradient[i] - 2 * seeds[p] * r.stdGradient[i];
          expect(Math.abs(mixed[p][i] - combined)).toBeLessThanOrEqual(1e-12 * Math.abs(seeds[p]) * gradScale);
        }
      });
    }
  });

  it('gives each point of a large batch (several chunks) exactly its result alone', async () => {
    // At n = 400 a chunk holds 5242 points (2621 with gradients), so 5300 points span two chunks and 2700
    // points (with gradients) two chunks; the checked indices sit at chunk and tile-pair boundaries.
    const gp = await gpAtTheta(400, 'batched-large');
    const Xq = uniformPoints(5300, dims.length, 'batched-large-q');
    const plain = await gp.posterior(Xq);
    const withGradient = await gp.posteriorWithGradient(Xq.slice(0, 2700));
    const seeds = Float64Array.from({ length: 2700 }, (_, p) => Math.cos(p));
    const gradients = await withGradient.pullback(seeds, seeds.map((s) => 1 - s));
    const reference = perPointPosterior(gp, [0, 2619, 2620, 2621, 2622, 2699, 5241, 5242, 5299].map((p) => Xq[p]));
    for (const [index, p] of [0, 2619, 2620, 2621, 2622, 2699, 5241, 5242, 5299].entries()) {
      const alone = await gp.posterior([Xq[p]]);
      expect([plain.mean[p], plain.std[p]]).toEqual([alone.mean[0], alone.std[0]]);
      expect(Math.abs(plain.std[p] - reference[index].std)).toBeLessThan(1e-12 * reference[index].scale);
      if (p >= 2700) continue;
      const aloneWithGradient = await gp.posteriorWithGradient([Xq[p]]);
      expect([withGradient.mean[p], withGradient.std[p]]).toEqual([alone.mean[0], alone.std[0]]);
      const [gradient] = await aloneWithGradient.pullback(seeds.subarray(p, p + 1), Float64Array.of(1 - seeds[p]));
      expect(Array.from(gradients[p])).toEqual(Array.from(gradient));
    }
  });
});
