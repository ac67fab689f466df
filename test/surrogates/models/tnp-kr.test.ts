import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { createModel, TnpKr, type NeuralProcess, type NpBatch } from '../../../surrogates/models/index.js';
import { maxAbsDiff, useBackend } from '../backend/compare-backends.js';
import { disposeBatch, predictValues, toyBatch } from './fixtures.js';

/** The batch with every input shifted by `shift` (one vector for all points). */
function shifted(batch: NpBatch, shift: number[]): { xc: tf.Tensor3D; xt: tf.Tensor3D } {
  return tf.tidy(() => {
    const offset = tf.tensor3d(shift, [1, 1, shift.length]);
    return { xc: tf.add(batch.xc, offset) as tf.Tensor3D, xt: tf.add(batch.xt, offset) as tf.Tensor3D };
  });
}

describe('TNP-KR', () => {
  let batch: NpBatch;
  beforeAll(async () => {
    await useBackend('wasm');
    batch = toyBatch('tnp-kr', 2, 10, 9, 2);
  });
  afterAll(() => disposeBatch(batch));

  it('without coordinates in the tokens (scan variant) is translation invariant; with them it is not', () => {
    const shift = Array.from(new Rng('shift').normals(2), (v) => 3 * v);
    const moved = shifted(batch, shift);
    for (const tokenCoords of [false, true]) {
      const model = createModel({ name: 'tnp-kr-sa', preset: 'tiny', xDim: 2, tokenCoords }, 'ti');
      const original = predictValues(model, batch.xc, batch.yc, batch.xt);
      const translated = predictValues(model, moved.xc, batch.yc, moved.xt);
      const change = Math.max(maxAbsDiff(original.mean, translated.mean), maxAbsDiff(original.std, translated.std));
      if (tokenCoords) expect(change).toBeGreaterThan(1e-2);
      else expect(change).toBeLessThan(1e-4);
      model.dispose();
    }
    tf.dispose([moved.xc, moved.xt]);
  });

  it('scan attention (ragged chunks of 4) equals dense attention: predictions and gradients', () => {
    const build = (attention: 'scan' | 'dense'): NeuralProcess =>
      createModel({ name: 'tnp-kr-sa', preset: 'tiny', xDim: 2, attention, scanChunk: 4 }, 'scan-vs-dense');
    const scan = build('scan');
    const dense = build('dense');
    const a = predictValues(scan, batch.xc, batch.yc, batch.xt);
    const b = predictValues(dense, batch.xc, batch.yc, batch.xt);
    expect(maxAbsDiff(a.mean, b.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(a.std, b.std)).toBeLessThan(1e-5);
    const gradients = (model: NeuralProcess): Float32Array[] => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => model.loss(batch), model.parameters().trainableVariables());
      return model.parameters().trainableVariables().map((v) => Float32Array.from(grads[v.name].dataSync()));
    });
    const ga = gradients(scan);
    const gb = gradients(dense);
    const worst = Math.max(...ga.map((g, i) => maxAbsDiff(g, gb[i]) / (1e-3 + Math.max(...gb[i].map(Math.abs)))));
    expect(worst).toBeLessThan(1e-4);
    scan.dispose();
    dense.dispose();
  });

  it('has finite gradients with respect to target inputs that coincide with context inputs (d = 0)', () => {
    for (const name of ['tnp-kr-sa', 'tnp-kr-dka', 'tnp-kr-performer'] as const) {
      const model = createModel({ name, preset: 'tiny', xDim: 2 }, 'coincide');
      const gradient = tf.tidy(() => {
        const xt = tf.concat([batch.xc, batch.xt], 1) as tf.Tensor3D;
        return tf.grad((x: tf.Tensor) => {
          const { mean, std } = model.predict(batch.xc, batch.yc, x as tf.Tensor3D);
          return tf.add(tf.sum(mean), tf.sum(std));
        })(xt).dataSync();
      });
      expect(gradient.every(Number.isFinite)).toBe(true);
      expect(gradient.some((g) => g !== 0)).toBe(true);
      model.dispose();
    }
  });

  it('redraws the Performer features only when configured, every N training steps', () => {
    for (const redrawEvery of [0, 2]) {
      const model = createModel({ name: 'tnp-kr-performer', preset: 'tiny', xDim: 2, performerRedrawEvery: redrawEvery }, 'redraw');
      const before = predictValues(model, batch.xc, batch.yc, batch.xt).mean;
      model.afterTrainingStep(1);
      const afterOne = predictValues(model, batch.xc, batch.yc, batch.xt).mean;
      model.afterTrainingStep(2);
      const afterTwo = predictValues(model, batch.xc, batch.yc, batch.xt).mean;
      expect(maxAbsDiff(afterOne, before)).toBe(0);
      if (redrawEvery === 0) expect(maxAbsDiff(afterTwo, before)).toBe(0);
      else expect(maxAbsDiff(afterTwo, before)).toBeGreaterThan(1e-5);
      model.dispose();
    }
  });

  it('shares one parameter set per block between the streams, with separate blocks', () => {
    const model = createModel({ name: 'tnp-kr-sa', preset: 'tiny' }, 'names') as TnpKr;
    const names = model.parameters().list().map((e) => e.name);
    expect(names.filter((n) => n.startsWith('block0/')).sort()).toEqual([
      'block0/attention/key/bias', 'block0/attention/key/kernel', 'block0/attention/output/bias', 'block0/attention/output/kernel',
      'block0/attention/query/bias', 'block0/attention/query/kernel',
      'block0/attention/value/layer0/bias', 'block0/attention/value/layer0/kernel',
      'block0/attention/value/layer1/bias', 'block0/attention/value/layer1/kernel',
      'block0/bias/amplitude', 'block0/bias/centre', 'block0/bias/width',
      'block0/feedForward/layer0/bias', 'block0/feedForward/layer0/kernel', 'block0/feedForward/layer1/bias', 'block0/feedForward/layer1/kernel',
      'block0/norm1/scale', 'block0/norm1/shift', 'block0/norm2/scale', 'block0/norm2/shift',
    ]);
    expect(model.blocks).toHaveLength(2);
    expect(names.filter((n) => n.startsWith('block1/'))).toHaveLength(21);
    model.dispose();
  });
});
