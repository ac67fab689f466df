import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dense, gelu, LayerNorm, linear, MLP, ParameterStore, stopGradient } from '../../../surrogates/nn/index.js';
import { BACKENDS, maxAbsDiff, randomTensor, relativeWasmVsCpu, useBackend } from '../backend/compare-backends.js';

/** The tanh-form GELU in float64. */
function geluReference(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
}

describe.each(BACKENDS)('nn layers on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('GELU equals the tanh formula, and its gradient the finite difference', () => {
    const xs = [-6, -2.5, -1, -0.3, 0, 0.2, 1, 2.7, 6];
    const x = tf.tensor1d(xs);
    const y = gelu(x).dataSync();
    xs.forEach((v, i) => expect(y[i]).toBeCloseTo(geluReference(v), 6));
    const g = tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x).dataSync();
    xs.forEach((v, i) => expect(g[i]).toBeCloseTo((geluReference(v + 1e-4) - geluReference(v - 1e-4)) / 2e-4, 3));
    tf.dispose(x);
  });

  it('linear flattens leading axes, matches matMul + bias, and has matMul gradients (both weight orientations)', () => {
    tf.tidy(() => {
      for (const [k, m] of [[5, 4], [3, 7]]) {
        const x = randomTensor([2, 3, k], `lin/x${k}`);
        const w = randomTensor([k, m], `lin/w${k}`);
        const b = randomTensor([m], `lin/b${k}`);
        const y = linear(x, w, b);
        expect(y.shape).toEqual([2, 3, m]);
        const plain = (xx: tf.Tensor, ww: tf.Tensor, bb?: tf.Tensor): tf.Tensor => {
          const product = tf.matMul(tf.reshape(xx, [6, k]), ww);
          return tf.reshape(bb === undefined ? product : tf.add(product, bb), [2, 3, m]);
        };
        expect(maxAbsDiff(y.dataSync(), plain(x, w, b).dataSync())).toBeLessThan(1e-6);
        const dy = randomTensor([2, 3, m], `lin/dy${k}`);
        const ours = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => linear(xx, ww, bb))([x, w, b], dy);
        const reference = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => plain(xx, ww, bb))([x, w, b], dy);
        ours.forEach((g, i) => expect(maxAbsDiff(g.dataSync(), reference[i].dataSync())).toBeLessThan(1e-5));
        const noBias = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => linear(xx, ww))([x, w], dy);
        const noBiasReference = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => plain(xx, ww))([x, w], dy);
        noBias.forEach((g, i) => expect(maxAbsDiff(g.dataSync(), noBiasReference[i].dataSync())).toBeLessThan(1e-5));
      }
      expect(() => linear(randomTensor([2, 3, 5], 'bad/x'), randomTensor([4, 4], 'bad'))).toThrow(/input \[2, 3, 5\] does not match weight \[4, 4\]/);
    });
  });

  it('MLP[256,128,64] on 6 inputs has 42,944 parameters and no activation after the last layer', () => {
    const store = new ParameterStore('mlp');
    const mlp = new MLP(store.scope('embed'), 6, [256, 128, 64]);
    expect(store.count()).toBe(42_944);
    expect(mlp.outputSize).toBe(64);
    expect(store.list().map((e) => e.name)).toEqual([
      'embed/layer0/kernel', 'embed/layer0/bias', 'embed/layer1/kernel', 'embed/layer1/bias', 'embed/layer2/kernel', 'embed/layer2/bias',
    ]);
    tf.tidy(() => {
      const x = randomTensor([3, 6], 'mlp/x');
      const [l0, l1, l2] = mlp.layers;
      const manual = l2.apply(gelu(l1.apply(gelu(l0.apply(x)))));
      expect(maxAbsDiff(mlp.apply(x).dataSync(), manual.dataSync())).toBe(0);
    });
    expect(() => new MLP(store, 2, [])).toThrow(/at least one layer/);
    store.dispose();
  });

  it('Dense without bias has only a kernel', () => {
    const store = new ParameterStore('d');
    const dense = new Dense(store, 4, 3, { bias: false });
    expect(dense.bias).toBeUndefined();
    expect(store.count()).toBe(12);
    store.dispose();
  });

  it('LayerNorm gives zero-mean unit-variance rows at initialisation and matches the float64 formula', () => {
    const store = new ParameterStore('ln');
    const norm = new LayerNorm(store, 8, { epsilon: 1e-5 });
    expect(store.count()).toBe(16);
    tf.tidy(() => {
      const x = randomTensor([4, 8], 'ln/x', 3);
      const xs = x.arraySync() as number[][];
      const y = norm.apply(x).arraySync() as number[][];
      xs.forEach((row, r) => {
        const mean = row.reduce((s, v) => s + v, 0) / 8;
        const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / 8;
        row.forEach((v, c) => expect(y[r][c]).toBeCloseTo((v - mean) / Math.sqrt(variance + 1e-5), 5));
      });
      expect(() => norm.apply(tf.zeros([2, 7]))).toThrow(/does not end in 8/);
    });
    store.dispose();
  });

  it('LayerNorm gradients equal autodiff of the plain formula (x / √(var + ε))', () => {
    const store = new ParameterStore('ln-grad');
    const norm = new LayerNorm(store, 8);
    store.assign('scale', Float32Array.from({ length: 8 }, (_, i) => 0.5 + 0.1 * i));
    store.assign('shift', Float32Array.from({ length: 8 }, (_, i) => 0.2 * i - 0.3));
    tf.tidy(() => {
      const plain = (x: tf.Tensor, scale: tf.Tensor, shift: tf.Tensor): tf.Tensor => {
        const centred = tf.sub(x, tf.mean(x, -1, true));
        const variance = tf.mean(tf.square(centred), -1, true);
        return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, 1e-5))), scale), shift);
      };
      const x = randomTensor([3, 5, 8], 'ln-grad/x', 2);
      const dy = randomTensor([3, 5, 8], 'ln-grad/dy');
      const inputs = [x, norm.scale, norm.shift];
      const [dx] = tf.grads((a: tf.Tensor) => norm.apply(a))([x], dy);
      const variableGrads = tf.variableGrads(() => tf.sum(tf.mul(norm.apply(x), dy)), [norm.scale, norm.shift]).grads;
      const reference = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => plain(a, b, c))(inputs, dy);
      expect(maxAbsDiff(dx.dataSync(), reference[0].dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(variableGrads[norm.scale.name].dataSync(), reference[1].dataSync())).toBeLessThan(1e-4);
      expect(maxAbsDiff(variableGrads[norm.shift.name].dataSync(), reference[2].dataSync())).toBeLessThan(1e-4);
    });
    store.dispose();
  });

  it('stopGradient passes values and blocks gradients', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([1, 2, 3]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, stopGradient(t))))(x);
      expect(Array.from(g.dataSync())).toEqual([1, 2, 3]);
    });
  });
});

describe('nn layers, wasm against cpu', () => {
  it('MLP and LayerNorm forward and parameter gradients agree within 1e-5 (relative to their size)', async () => {
    const diff = await relativeWasmVsCpu(() => {
      const store = new ParameterStore('cmp');
      const mlp = new MLP(store.scope('mlp'), 5, [32, 16], { activation: 'gelu' });
      const norm = new LayerNorm(store.scope('ln'), 16);
      const x = randomTensor([4, 7, 5], 'cmp/x');
      const f = (): tf.Scalar => tf.sum(tf.mul(norm.apply(mlp.apply(x)), randomTensor([4, 7, 16], 'cmp/w')));
      const { value, grads } = tf.variableGrads(f, store.trainableVariables());
      const out = [value, ...Object.values(grads)].map((t) => t.clone());
      store.dispose();
      return out;
    });
    expect(diff).toBeLessThan(1e-5);
  });
});
