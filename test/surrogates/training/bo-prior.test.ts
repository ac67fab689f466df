import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { BO_PRIOR, sampleBOPriorBatch } from '../../../surrogates/training/bo-prior.js';
import { covarianceMatrix } from '../../../surrogates/training/kernels.js';
import { oracleBatchScore } from '../../../surrogates/training/oracle.js';

describe('BO prior sampler', () => {
  it('shapes, unit-cube inputs, recorded kernels and noise within the documented ranges', () => {
    for (const dim of [1, 4, 8]) {
      const batch = sampleBOPriorBatch(new Rng(`bo/${dim}`), { dim, batchSize: 4, maxContext: 40 });
      const { batchSize: B, numContext: nc, numTarget: nt } = batch;
      expect([B, batch.dx, batch.dy, nt, batch.protocol, batch.kernel]).toEqual([4, dim, 1, 64, 'bo-prior', 'matern52']);
      expect(nc).toBeGreaterThanOrEqual(1);
      expect(nc).toBeLessThanOrEqual(40);
      expect([batch.xc.length, batch.yc.length, batch.xt.length, batch.yt.length]).toEqual([B * nc * dim, B * nc, B * nt * dim, B * nt]);
      const xs = [...batch.xc, ...batch.xt];
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(1);
      for (const { kernel, contextNoise, targetNoise } of batch.functions) {
        expect(kernel.family).toBe('matern52');
        expect(kernel.lengthscales.length).toBe(dim);
        for (const l of kernel.lengthscales) {
          expect(l).toBeGreaterThanOrEqual(0.1 * 0.5 * Math.sqrt(dim));
          expect(l).toBeLessThanOrEqual(1 * 2 * Math.sqrt(dim));
        }
        const scale = Math.sqrt(kernel.variance);
        expect(scale).toBeGreaterThanOrEqual(0.5);
        expect(scale).toBeLessThan(2);
        expect(kernel.jitter).toBeCloseTo(1e-6 * kernel.variance, 20);
        expect(contextNoise / scale).toBeGreaterThanOrEqual(1e-3);
        expect(contextNoise / scale).toBeLessThan(0.3);
        expect(targetNoise).toBe(0);
      }
    }
  });

  it('Nc log-uniform on {1..maxContext} by default (every octave equally often) or uniform; batch 16 and Nt 64 by default', () => {
    const sizes = (contextSizes?: 'uniform' | 'log-uniform'): number[] =>
      Array.from({ length: 400 }, (_, k) =>
        sampleBOPriorBatch(new Rng('bo/sizes').fork(k), { dim: 1, batchSize: 1, numTarget: 1, contextSizes }).numContext,
      );
    const octaves = (ns: number[]): number[] => Array.from({ length: 8 }, (_, o) => ns.filter((n) => n >= 2 ** o && n < 2 ** (o + 1)).length);
    const logUniform = sizes();
    expect(Math.min(...logUniform)).toBe(1);
    expect(Math.max(...logUniform)).toBeLessThanOrEqual(BO_PRIOR.maxContext);
    expect(Math.max(...logUniform)).toBeGreaterThan(200);
    // 400 draws over 8 equally likely octaves (the last also holds 256, with probability 1/257 of ln-units): 50 ± 7 each.
    for (const count of octaves(logUniform)) expect(Math.abs(count - 50)).toBeLessThan(25);
    const uniform = sizes('uniform');
    expect(uniform.filter((n) => n > 128).length).toBeGreaterThan(150);
    expect(octaves(uniform)[0]).toBeLessThan(10);
    const small = Array.from({ length: 100 }, (_, k) =>
      sampleBOPriorBatch(new Rng('bo/sizes').fork(k), { dim: 1, batchSize: 1, numTarget: 1, maxContext: 10, contextSizes: 'uniform' }).numContext,
    );
    expect(new Set(small)).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const batch = sampleBOPriorBatch(new Rng('bo/sizes'), { dim: 2, kernel: 'rbf', numContext: 256, batchSize: 2 });
    expect([batch.numContext, batch.numTarget, batch.kernel, batch.functions[0].kernel.family]).toEqual([256, 64, 'rbf', 'rbf']);
    expect(sampleBOPriorBatch(new Rng('bo/sizes'), { dim: 1, maxContext: 5 }).batchSize).toBe(16);
    expect(() => sampleBOPriorBatch(new Rng('x'), { dim: 1, contextSizes: 'normal' as 'uniform' })).toThrow(/options\.contextSizes/);
  });

  it('minDim < dim: each batch has its own task dimension, padded at the centre of the box, and the oracle ignores the padding', () => {
    const dims = new Set<number>();
    for (let k = 0; k < 40; k++) {
      const batch = sampleBOPriorBatch(new Rng('bo/pad').fork(k), { dim: 4, minDim: 2, batchSize: 2, numContext: 5, numTarget: 3, domain: [-2, 2] });
      expect(batch.dx).toBe(4);
      const rows = [...Array(batch.batchSize * batch.numContext).keys()].map((i) => batch.xc.subarray(i * 4, i * 4 + 4));
      // The task dimension: coordinates before the first padded one vary, the rest sit exactly at the centre 0.
      const active = [0, 1, 2, 3].filter((k) => rows.some((row) => row[k] !== 0)).length;
      expect(rows.every((row) => row.subarray(active).every((v) => v === 0))).toBe(true);
      dims.add(active);
      for (const fn of batch.functions) expect(Array.from(fn.kernel.lengthscales.subarray(active))).toEqual(Array(4 - active).fill(4));
    }
    expect(dims).toEqual(new Set([2, 3, 4]));
    // Padding changes no covariance: the padded kernel on padded points equals the narrow kernel on the active coordinates.
    const batch = sampleBOPriorBatch(new Rng('bo/pad/oracle'), { dim: 3, minDim: 1, batchSize: 1, numContext: 4, numTarget: 2 });
    const { kernel } = batch.functions[0];
    const active = [0, 1, 2].filter((k) => [0, 1, 2, 3].some((i) => batch.xc[i * 3 + k] !== 0.5)).length;
    const narrow = { ...kernel, lengthscales: kernel.lengthscales.subarray(0, active) };
    const project = (x: Float64Array): Float64Array => Float64Array.from({ length: (x.length / 3) * active }, (_, t) => x[Math.floor(t / active) * 3 + (t % active)]);
    expect(Array.from(covarianceMatrix(narrow, project(batch.xc), project(batch.xt)))).toEqual(Array.from(covarianceMatrix(kernel, batch.xc, batch.xt)));
    expect(() => sampleBOPriorBatch(new Rng('x'), { dim: 2, minDim: 3 })).toThrow(/options\.minDim/);
  });

  it('relativeNoise replaces the context-noise range, and a bad range is refused naming the option', () => {
    const batch = sampleBOPriorBatch(new Rng('bo/noise'), { dim: 2, batchSize: 32, numContext: 3, relativeNoise: [1e-4, 1e-2] });
    const relative = batch.functions.map(({ kernel, contextNoise }) => contextNoise / Math.sqrt(kernel.variance));
    expect(Math.min(...relative)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...relative)).toBeLessThan(1e-2);
    // 32 log-uniform draws over two decades reach both of them.
    expect(relative.some((r) => r < 1e-3) && relative.some((r) => r > 1e-3)).toBe(true);
    for (const range of [[0, 1e-2], [1e-2, 1e-3], [1e-3, Infinity], [1e-3]] as unknown as [number, number][]) {
      expect(() => sampleBOPriorBatch(new Rng('x'), { dim: 1, relativeNoise: range })).toThrow(/options\.relativeNoise: expected \[low, high\]/);
    }
  });

  it('locations mix uniform points with a cluster around a centre', () => {
    const batch = sampleBOPriorBatch(new Rng('bo/cluster'), { dim: 2, batchSize: 16, numContext: 200 });
    const n = batch.numContext + batch.numTarget;
    const crowdedCells = batch.functions.map((_, b) => {
      const cells = new Array<number>(100).fill(0);
      const point = (i: number, k: number) =>
        i < batch.numContext ? batch.xc[(b * batch.numContext + i) * 2 + k] : batch.xt[(b * batch.numTarget + i - batch.numContext) * 2 + k];
      for (let i = 0; i < n; i++) cells[Math.min(9, Math.floor(point(i, 0) * 10)) * 10 + Math.min(9, Math.floor(point(i, 1) * 10))]++;
      return Math.max(...cells);
    });
    // 264 uniform points put about 2.6 in each of the 100 cells (rarely more than 10); a cluster piles up many more.
    expect(crowdedCells.filter((count) => count > 20).length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...crowdedCells)).toBeLessThan(20);
  });

  it('second moments match the recorded kernels: latent variance s², context adds σ², cross-covariance k', () => {
    const batch = sampleBOPriorBatch(new Rng('bo/moments'), { dim: 3, batchSize: 12000, numContext: 1, numTarget: 1 });
    let latent = 0;
    let observed = 0;
    let cross = 0;
    batch.functions.forEach((fn, b) => {
      const k12 = covarianceMatrix(fn.kernel, batch.xc.subarray(3 * b, 3 * b + 3), batch.xt.subarray(3 * b, 3 * b + 3))[0];
      latent += batch.yt[b] * batch.yt[b] - fn.kernel.variance;
      observed += batch.yc[b] * batch.yc[b] - fn.kernel.variance - fn.contextNoise * fn.contextNoise;
      cross += batch.yc[b] * batch.yt[b] - k12;
    });
    // Each term has sd ≲ √2·E[s²]·2 ≈ 4, so the means of 12,000 have sd ≲ 0.04.
    const n = batch.batchSize;
    expect(Math.abs(latent / n)).toBeLessThan(0.15);
    expect(Math.abs(observed / n)).toBeLessThan(0.15);
    expect(Math.abs(cross / n)).toBeLessThan(0.15);
    // E[s²] for s ~ LogUniform[1/2, 2] is (4 − 1/4)/(2 ln 4).
    let squares = 0;
    for (const y of batch.yt) squares += y * y;
    expect(Math.abs(squares / n - 3.75 / (2 * Math.log(4)))).toBeLessThan(0.15);
  });

  it('mapping onto another domain scales the lengthscales and leaves the values unchanged', () => {
    const unit = sampleBOPriorBatch(new Rng('bo/domain'), { dim: 2, batchSize: 3, maxContext: 30 });
    const wide = sampleBOPriorBatch(new Rng('bo/domain'), { dim: 2, batchSize: 3, maxContext: 30, domain: [-2, 2] });
    expect(wide.numContext).toBe(unit.numContext);
    unit.xt.forEach((u, i) => expect(wide.xt[i]).toBeCloseTo(-2 + 4 * u, 14));
    unit.functions.forEach((fn, b) => {
      expect(wide.functions[b].kernel.lengthscales[1]).toBeCloseTo(4 * fn.kernel.lengthscales[1], 14);
    });
    unit.yt.forEach((y, i) => expect(wide.yt[i]).toBeCloseTo(y, 8));
    unit.yc.forEach((y, i) => expect(wide.yc[i]).toBeCloseTo(y, 8));
    expect(oracleBatchScore(wide).marginal).toBeCloseTo(oracleBatchScore(unit).marginal, 6);
  });

  it('is deterministic for a seed', () => {
    const a = sampleBOPriorBatch(new Rng('bo/det'), { dim: 3, batchSize: 2, maxContext: 20 });
    const b = sampleBOPriorBatch(new Rng('bo/det'), { dim: 3, batchSize: 2, maxContext: 20 });
    const c = sampleBOPriorBatch(new Rng('bo/det2'), { dim: 3, batchSize: 2, maxContext: 20 });
    expect(b.yc).toEqual(a.yc);
    expect(b.xt).toEqual(a.xt);
    expect(c.xt).not.toEqual(a.xt);
  });

  it('rejects bad options with the field name', () => {
    const rng = new Rng('bo/errors');
    expect(() => sampleBOPriorBatch(rng, { dim: 0 })).toThrow(/options.dim: expected an integer in \[1, 8\]/);
    expect(() => sampleBOPriorBatch(rng, { dim: 9 })).toThrow(/options.dim/);
    expect(() => sampleBOPriorBatch(rng, { dim: 2, kernel: 'periodic' as never })).toThrow(/options.kernel: unknown kernel 'periodic'/);
    expect(() => sampleBOPriorBatch(rng, { dim: 2, domain: [1, 1] })).toThrow(/options.domain/);
    expect(() => sampleBOPriorBatch(rng, { dim: 2, maxContext: 0 })).toThrow(/options.maxContext/);
    expect(() => sampleBOPriorBatch(rng, { dim: 2, numTarget: 0 })).toThrow(/options.numTarget/);
    expect(() => sampleBOPriorBatch(rng, { dim: 2, batchSize: 1.5 })).toThrow(/options.batchSize/);
  });
});
