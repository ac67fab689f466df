import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention, TisaBias, mergeHeads, splitHeads } from '../../../surrogates/attention/index.js';
import { applyDenseLayers, Dense, ParameterStore, type ParameterScope } from '../../../surrogates/nn/index.js';
import { BACKENDS, maxAbsDiff, randomTensor, useBackend } from '../backend/compare-backends.js';

/** TNP-KR's attention: 4 heads, q/k 32 per head, value MLP[128, 64] ReLU, output 64, TISA bias. */
function tnpKrAttention(store: ParameterScope, mechanism: 'dense' | 'scan'): MultiHeadAttention {
  return new MultiHeadAttention(store, {
    inputDim: 64, heads: 4, keyDim: 32, valueSizes: [128, 64], outputDim: 64, mechanism,
    bias: new TisaBias(store.scope('bias'), { heads: 4 }),
    ...(mechanism === 'scan' ? { queryChunk: 7, keyChunk: 5 } : {}),
  });
}

describe.each(BACKENDS)('multi-head attention on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('splits and merges heads as inverse reshapes', () => {
    tf.tidy(() => {
      const x = randomTensor([2, 5, 12], 'x');
      const heads = splitHeads(x, 3);
      expect(heads.shape).toEqual([2, 3, 5, 4]);
      expect(heads.arraySync()[1][2][3]).toEqual((x.arraySync() as number[][][])[1][3].slice(8, 12));
      expect(maxAbsDiff(mergeHeads(heads).dataSync(), x.dataSync())).toBe(0);
      expect(() => splitHeads(x, 5)).toThrow(/cannot be split into 5 heads/);
    });
  });

  it('has the TNP-KR parameter count (37,436 with the 60 bias scalars) and agrees between dense and scan', () => {
    const store = new ParameterStore('mha');
    const dense = tnpKrAttention(store.scope('a'), 'dense');
    expect(store.count()).toBe(8320 + 8320 + 16_576 + 4160 + 60);
    const scanStore = new ParameterStore('mha');
    const scan = tnpKrAttention(scanStore.scope('a'), 'scan');
    tf.tidy(() => {
      const query = randomTensor([2, 19, 64], 'q');
      const key = randomTensor([2, 11, 64], 'k');
      const locQ = randomTensor([2, 19, 1], 'lq');
      const locK = randomTensor([2, 11, 1], 'lk');
      const keyMask = tf.tensor2d(Array.from({ length: 22 }, (_, i) => (i === 3 ? 0 : 1)), [2, 11]);
      const inputs = { query, key, locQ, locK, keyMask };
      const a = dense.apply(inputs);
      const b = scan.apply(inputs);
      expect(a.shape).toEqual([2, 19, 64]);
      expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-5);
      const ga = tf.variableGrads(() => tf.sum(tf.square(dense.apply(inputs))), store.trainableVariables()).grads;
      const gb = tf.variableGrads(() => tf.sum(tf.square(scan.apply(inputs))), scanStore.trainableVariables()).grads;
      const da = Object.values(ga);
      const db = Object.values(gb);
      da.forEach((g, i) => {
        const scale = Math.max(1, ...Array.from(g.dataSync()).map(Math.abs));
        expect(maxAbsDiff(db[i].dataSync(), g.dataSync()) / scale).toBeLessThan(1e-5);
      });
      expect(() => dense.apply({ query, key })).toThrow(/a distance bias needs locQ and locK/);
    });
    store.dispose();
    scanStore.dispose();
  });

  it('fuses the projections of self-attention without changing the result', () => {
    const store = new ParameterStore('fused');
    const plain = new MultiHeadAttention(store.scope('plain'), { inputDim: 16, heads: 2, keyDim: 8, valueSizes: [16], outputDim: 16 });
    const mlpValues = new MultiHeadAttention(store.scope('mlp'), { inputDim: 16, heads: 2, keyDim: 8, valueSizes: [24, 16], outputDim: 16 });
    tf.tidy(() => {
      const x = randomTensor([2, 7, 16], 'x');
      const copy = tf.add(x, 0);
      for (const mha of [plain, mlpValues]) {
        const fused = mha.apply({ query: x, key: x });
        const separate = mha.apply({ query: x, key: copy, value: copy });
        expect(maxAbsDiff(fused.dataSync(), separate.dataSync())).toBeLessThan(1e-6);
        const gFused = tf.variableGrads(() => tf.sum(tf.square(mha.apply({ query: x, key: x }))), store.trainableVariables()).grads;
        const gSeparate = tf.variableGrads(() => tf.sum(tf.square(mha.apply({ query: x, key: copy }))), store.trainableVariables()).grads;
        for (const name of Object.keys(gSeparate)) expect(maxAbsDiff(gFused[name].dataSync(), gSeparate[name].dataSync())).toBeLessThan(1e-5);
      }
    });
    expect(() => applyDenseLayers(tf.zeros([1, 16]), [plain.query, new Dense(store.scope('nb'), 16, 4, { bias: false })]))
      .toThrow(/all or none have biases/);
    store.dispose();
  });

  it('rejects value widths that do not split into the heads and biases with another head count', () => {
    const store = new ParameterStore('bad');
    expect(() => new MultiHeadAttention(store, { inputDim: 8, heads: 3, keyDim: 4, valueSizes: [8], outputDim: 8 }))
      .toThrow(/value width 8 must be a multiple of heads \(3\)/);
    const bias = new TisaBias(store.scope('bias'), { heads: 2 });
    expect(() => new MultiHeadAttention(store.scope('m'), { inputDim: 8, heads: 4, keyDim: 4, valueSizes: [8], outputDim: 8, bias }))
      .toThrow(/the bias has 2 heads, the attention 4/);
    store.dispose();
  });
});
