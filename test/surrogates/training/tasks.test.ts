import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { covarianceMatrix } from '../../../surrogates/training/kernels.js';
import type { TaskBatch } from '../../../surrogates/training/task-batch.js';
import {
  evaluationBatch,
  evaluationSet,
  protocolKernelFamily,
  sampleBatch,
  type ProtocolKernel,
} from '../../../surrogates/training/tasks.js';

const KERNELS: readonly ProtocolKernel[] = ['rbf', 'matern', 'periodic'];

function expectFloat32Copies(batch: TaskBatch): void {
  for (const name of ['xc', 'yc', 'xt', 'yt'] as const) {
    expect(batch.float32[name]).toBeInstanceOf(Float32Array);
    expect(Array.from(batch.float32[name])).toEqual(Array.from(batch[name], Math.fround));
  }
}

describe('protocol (a) gp-tnpkr', () => {
  for (const kernel of KERNELS) {
    it(`${kernel}: 50 uniform + 100 grid locations shared by the batch, context = first n_ctx uniform ones`, () => {
      const batch = sampleBatch('gp-tnpkr', kernel, new Rng(`tnpkr/${kernel}`));
      const { batchSize: B, numContext: nc, numTarget: nt } = batch;
      expect([B, batch.dx, batch.dy, nt, batch.protocol, batch.kernel]).toEqual([32, 1, 1, 150, 'gp-tnpkr', kernel]);
      expect(nc).toBeGreaterThanOrEqual(3);
      expect(nc).toBeLessThanOrEqual(49);
      expect([batch.xc.length, batch.yc.length, batch.xt.length, batch.yt.length]).toEqual([B * nc, B * nc, B * nt, B * nt]);
      const locations = batch.xt.subarray(0, nt);
      for (let i = 0; i < 50; i++) {
        expect(locations[i]).toBeGreaterThanOrEqual(-2);
        expect(locations[i]).toBeLessThan(2);
      }
      for (let i = 0; i < 100; i++) expect(locations[50 + i]).toBeCloseTo(-2 + (4 * i) / 99, 14);
      for (let b = 0; b < B; b++) {
        expect(batch.xt.subarray(b * nt, (b + 1) * nt)).toEqual(locations);
        expect(batch.xc.subarray(b * nc, (b + 1) * nc)).toEqual(locations.subarray(0, nc));
        expect(batch.functions[b]).toBe(batch.functions[0]);
      }
      const { kernel: k, contextNoise, targetNoise } = batch.functions[0];
      expect(k.family).toBe(protocolKernelFamily('gp-tnpkr', kernel));
      expect([k.variance, k.jitter, contextNoise, targetNoise]).toEqual([1, 1e-5, 0.1, 0]);
      expect(k.lengthscales[0]).toBeGreaterThan(0);
      expect(k.lengthscales[0]).toBeLessThan(1);
      if (kernel === 'periodic') {
        expect(k.period).toBeGreaterThanOrEqual(0.5);
        expect(k.period).toBeLessThan(2);
      } else {
        expect(k.period).toBeUndefined();
      }
      expectFloat32Copies(batch);
    });
  }

  it('matern means Matérn-3/2 in (a) and Matérn-5/2 in (b)', () => {
    expect(protocolKernelFamily('gp-tnpkr', 'matern')).toBe('matern32');
    expect(protocolKernelFamily('gp-standard', 'matern')).toBe('matern52');
    expect(protocolKernelFamily('gp-standard', 'periodic')).toBe('periodic');
  });

  it('n_ctx covers U{3..49} and ℓ ~ Beta(3, 7) has mean 0.3', () => {
    const counts = new Set<number>();
    let lengthscales = 0;
    const draws = 400;
    for (let k = 0; k < draws; k++) {
      const batch = sampleBatch('gp-tnpkr', 'rbf', new Rng('tnpkr/ranges').fork(k), { batchSize: 1 });
      counts.add(batch.numContext);
      lengthscales += batch.functions[0].kernel.lengthscales[0];
    }
    expect(Math.min(...counts)).toBe(3);
    expect(Math.max(...counts)).toBe(49);
    expect(counts.size).toBe(47);
    // Beta(3, 7): sd 0.138, so the mean of 400 draws has sd 0.007.
    expect(lengthscales / draws).toBeCloseTo(0.3, 1);
  });

  it('function values have the kernel covariance; context values add noise of sd 0.1', () => {
    for (const kernel of KERNELS) {
      const batch = sampleBatch('gp-tnpkr', kernel, new Rng(`tnpkr/covariance/${kernel}`), { batchSize: 4000, numContext: 10 });
      const { batchSize: B, numTarget: nt, numContext: nc } = batch;
      const picks = [0, 3, 50, 51, 60, 149];
      const x = Float64Array.from(picks, (i) => batch.xt[i]);
      const expected = covarianceMatrix(batch.functions[0].kernel, x, x);
      picks.forEach((i, a) => {
        picks.forEach((j, c) => {
          let sum = 0;
          for (let b = 0; b < B; b++) sum += batch.yt[b * nt + i] * batch.yt[b * nt + j];
          // Standard error of the empirical covariance ≤ √(2/B) ≈ 0.022.
          expect(Math.abs(sum / B - expected[a * picks.length + c])).toBeLessThan(0.09);
        });
      });
      let squares = 0;
      for (let b = 0; b < B; b++) for (let i = 0; i < nc; i++) squares += (batch.yc[b * nc + i] - batch.yt[b * nt + i]) ** 2;
      expect(Math.sqrt(squares / (B * nc))).toBeCloseTo(0.1, 2);
    }
  });

  it('2-D (RBF only): 128 uniform points on [−2,2]² + the 16×16 grid, n_ctx in U{12..127}, batch 16', () => {
    const batch = sampleBatch('gp-tnpkr', 'rbf', new Rng('tnpkr/2d'), { dim: 2 });
    expect([batch.batchSize, batch.dx, batch.numTarget]).toEqual([16, 2, 384]);
    expect(batch.numContext).toBeGreaterThanOrEqual(12);
    expect(batch.numContext).toBeLessThanOrEqual(127);
    expect(batch.functions[0].kernel.lengthscales.length).toBe(2);
    const axis = (i: number) => -2 + (4 * i) / 15;
    expect([batch.xt[2 * 128], batch.xt[2 * 128 + 1]]).toEqual([axis(0), axis(0)]);
    expect([batch.xt[2 * 129], batch.xt[2 * 129 + 1]]).toEqual([axis(0), axis(1)]);
    expect([batch.xt[2 * 383], batch.xt[2 * 383 + 1]]).toEqual([axis(15), axis(15)]);
    for (let i = 0; i < 2 * 128; i++) expect(Math.abs(batch.xt[i])).toBeLessThanOrEqual(2);
    expect(() => sampleBatch('gp-tnpkr', 'matern', new Rng('x'), { dim: 2 })).toThrow(/options.dim: .*RBF kernel only/);
  });
});

describe('protocol (b) gp-standard', () => {
  for (const kernel of KERNELS) {
    it(`${kernel}: Nc ~ U{3..46}, Nt ~ U{3..49−Nc}, x in [−2,2), per-function hyper-parameters in range`, () => {
      for (let k = 0; k < 40; k++) {
        const batch = sampleBatch('gp-standard', kernel, new Rng(`standard/${kernel}`).fork(k));
        const { batchSize: B, numContext: nc, numTarget: nt } = batch;
        expect([B, batch.dx, batch.dy, batch.protocol]).toEqual([16, 1, 1, 'gp-standard']);
        expect(nc).toBeGreaterThanOrEqual(3);
        expect(nt).toBeGreaterThanOrEqual(3);
        expect(nc + nt).toBeLessThanOrEqual(49);
        expect([batch.xc.length, batch.yc.length, batch.xt.length, batch.yt.length]).toEqual([B * nc, B * nc, B * nt, B * nt]);
        const xs = [...batch.xc, ...batch.xt];
        expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
        expect(Math.max(...xs)).toBeLessThan(2);
        expect(new Set(batch.functions).size).toBe(B);
        for (const { kernel: kern, contextNoise, targetNoise } of batch.functions) {
          expect(kern.family).toBe(protocolKernelFamily('gp-standard', kernel));
          expect([contextNoise, targetNoise, kern.jitter]).toEqual([0.02, 0.02, 0]);
          expect(kern.lengthscales[0]).toBeGreaterThanOrEqual(0.1);
          expect(kern.lengthscales[0]).toBeLessThan(0.6);
          expect(Math.sqrt(kern.variance)).toBeGreaterThanOrEqual(0.1);
          expect(Math.sqrt(kern.variance)).toBeLessThan(1);
          if (kernel === 'periodic') {
            expect(kern.period).toBeGreaterThanOrEqual(0.1);
            expect(kern.period).toBeLessThan(0.5);
          }
        }
        expectFloat32Copies(batch);
      }
    });
  }

  it('Nc and Nt reach the ends of their ranges', () => {
    const contexts = new Set<number>();
    const targets = new Set<number>();
    const totals = new Set<number>();
    for (let k = 0; k < 600; k++) {
      const batch = sampleBatch('gp-standard', 'rbf', new Rng('standard/ranges').fork(k), { batchSize: 1 });
      contexts.add(batch.numContext);
      targets.add(batch.numTarget);
      totals.add(batch.numContext + batch.numTarget);
    }
    expect([Math.min(...contexts), Math.max(...contexts), contexts.size]).toEqual([3, 46, 44]);
    expect([Math.min(...targets), Math.max(...targets)]).toEqual([3, 46]);
    expect(Math.max(...totals)).toBe(49);
  });

  it('values have covariance E[s²ρ] + 0.02²: second moments over many functions match their recorded kernels', () => {
    for (const kernel of KERNELS) {
      const batch = sampleBatch('gp-standard', kernel, new Rng(`standard/moments/${kernel}`), {
        batchSize: 20000,
        numContext: 1,
        numTarget: 1,
      });
      let squares = 0;
      let crossError = 0;
      batch.functions.forEach((fn, b) => {
        squares += batch.yc[b] * batch.yc[b];
        const k12 = covarianceMatrix(fn.kernel, batch.xc.subarray(b, b + 1), batch.xt.subarray(b, b + 1))[0];
        crossError += batch.yc[b] * batch.yt[b] - k12;
      });
      // E[s²] for s ~ U[0.1, 1) is (1 − 0.001)/(3·0.9) = 0.37; y² has sd ≲ 0.4, so the mean's sd is ≲ 0.003.
      expect(Math.abs(squares / batch.batchSize - (0.999 / 2.7 + 0.0004))).toBeLessThan(0.015);
      expect(Math.abs(crossError / batch.batchSize)).toBeLessThan(0.015);
    }
  });
});

describe('determinism and evaluation sets', () => {
  it('the same Rng seed gives the same batch; another seed a different one', () => {
    const a = sampleBatch('gp-standard', 'periodic', new Rng('same'));
    const b = sampleBatch('gp-standard', 'periodic', new Rng('same'));
    const c = sampleBatch('gp-standard', 'periodic', new Rng('other'));
    expect(b.yt).toEqual(a.yt);
    expect(b.xc).toEqual(a.xc);
    expect(b.functions.map((f) => f.kernel.period)).toEqual(a.functions.map((f) => f.kernel.period));
    expect(c.yc).not.toEqual(a.yc);
  });

  it('batch k of an evaluation set does not depend on the number of batches requested', () => {
    for (const protocol of ['gp-tnpkr', 'gp-standard'] as const) {
      const short = evaluationSet(protocol, 'matern', 7, 2, { batchSize: 3 });
      const long = evaluationSet(protocol, 'matern', 7, 4, { batchSize: 3 });
      const single = evaluationBatch(protocol, 'matern', 7, 1, { batchSize: 3 });
      expect(long).toHaveLength(4);
      for (let k = 0; k < 2; k++) {
        expect(long[k].yt).toEqual(short[k].yt);
        expect(long[k].yc).toEqual(short[k].yc);
      }
      expect(single.yt).toEqual(long[1].yt);
      expect(long[2].yt).not.toEqual(long[1].yt);
      expect(evaluationBatch(protocol, 'matern', 8, 1, { batchSize: 3 }).yt).not.toEqual(single.yt);
    }
  });
});

describe('argument errors', () => {
  const rng = new Rng('errors');
  it('names the offending argument', () => {
    expect(() => sampleBatch('gp-other' as never, 'rbf', rng)).toThrow(/protocol: unknown protocol 'gp-other'/);
    expect(() => sampleBatch('gp-standard', 'linear' as never, rng)).toThrow(/kernel: unknown kernel 'linear'/);
    expect(() => sampleBatch('gp-tnpkr', 'rbf', rng, { numTarget: 10 })).toThrow(/options.numTarget/);
    expect(() => sampleBatch('gp-tnpkr', 'rbf', rng, { numContext: 51 })).toThrow(/options.numContext: expected an integer in \[1, 50\]/);
    expect(() => sampleBatch('gp-tnpkr', 'rbf', rng, { dim: 3 })).toThrow(/options.dim/);
    expect(() => sampleBatch('gp-standard', 'rbf', rng, { dim: 2 })).toThrow(/options.dim/);
    expect(() => sampleBatch('gp-standard', 'rbf', rng, { numContext: 47 })).toThrow(/options.numContext: 47 > 46/);
    expect(() => sampleBatch('gp-standard', 'rbf', rng, { batchSize: 0 })).toThrow(/options.batchSize/);
    expect(() => sampleBatch('gp-standard', 'rbf', rng, { numContext: 2.5, numTarget: 3 })).toThrow(/options.numContext/);
    expect(() => evaluationSet('gp-standard', 'rbf', 0, -1)).toThrow(/batches: expected an integer ≥ 0/);
    expect(() => evaluationBatch('gp-standard', 'rbf', 0, 1.5)).toThrow(/index: expected an integer ≥ 0/);
  });

  it('accepts explicit sizes beyond the random ranges for gp-standard', () => {
    const batch = sampleBatch('gp-standard', 'rbf', rng, { batchSize: 2, numContext: 60, numTarget: 5 });
    expect([batch.numContext, batch.numTarget, batch.xc.length, batch.yt.length]).toEqual([60, 5, 120, 10]);
  });
});
