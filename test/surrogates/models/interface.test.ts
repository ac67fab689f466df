/** Properties every model must have, checked on the tiny preset of each family. */

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { createModel, MODEL_NAMES, pointLogDensity, type NeuralProcess, type NpBatch } from '../../../surrogates/models/index.js';
import { maxAbsDiff, useBackend, wasmVsCpu } from '../backend/compare-backends.js';
import { disposeBatch, predictValues, toyBatch } from './fixtures.js';

describe.each(MODEL_NAMES)('%s (tiny preset)', (name) => {
  let model: NeuralProcess;
  let batch: NpBatch;

  beforeAll(async () => {
    await useBackend('wasm');
    model = createModel({ name, preset: 'tiny' }, 'interface');
    batch = toyBatch('interface', 2, 6, 9);
  });
  afterAll(() => {
    model.dispose();
    disposeBatch(batch);
  });

  it('predicts [B, Nt, Dy] means and positive stds, the same on every call, without leaking tensors', () => {
    const first = predictValues(model, batch.xc, batch.yc, batch.xt);
    expect(first.mean).toHaveLength(2 * 9);
    expect(first.std.every((s) => s > 0 && Number.isFinite(s))).toBe(true);
    expect(first.mean.every(Number.isFinite)).toBe(true);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const again = predictValues(model, batch.xc, batch.yc, batch.xt);
      expect(maxAbsDiff(again.mean, first.mean)).toBe(0);
      expect(maxAbsDiff(again.std, first.std)).toBe(0);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic for a seed: the same seed gives the same model, another seed another one', () => {
    const twin = createModel({ name, preset: 'tiny' }, 'interface');
    const other = createModel({ name, preset: 'tiny' }, 'other');
    const reference = predictValues(model, batch.xc, batch.yc, batch.xt);
    expect(maxAbsDiff(predictValues(twin, batch.xc, batch.yc, batch.xt).mean, reference.mean)).toBe(0);
    expect(maxAbsDiff(predictValues(other, batch.xc, batch.yc, batch.xt).mean, reference.mean)).toBeGreaterThan(1e-4);
    twin.dispose();
    other.dispose();
  });

  it('gives the same predictions for targets decoded in chunks, in another order, or through encode/decode', () => {
    const all = predictValues(model, batch.xc, batch.yc, batch.xt);
    const chunked = predictValues(model, batch.xc, batch.yc, batch.xt, undefined, { chunkSize: 4 });
    expect(maxAbsDiff(chunked.mean, all.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(chunked.std, all.std)).toBeLessThan(1e-5);

    const order = new Rng('perm').permutation(9);
    const shuffledXt = tf.tidy(() => tf.gather(batch.xt, order, 1) as tf.Tensor3D);
    const shuffled = predictValues(model, batch.xc, batch.yc, shuffledXt);
    const unshuffle = (values: Float32Array): Float32Array =>
      Float32Array.from({ length: values.length }, (_, i) => values[Math.floor(i / 9) * 9 + order.indexOf(i % 9)]);
    expect(maxAbsDiff(unshuffle(shuffled.mean), all.mean)).toBeLessThan(1e-5);
    shuffledXt.dispose();

    const encoding = model.encode(batch.xc, batch.yc);
    const decoded = model.decode(encoding, batch.xt);
    expect(maxAbsDiff(decoded.mean.dataSync(), all.mean)).toBeLessThan(1e-5);
    tf.dispose([encoding, decoded]);
  });

  it('ignores padded context points (masked out) and rejects a row without any real context point', () => {
    const clean = predictValues(model, batch.xc, batch.yc, batch.xt);
    const junkX = tf.tensor3d([3, -3, 1, 0.5, 9, 9], [2, 3, 1]);
    const junkY = tf.tensor3d([5, -5, 7, 1, 1, 1], [2, 3, 1]);
    const xc = tf.concat([batch.xc, junkX], 1) as tf.Tensor3D;
    const yc = tf.concat([batch.yc, junkY], 1) as tf.Tensor3D;
    const mask = tf.tensor2d([[1, 1, 1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 0, 0, 0]]);
    const padded = predictValues(model, xc, yc, batch.xt, mask);
    expect(maxAbsDiff(padded.mean, clean.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(padded.std, clean.std)).toBeLessThan(1e-5);
    const empty = tf.tensor2d([[1, 1, 1, 1, 1, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0]]);
    expect(() => model.predict(xc, yc, batch.xt, empty)).toThrow(/ctxMask leaves a batch row without any real point/);
    tf.dispose([junkX, junkY, xc, yc, mask, empty]);
  });

  it('handles any input and output dimension (Dx = 3, Dy = 2)', () => {
    const wide = createModel({ name, preset: 'tiny', xDim: 3, yDim: 2 }, 'wide');
    const data = tf.tidy(() => {
      const rng = new Rng('wide');
      const values = (n: number, d: number): tf.Tensor3D => tf.tensor3d(Float32Array.from(rng.normals(2 * n * d)), [2, n, d]);
      return { xc: values(5, 3), yc: values(5, 2), xt: values(4, 3), yt: values(4, 2) };
    });
    const { mean, std } = wide.predict(data.xc, data.yc, data.xt);
    expect(mean.shape).toEqual([2, 4, 2]);
    expect(std.shape).toEqual([2, 4, 2]);
    expect(Number.isFinite(tf.tidy(() => wide.loss(data, new Rng('wide')).dataSync()[0]))).toBe(true);
    tf.dispose([mean, std, data]);
    wide.dispose();
  });

  it('rejects inputs of the wrong shape with the argument named', () => {
    const wide = tf.zeros([2, 9, 2]) as tf.Tensor3D;
    const single = tf.zeros([1, 9, 1]) as tf.Tensor3D;
    expect(() => model.predict(batch.xc, batch.yc, wide)).toThrow(/predict: xt \[2, 9, 2\] must be \[2, N, 1\]/);
    expect(() => model.predict(batch.xc, batch.yc, single)).toThrow(/predict: xt \[1, 9, 1\] must be \[2, N, 1\]/);
    expect(() => model.predict(batch.xc, batch.xc, batch.xt, tf.ones([2, 5]) as tf.Tensor2D)).toThrow(/ctxMask \[2, 5\] must be \[2, 6\]/);
    expect(() => model.loss({ ...batch, yt: batch.yc })).toThrow(/loss: yt \[2, 6, 1\] must have as many points as xt \[2, 9, 1\]/);
    tf.dispose([wide, single]);
  });

  it('trains: a finite loss and finite gradients for every trainable parameter, nothing leaked', () => {
    const variables = model.parameters().trainableVariables();
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => model.loss(batch, new Rng('loss')), variables);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(Object.keys(grads)).toHaveLength(variables.length);
      for (const g of Object.values(grads)) expect(g.dataSync().every(Number.isFinite)).toBe(true);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the gradient of its loss: a directional derivative matches central finite differences', () => {
    const variables = model.parameters().trainableVariables();
    const total = variables.reduce((sum, v) => sum + v.size, 0);
    const rng = new Rng('direction');
    const direction = variables.map((v) => tf.tensor(Float32Array.from(rng.normals(v.size), (x) => x / Math.sqrt(total)), v.shape));
    const originals = variables.map((v) => tf.clone(v));
    const lossAt = (step: number): number => {
      variables.forEach((v, i) => tf.tidy(() => v.assign(tf.add(originals[i], tf.mul(direction[i], step)))));
      return tf.tidy(() => model.loss(batch, new Rng('fixed')).dataSync()[0]);
    };
    const analytic = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => model.loss(batch, new Rng('fixed')), variables);
      return variables.reduce((sum, v, i) => sum + tf.sum(tf.mul(grads[v.name], direction[i])).dataSync()[0], 0);
    });
    const eps = 3e-3;
    const numeric = (lossAt(eps) - lossAt(-eps)) / (2 * eps);
    lossAt(0);
    expect(Math.abs(numeric - analytic)).toBeLessThan(0.05 * Math.abs(analytic) + 2e-4);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    tf.dispose([...direction, ...originals]);
  });

  it('padded targets (masked out) do not change the log-likelihood', () => {
    const plain = tf.tidy(() => model.logLikelihood(batch).dataSync()[0]);
    const padded: NpBatch = {
      ...batch,
      xt: tf.concat([batch.xt, tf.fill([2, 2, 1], 1.5)], 1) as tf.Tensor3D,
      yt: tf.concat([batch.yt, tf.fill([2, 2, 1], 40)], 1) as tf.Tensor3D,
      tgtMask: tf.concat([tf.ones([2, 9]), tf.zeros([2, 2])], 1) as tf.Tensor2D,
    };
    const masked = tf.tidy(() => model.logLikelihood(padded).dataSync()[0]);
    expect(Math.abs(masked - plain)).toBeLessThan(1e-5);
    tf.dispose([padded.xt, padded.yt, padded.tgtMask!]);
  });

  it('computes the same predictions on the wasm and cpu backends', async () => {
    const difference = await wasmVsCpu(() => {
      const { mean, std } = model.predict(batch.xc, batch.yc, batch.xt);
      return [mean, std];
    });
    await useBackend('wasm');
    expect(difference).toBeLessThan(1e-4);
  });

  if (name !== 'np') {
    it('reports the mean target log-density of its predictions as its log-likelihood, and minus that as its loss', () => {
      const { mean, std } = model.predict(batch.xc, batch.yc, batch.xt);
      const expected = tf.tidy(() => tf.mean(pointLogDensity(batch.yt, mean, std)).dataSync()[0]);
      const reported = tf.tidy(() => model.logLikelihood(batch).dataSync()[0]);
      expect(Math.abs(reported - expected)).toBeLessThan(1e-5);
      if (name !== 'cnp') expect(Math.abs(tf.tidy(() => model.loss(batch).dataSync()[0]) + expected)).toBeLessThan(1e-5);
      tf.dispose([mean, std]);
    });
  }
});
