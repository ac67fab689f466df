import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chooseChunks, denseAttention, pairwiseDistance, QuadraticBias, scanAttention, TisaBias, type LocatedBias,
} from '../../../surrogates/attention/index.js';
import { ParameterStore } from '../../../surrogates/nn/index.js';
import { BACKENDS, maxAbsDiff, randomTensor, useBackend } from '../backend/compare-backends.js';
import { attentionReference, distance, flat, tisaReference, type Grid } from './reference.js';

const B = 2, H = 2, Q = 37, K = 29, DK = 8, DV = 4, DX = 2;

/** Key mask: batch 0 has keys 8..15 (one whole chunk of 8) masked, batch 1 has every key masked. */
function keyMask(): tf.Tensor2D {
  const values = Array.from({ length: B * K }, (_, i) => {
    const [b, j] = [Math.floor(i / K), i % K];
    return b === 0 ? (j >= 8 && j < 16 ? 0 : 1) : 0;
  });
  return tf.tensor2d(values, [B, K]);
}

/** A TISA bias whose parameters are moved away from their initial values. */
function perturbedBias(store: ParameterStore): TisaBias {
  const bias = new TisaBias(store.scope('bias'), { heads: H, basis: 3 });
  bias.params.forEach((p, i) => p.assign(tf.add(p, randomTensor(p.shape, `perturb${i}`, 0.3))));
  return bias;
}

describe.each(BACKENDS)('softmax attention on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('pairwise distances are Euclidean and have zero, finite gradient where points coincide', () => {
    tf.tidy(() => {
      const locQ = tf.tensor3d([[[0, 0], [3, 4]]]);
      const locK = tf.tensor3d([[[0, 0], [1, 1], [3, 4]]]);
      const d = pairwiseDistance(locQ, locK).arraySync()[0];
      expect(d[0][0]).toBeCloseTo(1e-6, 9);
      expect(d[1][0]).toBeCloseTo(5, 5);
      expect(d[0][1]).toBeCloseTo(Math.SQRT2, 5);
      const [gq, gk] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(pairwiseDistance(a, b)))([locQ, locK]);
      const grads = [...gq.dataSync(), ...gk.dataSync()];
      expect(grads.every(Number.isFinite)).toBe(true);
      // Query 0 sees key 0 at distance 0 (zero gradient) and key 1 along (−1,−1)/√2, key 2 along (−3,−4)/5.
      expect(Array.from(gq.dataSync()).slice(0, 2).map((g) => +g.toFixed(4))).toEqual([-1.3071, -1.5071]);
      expect(() => pairwiseDistance(tf.zeros([1, 2, 2]), tf.zeros([1, 2, 3]))).toThrow(/must be \[B, Q, Dx\] and \[B, K, Dx\]/);
    });
  });

  it('the TISA bias and its hand-written gradient equal the plain formula and its autodiff gradient', () => {
    const store = new ParameterStore('tisa-grad');
    const bias = perturbedBias(store);
    tf.tidy(() => {
      const plain = (d: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor => {
        const d5 = tf.reshape(d, [B, 1, 5, 6, 1]);
        const shape = [1, H, 1, 1, 3];
        const bumps = tf.exp(tf.mul(tf.neg(tf.abs(tf.reshape(b, shape))), tf.square(tf.sub(d5, tf.reshape(c, shape)))));
        return tf.sum(tf.mul(tf.reshape(a, shape), bumps), 4);
      };
      const d = tf.abs(randomTensor([B, 5, 6], 'dist'));
      const dy = randomTensor([B, H, 5, 6], 'dy');
      const inputs = [d, ...bias.params];
      const ours = bias.evaluate(d as tf.Tensor3D, bias.params);
      expect(maxAbsDiff(ours.dataSync(), plain(d, ...(bias.params as [tf.Tensor, tf.Tensor, tf.Tensor])).dataSync())).toBeLessThan(1e-5);
      const g1 = tf.grads((x: tf.Tensor, ...p: tf.Tensor[]) => bias.evaluate(x as tf.Tensor3D, p))(inputs, dy);
      const g2 = tf.grads((x: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => plain(x, a, b, c))(inputs, dy);
      g1.forEach((g, i) => {
        expect(g.shape).toEqual(inputs[i].shape);
        expect(maxAbsDiff(g.dataSync(), g2[i].dataSync())).toBeLessThan(1e-4);
      });
    });
    store.dispose();
  });

  it('dense attention with a TISA bias and masks equals the float64 reference; fully masked rows give 0', () => {
    const store = new ParameterStore('dense');
    const bias = perturbedBias(store);
    tf.tidy(() => {
      const q = randomTensor([B, H, Q, DK], 'q');
      const k = randomTensor([B, H, K, DK], 'k');
      const v = randomTensor([B, H, K, DV], 'v');
      const locQ = randomTensor([B, Q, DX], 'lq');
      const locK = randomTensor([B, K, DX], 'lk');
      const mask = keyMask();
      const out = denseAttention(q, k, v, { keyMask: mask, bias: { bias, locQ, locK } });
      const [a, b, c] = bias.params.map((p) => p.arraySync() as number[][]);
      const lq = locQ.arraySync() as number[][][];
      const lk = locK.arraySync() as number[][][];
      const expected = attentionReference(
        q.arraySync() as Grid, k.arraySync() as Grid, v.arraySync() as Grid, 1 / Math.sqrt(DK), mask.arraySync(),
        (bb, h, i, j) => tisaReference(distance(lq[bb][i], lk[bb][j]), h, a, b, c),
      );
      expect(maxAbsDiff(out.dataSync(), flat(expected))).toBeLessThan(1e-5);
      expect(Math.max(...Array.from(out.slice([1], [1]).dataSync()).map(Math.abs))).toBe(0);
    });
    store.dispose();
  });

  it('scan attention equals dense attention (values and all gradients) with ragged chunks and masked blocks', () => {
    const store = new ParameterStore('scan');
    const bias = perturbedBias(store);
    tf.tidy(() => {
      const inputs = [
        randomTensor([B, H, Q, DK], 'q'), randomTensor([B, H, K, DK], 'k'), randomTensor([B, H, K, DV], 'v'),
        randomTensor([B, Q, DX], 'lq'), randomTensor([B, K, DX], 'lk'), ...bias.params,
      ];
      const mask = keyMask();
      const dy = randomTensor([B, H, Q, DV], 'dy');
      const run = (mechanism: 'dense' | 'scan') => (...xs: tf.Tensor[]): tf.Tensor => {
        const [q, k, v, locQ, locK, ...params] = xs;
        // The same bias, reading its parameters from the differentiated inputs.
        const asInputs = { heads: H, params: params as tf.Variable[], evaluate: bias.evaluate.bind(bias) };
        const located: LocatedBias = { bias: asInputs, locQ, locK };
        return mechanism === 'dense'
          ? denseAttention(q, k, v, { keyMask: mask, bias: located })
          : scanAttention(q, k, v, { keyMask: mask, bias: located, queryChunk: 16, keyChunk: 8 });
      };
      const denseOut = run('dense')(...inputs);
      const scanOut = run('scan')(...inputs);
      expect(maxAbsDiff(scanOut.dataSync(), denseOut.dataSync())).toBeLessThan(1e-5);
      const denseGrads = tf.grads(run('dense'))(inputs, dy);
      const scanGrads = tf.grads(run('scan'))(inputs, dy);
      denseGrads.forEach((g, i) => {
        const scale = Math.max(1, ...Array.from(g.dataSync()).map(Math.abs));
        expect(maxAbsDiff(scanGrads[i].dataSync(), g.dataSync()) / scale).toBeLessThan(1e-5);
      });
    });
    store.dispose();
  });

  it('scan attention passes gradients to the bias parameters it holds, without a mask or explicit chunks', () => {
    const store = new ParameterStore('scan2');
    const bias = perturbedBias(store);
    tf.tidy(() => {
      const q = randomTensor([1, H, 50, DK], 'q2');
      const k = randomTensor([1, H, 40, DK], 'k2');
      const v = randomTensor([1, H, 40, DV], 'v2');
      const locQ = randomTensor([1, 50, DX], 'lq2');
      const locK = tf.concat([tf.slice(locQ, [0, 0, 0], [1, 10, DX]), randomTensor([1, 30, DX], 'lk2')], 1);
      const loss = (mechanism: 'dense' | 'scan') => (): tf.Scalar => {
        const options = { bias: { bias, locQ, locK } };
        const out = mechanism === 'dense' ? denseAttention(q, k, v, options) : scanAttention(q, k, v, { ...options, blockElements: 2 * 16 * 8 });
        return tf.sum(tf.mul(out, v.slice([0, 0, 0, 0], [1, H, 40, DV]).mean(2, true)));
      };
      const dense = tf.variableGrads(loss('dense'), [...bias.params]);
      const scan = tf.variableGrads(loss('scan'), [...bias.params]);
      expect(Math.abs(scan.value.dataSync()[0] - dense.value.dataSync()[0])).toBeLessThan(1e-5);
      for (const p of bias.params) {
        const g = dense.grads[p.name].dataSync();
        expect(g.every(Number.isFinite)).toBe(true);
        expect(maxAbsDiff(scan.grads[p.name].dataSync(), g)).toBeLessThan(1e-5);
      }
    });
    store.dispose();
  });

  it('scan self-attention with one tensor for queries and keys and one for their locations has dense gradients', () => {
    const store = new ParameterStore('self');
    const bias = perturbedBias(store);
    tf.tidy(() => {
      const x = randomTensor([B, H, K, DK], 'x');
      const loc = randomTensor([B, K, DX], 'loc');
      const dy = randomTensor([B, H, K, DK], 'dy');
      for (const chunk of [K, 8]) {
        const run = (mechanism: 'dense' | 'scan') => (a: tf.Tensor, l: tf.Tensor): tf.Tensor => {
          const options = { bias: { bias, locQ: l, locK: l }, queryChunk: chunk, keyChunk: chunk };
          return mechanism === 'dense' ? denseAttention(a, a, a, options) : scanAttention(a, a, a, options);
        };
        const dense = tf.grads(run('dense'))([x, loc], dy);
        const scan = tf.grads(run('scan'))([x, loc], dy);
        dense.forEach((g, i) => expect(maxAbsDiff(scan[i].dataSync(), g.dataSync())).toBeLessThan(1e-4));
      }
    });
    store.dispose();
  });

  it('leak no tensors over repeated forward and backward passes', () => {
    const store = new ParameterStore('leak');
    const bias = perturbedBias(store);
    const q = randomTensor([B, H, Q, DK], 'q');
    const k = randomTensor([B, H, K, DK], 'k');
    const v = randomTensor([B, H, K, DV], 'v');
    const locQ = randomTensor([B, Q, DX], 'lq');
    const locK = randomTensor([B, K, DX], 'lk');
    const mask = keyMask();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      tf.tidy(() => {
        const options = { keyMask: mask, bias: { bias, locQ, locK }, queryChunk: 16, keyChunk: 8 };
        denseAttention(q, k, v, options);
        scanAttention(q, k, v, options);
        tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => scanAttention(a, b, c, options))([q, k, v]);
        tf.variableGrads(() => tf.sum(scanAttention(q, k, v, options)), [...bias.params]);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, k, v, locQ, locK, mask]);
    store.dispose();
  });

  it('rejects mismatched shapes, masks and locations with messages naming them', () => {
    const store = new ParameterStore('errors');
    const bias = new TisaBias(store, { heads: H });
    tf.tidy(() => {
      const q = tf.zeros([1, H, 4, 3]);
      const k = tf.zeros([1, H, 5, 3]);
      const v = tf.zeros([1, H, 5, 2]);
      expect(() => denseAttention(q, tf.zeros([1, H, 5, 4]), v)).toThrow(/denseAttention: q \[1, 2, 4, 3\], k \[1, 2, 5, 4\]/);
      expect(() => scanAttention(q, k, v, { keyMask: tf.ones([1, 4]) })).toThrow(/scanAttention: keyMask \[1, 4\] must be \[1, 5\]/);
      expect(() => denseAttention(q, k, v, { bias: { bias, locQ: tf.zeros([1, 3, 2]), locK: tf.zeros([1, 5, 2]) } }))
        .toThrow(/bias.locQ \[1, 3, 2\] must be \[1, 4, Dx\]/);
      expect(() => scanAttention(q, k, v, { queryChunk: 0 })).toThrow(/queryChunk must be a positive integer, got 0/);
    });
    store.dispose();
  });
});

describe('distance biases', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it("'reference' initialisation keeps a head's bumps identical under gradients; 'spread' lets them differ", () => {
    for (const init of ['reference', 'spread'] as const) {
      const store = new ParameterStore('bumps');
      const bias = new TisaBias(store, { heads: 4, basis: 5, init });
      const grads = tf.tidy(() => {
        const d = tf.abs(randomTensor([2, 6, 7], 'd'));
        const weights = randomTensor([2, 4, 6, 7], 'w');
        return tf.grads((...p: tf.Tensor[]) => tf.sum(tf.mul(bias.evaluate(d as tf.Tensor3D, p), weights)))([...bias.params])
          .map((g) => g.arraySync() as number[][]);
      });
      for (const g of grads) {
        const spreadWithinHeads = Math.max(...g.map((row) => Math.max(...row) - Math.min(...row)));
        if (init === 'reference') expect(spreadWithinHeads).toBeLessThan(1e-6);
        else expect(spreadWithinHeads).toBeGreaterThan(1e-3);
      }
      store.dispose();
    }
  });

  it("'spread' starts with centres evenly spaced on [0, 2] and head widths 0.5·2^h; 'reference' at 5·exp(−d²)", () => {
    const store = new ParameterStore('init');
    const spread = new TisaBias(store.scope('s'), { heads: 4 });
    const reference = new TisaBias(store.scope('r'), { heads: 4, init: 'reference' });
    expect(store.count()).toBe(120);
    expect((spread.params[2].arraySync() as number[][])[3]).toEqual([0, 0.5, 1, 1.5, 2]);
    expect((spread.params[1].arraySync() as number[][]).map((row) => row[0])).toEqual([0.5, 1, 2, 4]);
    const value = tf.tidy(() => reference.evaluate(tf.fill([1, 1, 1], 0.7) as tf.Tensor3D, reference.params).dataSync());
    expect(value[0]).toBeCloseTo(5 * Math.exp(-0.49), 5);
    expect(() => new TisaBias(store, { heads: 0 })).toThrow(/heads must be a positive integer, got 0/);
    store.dispose();
  });

  it('the quadratic bias is a_h·d² with a_h starting at −1', () => {
    const store = new ParameterStore('quad');
    const bias = new QuadraticBias(store, 2);
    const value = tf.tidy(() => bias.evaluate(tf.fill([1, 1, 1], 3) as tf.Tensor3D, bias.params).dataSync());
    expect(Array.from(value)).toEqual([-9, -9]);
    store.dispose();
  });

  it('default scan chunks stay within the block budget and at most 1024 long', () => {
    expect(chooseChunks(4, 100_000, 10_000)).toEqual({ queryChunk: 1024, keyChunk: 1024 });
    expect(chooseChunks(64, 256, 256)).toEqual({ queryChunk: 256, keyChunk: 256 });
    const big = chooseChunks(64, 4096, 4096);
    expect(64 * big.queryChunk * big.keyChunk).toBeLessThanOrEqual(2 ** 22);
    expect(chooseChunks(4, 10, 10, { queryChunk: 3, keyChunk: 20 })).toEqual({ queryChunk: 3, keyChunk: 10 });
  });
});
