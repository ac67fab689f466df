import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { combineKernelSummaries, DeepKernelAttention } from '../../../surrogates/attention/index.js';
import { ParameterStore } from '../../../surrogates/nn/index.js';
import { BACKENDS, maxAbsDiff, randomTensor, useBackend } from '../backend/compare-backends.js';

const B = 2, Q = 9, K = 13, D = 16, DX = 2;

describe.each(BACKENDS)('deep kernel attention on %s', (backend) => {
  let store: ParameterStore;
  let dka: DeepKernelAttention;
  beforeAll(async () => {
    await useBackend(backend);
    store = new ParameterStore('dka');
    dka = new DeepKernelAttention(store, { inputDim: D, locationDim: DX, featureSizes: [32, 24], valueSizes: [32, D] });
  });

  it('has the parameter count of the TNP-KR configuration (41,664 in 1-D)', () => {
    const s = new ParameterStore('count');
    new DeepKernelAttention(s, { inputDim: 64, locationDim: 1 });
    expect(s.count()).toBe(41_664);
    s.dispose();
  });

  it('equals LN(mean over valid keys of κ(q,k)·v(k)) computed with the explicit kernel matrix', () => {
    tf.tidy(() => {
      const query = randomTensor([B, Q, D], 'q');
      const key = randomTensor([B, K, D], 'k');
      const locQ = randomTensor([B, Q, DX], 'lq');
      const locK = randomTensor([B, K, DX], 'lk');
      const mask = tf.tensor2d(Array.from({ length: B * K }, (_, i) => (i % 3 === 0 ? 0 : 1)), [B, K]);
      const out = dka.apply({ query, key, locQ, locK, keyMask: mask });
      const kernel = tf.matMul(dka.featureMap(query, locQ), dka.featureMap(key, locK), false, true);
      const weights = tf.div(tf.mul(kernel, tf.expandDims(mask, 1)), tf.sum(mask, 1).reshape([B, 1, 1]));
      const expected = dka.norm.apply(tf.matMul(weights, dka.values.apply(key) as tf.Tensor3D));
      expect(out.shape).toEqual([B, Q, D]);
      expect(maxAbsDiff(out.dataSync(), expected.dataSync())).toBeLessThan(1e-4);
    });
  });

  it('ignores masked keys entirely and grows its summary incrementally', () => {
    tf.tidy(() => {
      const query = randomTensor([B, Q, D], 'q');
      const locQ = randomTensor([B, Q, DX], 'lq');
      const key = randomTensor([B, K, D], 'k');
      const locK = randomTensor([B, K, DX], 'lk');
      const mask = tf.concat([tf.ones([B, 8]), tf.zeros([B, K - 8])], 1);
      const junk = tf.concat([tf.slice(key, [0, 0, 0], [B, 8, D]), randomTensor([B, K - 8, D], 'junk', 50)], 1);
      const a = dka.apply({ query, key, locQ, locK, keyMask: mask });
      const b = dka.apply({ query, key: junk, locQ, locK, keyMask: mask });
      expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);

      const whole = dka.read(dka.summarize(key, locK), query, locQ);
      const first = dka.summarize(tf.slice(key, [0, 0, 0], [B, 5, D]), tf.slice(locK, [0, 0, 0], [B, 5, DX]));
      const rest = dka.summarize(tf.slice(key, [0, 5, 0], [B, K - 5, D]), tf.slice(locK, [0, 5, 0], [B, K - 5, DX]));
      const incremental = dka.read(combineKernelSummaries(first, rest), query, locQ);
      expect(maxAbsDiff(incremental.dataSync(), whole.dataSync())).toBeLessThan(1e-5);
      expect(Array.from(combineKernelSummaries(first, rest).count.dataSync())).toEqual([K, K]);
    });
  });

  it('summarises keys in chunks exactly as all at once', () => {
    const sameSeed = new ParameterStore('dka');
    const chunked = new DeepKernelAttention(sameSeed, { inputDim: D, locationDim: DX, featureSizes: [32, 24], valueSizes: [32, D], keyChunk: 4 });
    tf.tidy(() => {
      const key = randomTensor([B, K, D], 'k');
      const locK = randomTensor([B, K, DX], 'lk');
      const mask = tf.tensor2d(Array.from({ length: B * K }, (_, i) => (i % K < 4 || i % 3 === 0 ? 0 : 1)), [B, K]);
      const whole = dka.summarize(key, locK, mask);
      const parts = chunked.summarize(key, locK, mask);
      expect(maxAbsDiff(parts.kv.dataSync(), whole.kv.dataSync())).toBeLessThan(1e-5);
      expect(Array.from(parts.count.dataSync())).toEqual(Array.from(whole.count.dataSync()));
      expect(() => dka.summarize(tf.zeros([1, 0, D]), tf.zeros([1, 0, DX]))).toThrow(/no keys to summarise/);
    });
    sameSeed.dispose();
  });

  it('rejects locations of the wrong width or length and mis-shaped masks', () => {
    tf.tidy(() => {
      expect(() => dka.featureMap(tf.zeros([1, 3, D]), tf.zeros([1, 3, 3]))).toThrow(/locations \[1, 3, 3\] must be \[1, 3, 2\]/);
      expect(() => dka.summarize(tf.zeros([1, 3, D]), tf.zeros([1, 3, DX]), tf.ones([1, 4]))).toThrow(/keyMask \[1, 4\] must be \[1, 3\]/);
      const x = tf.zeros([1, 3, D]);
      const loc = tf.zeros([1, 3, DX]);
      const withBias = { query: x, key: x, locQ: loc, locK: loc, bias: {} } as unknown as Parameters<DeepKernelAttention['apply']>[0];
      expect(() => dka.apply(withBias)).toThrow(/takes no distance bias/);
    });
  });

  it('leaks no tensors', () => {
    const query = randomTensor([B, Q, D], 'q');
    const key = randomTensor([B, K, D], 'k');
    const locQ = randomTensor([B, Q, DX], 'lq');
    const locK = randomTensor([B, K, DX], 'lk');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      tf.tidy(() => {
        tf.variableGrads(() => tf.sum(dka.apply({ query, key, locQ, locK })), store.trainableVariables());
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([query, key, locQ, locK]);
  });
});
