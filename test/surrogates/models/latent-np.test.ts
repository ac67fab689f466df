import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { allPoints, createModel, LatentNp, type NpBatch } from '../../../surrogates/models/index.js';
import { maxAbsDiff, useBackend } from '../backend/compare-backends.js';
import { disposeBatch, predictValues, toyBatch } from './fixtures.js';

/** log N(y | m, s²) in float64. */
function logNormal(y: number, m: number, s: number): number {
  return -0.5 * ((y - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
}

/** log(mean(exp(values))) in float64. */
function logMeanExp(values: number[]): number {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((sum, v) => sum + Math.exp(v - top), 0) / values.length);
}

describe('latent NP', () => {
  let batch: NpBatch;
  beforeAll(async () => {
    await useBackend('wasm');
    batch = toyBatch('np', 2, 5, 6);
  });
  afterAll(() => disposeBatch(batch));

  const build = (overrides: { trainingSamples?: number; evaluationSamples?: number } = {}): LatentNp =>
    createModel({ name: 'np', preset: 'tiny', ...overrides }, 'np') as LatentNp;

  it('draws coherent functions: one z gives one deterministic function over any target set; different z differ', () => {
    const model = build();
    const grid = tf.tidy(() => tf.reshape(tf.tile(tf.linspace(-2, 2, 41), [2]), [2, 41, 1]) as tf.Tensor3D);
    const part = tf.tidy(() => tf.slice(grid, [0, 10, 0], [2, 5, 1]) as tf.Tensor3D);
    const encoding = model.encode(batch.xc, batch.yc);
    const z = model.sampleLatents(encoding, 3, new Rng('z'));
    const whole = model.decodeWithLatents(encoding, z, grid).mean.arraySync();
    const again = model.decodeWithLatents(encoding, z, grid).mean.arraySync();
    const sub = model.decodeWithLatents(encoding, z, part).mean.arraySync();
    expect(again).toEqual(whole);
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < 5; i++) expect(Math.abs(sub[s][1][i][0] - whole[s][1][10 + i][0])).toBeLessThan(1e-5);
      const values = whole[s][0].map((v) => v[0]);
      const steps = values.slice(1).map((v, i) => Math.abs(v - values[i]));
      const range = Math.max(...values) - Math.min(...values);
      expect(Math.max(...steps)).toBeLessThan(0.25 * range + 1e-6);
    }
    const gap = Math.max(...whole[0][0].map((v, i) => Math.abs(v[0] - whole[1][0][i][0])));
    expect(gap).toBeGreaterThan(1e-3);
    tf.dispose([grid, part, encoding, z]);
    model.dispose();
  });

  it('predicts the moment-matched mixture over its fixed draws of z', () => {
    const samples = 4;
    const model = build({ evaluationSamples: samples });
    const predicted = predictValues(model, batch.xc, batch.yc, batch.xt);
    const encoding = model.encode(batch.xc, batch.yc);
    const draws = model.parameters().randomStream('prediction').normals(samples * 8);
    const z = tf.tidy(() => tf.add(encoding.latent.mean, tf.mul(encoding.latent.std, tf.tensor3d(Float32Array.from(draws), [samples, 1, 8]))) as tf.Tensor3D);
    const perSample = model.decodeWithLatents(encoding, z, batch.xt);
    const means = perSample.mean.arraySync();
    const stds = perSample.std.arraySync();
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 6; t++) {
        const m = means.map((s) => s[b][t][0]);
        const v = stds.map((s) => s[b][t][0] ** 2);
        const mu = m.reduce((a, x) => a + x, 0) / samples;
        const variance = v.reduce((a, x) => a + x, 0) / samples + m.reduce((a, x) => a + (x - mu) ** 2, 0) / samples;
        expect(Math.abs(predicted.mean[b * 6 + t] - mu)).toBeLessThan(1e-5);
        expect(Math.abs(predicted.std[b * 6 + t] - Math.sqrt(variance))).toBeLessThan(1e-5);
      }
    }
    tf.dispose([encoding, z, perSample]);
    model.dispose();
  });

  it('evaluates the per-target log-mean-exp over draws of z from q(z | C), averaged over targets', () => {
    const model = build({ evaluationSamples: 7 });
    const reported = tf.tidy(() => model.logLikelihood(batch, new Rng('eval')).dataSync()[0]);
    const encoding = model.encode(batch.xc, batch.yc);
    const z = model.sampleLatents(encoding, 7, new Rng('eval'));
    const { mean, std } = model.decodeWithLatents(encoding, z, batch.xt);
    const [m, s, y] = [mean.arraySync(), std.arraySync(), batch.yt.arraySync()];
    let total = 0;
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 6; t++) total += logMeanExp(m.map((_, k) => logNormal(y[b][t][0], m[k][b][t][0], s[k][b][t][0])));
    }
    expect(Math.abs(reported - total / 12)).toBeLessThan(1e-4);
    tf.dispose([encoding, z, mean, std]);
    model.dispose();
  });

  it.each([1, 4])('trains on the negative ELBO with K = %i sample(s) of z ~ q(z | C ∪ T) over all points', (K) => {
    const model = build({ trainingSamples: K });
    const reported = tf.tidy(() => model.loss(batch, new Rng('train')).dataSync()[0]);
    const points = allPoints(batch);
    const posterior = model.latentDistribution(points.x, points.y);
    const prior = model.latentDistribution(batch.xc, batch.yc);
    const noise = new Rng('train').normals(K * 2 * 8);
    const z = tf.tidy(() => tf.add(posterior.mean, tf.mul(posterior.std, tf.tensor3d(Float32Array.from(noise), [K, 2, 8]))) as tf.Tensor3D);
    const encoding = model.encode(batch.xc, batch.yc);
    const { mean, std } = model.decodeWithLatents(encoding, z, points.x);
    const [m, s, y, zs] = [mean.arraySync(), std.arraySync(), points.y.arraySync(), z.arraySync()];
    const [qm, qs, pm, ps] = [posterior.mean, posterior.std, prior.mean, prior.std].map((t) => t.arraySync());
    let loss = 0;
    for (let b = 0; b < 2; b++) {
      const recon = m.map((_, k) => y[b].reduce((sum, row, n) => sum + logNormal(row[0], m[k][b][n][0], s[k][b][n][0]), 0));
      if (K === 1) {
        const kl = qm[b].reduce((sum, _, j) =>
          sum + Math.log(ps[b][j] / qs[b][j]) + (qs[b][j] ** 2 + (qm[b][j] - pm[b][j]) ** 2) / (2 * ps[b][j] ** 2) - 0.5, 0);
        loss += (kl - recon[0]) / 11;
      } else {
        const logWeights = recon.map((r, k) => r + zs[k][b].reduce((sum, v, j) => sum + logNormal(v, pm[b][j], ps[b][j]) - logNormal(v, qm[b][j], qs[b][j]), 0));
        loss -= logMeanExp(logWeights) / 11;
      }
    }
    expect(Math.abs(reported - loss / 2)).toBeLessThan(1e-4);
    tf.dispose([points, posterior, prior, z, encoding, mean, std]);
    model.dispose();
  });
});

describe('CNP', () => {
  it('trains on the NLL of all points, context and targets', async () => {
    await useBackend('wasm');
    const batch = toyBatch('cnp', 2, 4, 5);
    const model = createModel({ name: 'cnp', preset: 'tiny' }, 'cnp');
    const points = allPoints(batch);
    const atAll = predictValues(model, batch.xc, batch.yc, points.x);
    const y = points.y.dataSync();
    const nll = -Array.from(y).reduce((sum, v, i) => sum + logNormal(v, atAll.mean[i], atAll.std[i]), 0) / y.length;
    expect(Math.abs(tf.tidy(() => model.loss(batch).dataSync()[0]) - nll)).toBeLessThan(1e-5);
    expect(Math.min(...atAll.std)).toBeGreaterThanOrEqual(0.1);
    tf.dispose(points);
    disposeBatch(batch);
    model.dispose();
  });
});
