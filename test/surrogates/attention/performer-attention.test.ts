import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseAttention, favorAttention, orthogonalFeatures, PerformerAttention } from '../../../surrogates/attention/index.js';
import { ParameterStore } from '../../../surrogates/nn/index.js';
import { Rng } from '../../../src/core/rng.js';
import { BACKENDS, maxAbsDiff, randomTensor, useBackend } from '../backend/compare-backends.js';

const B = 2, H = 2, Q = 11, K = 17, DH = 8;

describe('orthogonal random features', () => {
  it('stack orthogonal blocks with rows of norm √d, reproducibly', () => {
    const m = 20, d = 8;
    const omega = orthogonalFeatures(m, d, new Rng('omega'));
    expect(Array.from(omega)).toEqual(Array.from(orthogonalFeatures(m, d, new Rng('omega'))));
    const row = (r: number): number[] => Array.from(omega.slice(r * d, (r + 1) * d));
    const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);
    for (let r = 0; r < m; r++) {
      expect(Math.sqrt(dot(row(r), row(r)))).toBeCloseTo(Math.sqrt(d), 5);
      const blockStart = r - (r % d);
      for (let s = blockStart; s < r; s++) expect(Math.abs(dot(row(r), row(s)))).toBeLessThan(1e-5);
    }
    const chi = orthogonalFeatures(m, d, new Rng('omega'), 'chi');
    const norms = Array.from({ length: m }, (_, r) => Math.hypot(...chi.slice(r * d, (r + 1) * d)));
    expect(new Set(norms.map((n) => n.toFixed(3))).size).toBeGreaterThan(m / 2);
    expect(() => orthogonalFeatures(0, 4, new Rng(1))).toThrow(/positive integers, got 0 and 4/);
  });
});

describe.each(BACKENDS)('Performer attention on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('approaches exact softmax attention with 4096 (unbiased, chi-norm) features', () => {
    tf.tidy(() => {
      const q = randomTensor([B, H, Q, DH], 'q', 0.4);
      const k = randomTensor([B, H, K, DH], 'k', 0.4);
      const v = randomTensor([B, H, K, 4], 'v');
      const exact = denseAttention(q, k, v).dataSync();
      const error = (m: number): { max: number; mean: number } => {
        const omega = tf.tensor2d(orthogonalFeatures(m, DH, new Rng(`features${m}`), 'chi'), [m, DH]);
        const approx = favorAttention(q, k, v, omega).dataSync();
        const diffs = Array.from(approx, (a, i) => Math.abs(a - exact[i]));
        return { max: Math.max(...diffs), mean: diffs.reduce((s, d) => s + d, 0) / diffs.length };
      };
      const many = error(4096);
      expect(many.max).toBeLessThan(0.04);
      expect(many.mean).toBeLessThan(0.005);
      expect(error(64).mean).toBeGreaterThan(2 * many.mean);
    });
  });

  it('max-subtraction leaves the output unchanged, and keeps it finite for large logits', () => {
    tf.tidy(() => {
      const omega = tf.tensor2d(orthogonalFeatures(64, DH, new Rng('o')), [64, DH]);
      const q = randomTensor([B, H, Q, DH], 'q');
      const k = randomTensor([B, H, K, DH], 'k');
      const v = randomTensor([B, H, K, 4], 'v');
      const stable = favorAttention(q, k, v, omega, { epsilon: 0 });
      const plain = favorAttention(q, k, v, omega, { epsilon: 0, stabilise: false });
      expect(maxAbsDiff(stable.dataSync(), plain.dataSync())).toBeLessThan(1e-4);
      const huge = Array.from(favorAttention(tf.mul(q, 30), tf.mul(k, 30), v, omega).dataSync());
      expect(huge.every(Number.isFinite)).toBe(true);
      expect(Math.max(...huge.map(Math.abs))).toBeGreaterThan(0.1);
      // without it every feature underflows to 0 and so does the output
      expect(Array.from(favorAttention(tf.mul(q, 30), tf.mul(k, 30), v, omega, { stabilise: false, epsilon: 0 }).dataSync()).every((x) => x === 0)).toBe(true);
    });
  });

  it('keeps every key when one valid key has a large norm (the stabilising max includes −‖u‖²/2)', () => {
    tf.tidy(() => {
      // Queries lean along the last axis; one extra key points the other way with a large norm, so its exact softmax
      // weight is negligible. A key max over u·ω alone (without −‖u‖²/2) pushed every other key's features below ε
      // and, with a guard in absolute units on the denominator, shrank the output towards 0 (max error ≈ 0.5).
      const lastAxis = tf.reshape(tf.oneHot(tf.tensor1d([DH - 1], 'int32'), DH), [1, 1, 1, DH]);
      const q = tf.add(randomTensor([B, H, Q, DH], 'q', 0.4), tf.mul(lastAxis, 1.5));
      const v = randomTensor([B, H, K, 4], 'v');
      const omega = tf.tensor2d(orthogonalFeatures(4096, DH, new Rng('features')), [4096, DH]);
      const error = (bigNorm: number): number => {
        const k = tf.concat([tf.mul(tf.tile(lastAxis, [B, H, 1, 1]), -bigNorm), randomTensor([B, H, K - 1, DH], 'k', 0.4)], 2);
        return maxAbsDiff(favorAttention(q, k, v, omega).dataSync(), denseAttention(q, k, v).dataSync());
      };
      const reference = error(0);
      expect(reference).toBeLessThan(0.08);
      for (const bigNorm of [10, 20]) expect(error(bigNorm)).toBeLessThan(reference + 0.02);
    });
  });

  it('leaves ε negligible for large-norm queries and keys', () => {
    tf.tidy(() => {
      const omega = tf.tensor2d(orthogonalFeatures(64, DH, new Rng('o')), [64, DH]);
      const q = randomTensor([B, H, Q, DH], 'q', 3);
      const k = randomTensor([B, H, K, DH], 'k', 3);
      const v = randomTensor([B, H, K, 4], 'v');
      const withEpsilon = favorAttention(q, k, v, omega).dataSync();
      expect(maxAbsDiff(withEpsilon, favorAttention(q, k, v, omega, { epsilon: 0 }).dataSync())).toBeLessThan(0.01);
      expect(Math.max(...Array.from(withEpsilon).map(Math.abs))).toBeGreaterThan(0.5);
    });
  });

  it('gives masked keys no influence and fully masked rows 0', () => {
    tf.tidy(() => {
      const omega = tf.tensor2d(orthogonalFeatures(32, DH, new Rng('o')), [32, DH]);
      const q = randomTensor([B, H, Q, DH], 'q');
      const k = randomTensor([B, H, K, DH], 'k');
      const v = randomTensor([B, H, K, 4], 'v');
      const mask = tf.tensor2d(Array.from({ length: B * K }, (_, i) => (i < K ? (i % K < 10 ? 1 : 0) : 0)), [B, K]);
      const kJunk = tf.concat([tf.slice(k, [0, 0, 0, 0], [B, H, 10, DH]), randomTensor([B, H, K - 10, DH], 'junk', 20)], 2);
      const a = favorAttention(q, k, v, omega, { keyMask: mask });
      const b = favorAttention(q, kJunk, v, omega, { keyMask: mask });
      expect(maxAbsDiff(a.slice([0], [1]).dataSync(), b.slice([0], [1]).dataSync())).toBeLessThan(1e-6);
      expect(Math.max(...Array.from(a.slice([1], [1]).dataSync()).map(Math.abs))).toBe(0);
    });
  });

  it('keeps Ω fixed at inference, redraws it reproducibly only every redrawEvery steps, and counts its parameters', () => {
    const make = (): { store: ParameterStore; performer: PerformerAttention } => {
      const store = new ParameterStore('performer');
      return { store, performer: new PerformerAttention(store, { inputDim: 64, heads: 4, headDim: 32, outputDim: 64, redrawEvery: 3 }) };
    };
    const a = make();
    const b = make();
    expect(a.store.count(true)).toBe(3 * 8320 + 8256);
    expect(a.store.count()).toBe(3 * 8320 + 8256 + 128 * 32);
    expect(a.store.get('omega').trainable).toBe(false);
    const initial = Array.from(a.performer.omega.dataSync());
    const x = randomTensor([1, 6, 64], 'x');
    const y1 = a.performer.apply({ query: x, key: x }).dataSync();
    const y2 = a.performer.apply({ query: x, key: x }).dataSync();
    expect(Array.from(y1)).toEqual(Array.from(y2));
    expect(Array.from(a.performer.omega.dataSync())).toEqual(initial);
    expect([1, 2, 3, 4, 5, 6].map((step) => a.performer.maybeRedraw(step))).toEqual([false, false, true, false, false, true]);
    expect(Array.from(a.performer.omega.dataSync())).not.toEqual(initial);
    b.performer.maybeRedraw(3);
    b.performer.maybeRedraw(6);
    expect(Array.from(b.performer.omega.dataSync())).toEqual(Array.from(a.performer.omega.dataSync()));
    expect(() => new PerformerAttention(a.store.scope('x'), { inputDim: 4, heads: 1, headDim: 4, outputDim: 4, redrawEvery: -1 }))
      .toThrow(/redrawEvery must be a non-negative integer, got -1/);
    x.dispose();
    a.store.dispose();
    b.store.dispose();
  });

  it('reads one key summary at query chunks exactly as attending all queries at once', () => {
    const store = new ParameterStore('chunks');
    const performer = new PerformerAttention(store, { inputDim: 16, heads: 2, headDim: 8, outputDim: 16, features: 32 });
    tf.tidy(() => {
      const query = randomTensor([2, 10, 16], 'q');
      const key = randomTensor([2, 7, 16], 'k');
      const whole = performer.apply({ query, key });
      const summary = performer.summarize(key);
      const parts = [performer.read(summary, tf.slice(query, [0, 0, 0], [2, 4, 16])), performer.read(summary, tf.slice(query, [0, 4, 0], [2, 6, 16]))];
      expect(maxAbsDiff(tf.concat(parts, 1).dataSync(), whole.dataSync())).toBeLessThan(1e-6);
      expect(() => favorAttention(tf.zeros([1, 2, 3, 8]), tf.zeros([1, 2, 4, 8]), tf.zeros([1, 2, 5, 4]), performer.omega))
        .toThrow(/favorSummarize: k \[1, 2, 4, 8\], v \[1, 2, 5, 4\]/);
      expect(() => performer.read(summary, tf.zeros([3, 4, 16]))).toThrow(/favorRead: q \[3, 2, 4, 8\] does not fit the summary/);
    });
    store.dispose();
  });

  it('summarises keys in chunks (one global max over all chunks) exactly as all at once', () => {
    tf.tidy(() => {
      const omega = tf.tensor2d(orthogonalFeatures(32, DH, new Rng('o')), [32, DH]);
      const q = randomTensor([B, H, Q, DH], 'q');
      const k = randomTensor([B, H, K, DH], 'k', 2);
      const v = randomTensor([B, H, K, 4], 'v');
      const mask = tf.tensor2d(Array.from({ length: B * K }, (_, i) => (i % K < 5 || i % 4 === 0 ? 0 : 1)), [B, K]);
      const whole = favorAttention(q, k, v, omega, { keyMask: mask });
      const chunked = favorAttention(q, k, v, omega, { keyMask: mask, keyChunk: 5 });
      expect(maxAbsDiff(chunked.dataSync(), whole.dataSync())).toBeLessThan(1e-5);
      expect(() => favorAttention(q, k, v, omega, { keyChunk: 0 })).toThrow(/chunk size must be a positive integer, got 0/);
    });
  });

  it('leaks no tensors', () => {
    const store = new ParameterStore('leak');
    const performer = new PerformerAttention(store, { inputDim: 16, heads: 2, headDim: 8, outputDim: 16, features: 16 });
    const x = randomTensor([2, 9, 16], 'x');
    const mask = tf.ones([2, 9]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      tf.tidy(() => {
        tf.variableGrads(() => tf.sum(performer.apply({ query: x, key: x, keyMask: mask })), store.trainableVariables());
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, mask]);
    store.dispose();
  });
});
