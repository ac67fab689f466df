import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  combineSummaries, ConstantMemoryAttentionBlock, disposeSummary, summarizeBlock, type CmabState,
} from '../../../surrogates/attention/index.js';
import { ParameterStore } from '../../../surrogates/nn/index.js';
import { BACKENDS, maxAbsDiff, randomTensor, useBackend } from '../backend/compare-backends.js';

describe.each(BACKENDS)('constant-memory attention block on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('has 174,848 parameters in the CMANP configuration', () => {
    const store = new ParameterStore('count');
    new ConstantMemoryAttentionBlock(store);
    expect(store.count()).toBe(174_848);
    store.dispose();
  });

  it('streaming summaries over blocks equal one summary over all keys, even with logits of ±80', () => {
    tf.tidy(() => {
      const scores = tf.mul(tf.tanh(randomTensor([2, 3, 5, 40], 's')), 80);
      const values = randomTensor([2, 3, 40, 4], 'v');
      const whole = summarizeBlock(scores, values);
      let running = summarizeBlock(tf.slice(scores, [0, 0, 0, 0], [2, 3, 5, 7]), tf.slice(values, [0, 0, 0, 0], [2, 3, 7, 4]));
      for (let start = 7; start < 40; start += 11) {
        const n = Math.min(11, 40 - start);
        running = combineSummaries(running, summarizeBlock(
          tf.slice(scores, [0, 0, 0, start], [2, 3, 5, n]), tf.slice(values, [0, 0, start, 0], [2, 3, n, 4]),
        ));
      }
      expect(maxAbsDiff(running.output.dataSync(), whole.output.dataSync())).toBeLessThan(1e-5);
      const relative = maxAbsDiff(running.logNorm.dataSync(), whole.logNorm.dataSync()) / 80;
      expect(relative).toBeLessThan(1e-6);
    });
  });

  it('adding context points one at a time gives the result of processing them all at once, in constant memory', () => {
    const store = new ParameterStore('cmab');
    const block = new ConstantMemoryAttentionBlock(store, { dim: 16, latents: 8, heads: 2, feedForward: 12 });
    const N = 12;
    const tokens = randomTensor([2, N, 16], 'x');
    const mask = tf.tensor2d(Array.from({ length: 2 * N }, (_, i) => (i % 5 === 4 ? 0 : 1)), [2, N]);
    const latentsIn = randomTensor([2, 8, 16], 'lin');
    const atOnce = tf.tidy(() => block.apply(tokens, latentsIn, mask));

    let state: CmabState = block.emptyState(2);
    const footprint: Array<[number, number]> = [];
    for (let i = 0; i < N; i++) {
      const next = tf.tidy(() => block.update(state, tf.slice(tokens, [0, i, 0], [2, 1, 16]), tf.slice(mask, [0, i], [2, 1])));
      disposeSummary(state);
      state = next;
      footprint.push([tf.memory().numTensors, tf.memory().numBytes]);
    }
    const streamed = tf.tidy(() => block.output(state, latentsIn));
    expect(maxAbsDiff(streamed.dataSync(), atOnce.dataSync())).toBeLessThan(1e-5);
    expect(new Set(footprint.map((f) => f.join('/'))).size).toBe(1);
    expect(state.logNorm.shape).toEqual([2, 2, 8, 1]);
    expect(state.output.shape).toEqual([2, 2, 8, 8]);
    expect(() => block.update(state, tf.zeros([3, 1, 16]))).toThrow(/tokens \[3, 1, 16\] must be \[2, U, 16\]/);
    disposeSummary(state);
    tf.dispose([tokens, mask, latentsIn, atOnce, streamed]);
    store.dispose();
  });

  it('trains: finite gradients for every parameter, no leaked tensors', () => {
    const store = new ParameterStore('grad');
    const block = new ConstantMemoryAttentionBlock(store, { dim: 16, latents: 8, heads: 2, feedForward: 12 });
    const tokens = randomTensor([2, 10, 16], 'x');
    const latentsIn = randomTensor([2, 8, 16], 'lin');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.mean(tf.square(block.apply(tokens, latentsIn))), store.trainableVariables());
        for (const g of Object.values(grads)) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
        expect(Object.keys(grads)).toHaveLength(store.trainableVariables().length);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([tokens, latentsIn]);
    store.dispose();
  });
});
