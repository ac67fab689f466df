/**
 * Every op and module the attention mechanisms use, forward and gradient, on wasm (with the fast kernels)
 * against the cpu reference backend.
 */

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ConstantMemoryAttentionBlock, DeepKernelAttention, MultiHeadAttention, PerformerAttention, QuadraticBias, TisaBias,
  pairwiseDistance, scanAttention, denseAttention,
} from '../../../surrogates/attention/index.js';
import { fastExp } from '../../../surrogates/backend/index.js';
import { gelu, LayerNorm, ParameterStore } from '../../../surrogates/nn/index.js';
import { randomTensor, relativeWasmVsCpu } from '../backend/compare-backends.js';

const ops: Array<[string, (x: tf.Tensor) => tf.Tensor]> = [
  ['softmax', (x) => tf.softmax(x)],
  ['fastExp of non-positive values', (x) => fastExp(tf.neg(tf.abs(x)))],
  ['gelu', (x) => gelu(x)],
  ['sigmoid', (x) => tf.sigmoid(x)],
  ['relu', (x) => tf.relu(x)],
  ['sqrt, square', (x) => tf.sqrt(tf.add(tf.square(x), 1e-12))],
  ['rsqrt', (x) => tf.rsqrt(tf.add(tf.abs(x), 0.5))],
  ['log, maximum', (x) => tf.log(tf.maximum(tf.abs(x), 0.1))],
  ['max and sum over the last axis', (x) => tf.add(tf.max(x, -1, true), tf.sum(x, -1, true))],
  ['max over two axes', (x) => tf.max(x, [2, 3], true)],
  ['mean', (x) => tf.mean(x, -1, true)],
  ['4-D transpose', (x) => tf.transpose(x, [0, 2, 1, 3])],
  ['concat and split', (x) => tf.concat(tf.split(x, 2, 3).reverse(), 3)],
  ['slice', (x) => tf.slice(x, [0, 1, 2, 1], [2, 2, 5, 4])],
  ['broadcastTo and expandDims', (x) => tf.mul(tf.broadcastTo(tf.expandDims(tf.sum(x, 0), 0), x.shape), x)],
  ['step (zero gradient)', (x) => tf.mul(tf.step(x), x)],
  ['abs and neg', (x) => tf.neg(tf.abs(x))],
  ['div', (x) => tf.div(x, tf.add(tf.abs(x), 1))],
  ['broadcast add, sub and mul', (x) => tf.mul(tf.sub(tf.add(x, tf.ones([1, 3, 1, 1])), tf.ones([2, 1, 7, 1])), tf.fill([1, 1, 1, 6], 0.5))],
];

describe('attention ops and modules, wasm against cpu', () => {
  for (const [name, op] of ops) {
    it(`${name}: forward and gradient agree within 1e-5`, async () => {
      const diff = await relativeWasmVsCpu(() => {
        const x = randomTensor([2, 3, 7, 6], name);
        const dy = randomTensor(op(x).shape, `${name}/dy`);
        return [op(x), tf.grad((t: tf.Tensor) => op(t))(x, dy)];
      });
      expect(diff).toBeLessThan(1e-5);
    });
  }

  /** Output and the gradients of a random projection of it with respect to every parameter and `inputs`; disposes the store. */
  function outputAndGradients(store: ParameterStore, inputs: tf.Tensor[], f: (...xs: tf.Tensor[]) => tf.Tensor): tf.Tensor[] {
    const out = f(...inputs);
    const w = randomTensor(out.shape, 'projection');
    const loss = (...xs: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(f(...xs), w));
    const inputGrads = tf.grads(loss)(inputs);
    const { grads } = tf.variableGrads(() => loss(...inputs), store.trainableVariables());
    store.dispose();
    return [out, ...inputGrads, ...Object.values(grads)];
  }

  const modules: Array<[string, () => tf.Tensor[]]> = [
    ['distance, TISA and quadratic biases', () => {
      const store = new ParameterStore('bias');
      const tisa = new TisaBias(store.scope('tisa'), { heads: 2 });
      const quadratic = new QuadraticBias(store.scope('quadratic'), 2);
      return outputAndGradients(store, [randomTensor([2, 5, 2], 'lq'), randomTensor([2, 4, 2], 'lk')], (lq, lk) => {
        const d = pairwiseDistance(lq, lk);
        return tf.add(tisa.evaluate(d, tisa.params), quadratic.evaluate(d, quadratic.params));
      });
    }],
    ['dense and scan attention with bias and mask', () => {
      const store = new ParameterStore('att');
      const bias = new TisaBias(store, { heads: 2 });
      const mask = tf.tensor2d(Array.from({ length: 2 * 9 }, (_, i) => (i % 4 === 1 ? 0 : 1)), [2, 9]);
      const inputs = [randomTensor([2, 2, 10, 8], 'q'), randomTensor([2, 2, 9, 8], 'k'), randomTensor([2, 2, 9, 3], 'v'),
        randomTensor([2, 10, 1], 'lq'), randomTensor([2, 9, 1], 'lk')];
      return outputAndGradients(store, inputs, (q, k, v, locQ, locK) => {
        const options = { keyMask: mask, bias: { bias, locQ, locK } };
        return tf.concat([denseAttention(q, k, v, options), scanAttention(q, k, v, { ...options, queryChunk: 4, keyChunk: 4 })], 3);
      });
    }],
    ['multi-head attention module', () => {
      const store = new ParameterStore('mha');
      const mha = new MultiHeadAttention(store, { inputDim: 16, heads: 2, keyDim: 8, valueSizes: [24, 16], outputDim: 16 });
      return outputAndGradients(store, [randomTensor([2, 7, 16], 'x')], (x) => mha.apply({ query: x, key: x }));
    }],
    ['deep kernel attention', () => {
      const store = new ParameterStore('dka');
      const dka = new DeepKernelAttention(store, { inputDim: 16, locationDim: 2, featureSizes: [24, 20], valueSizes: [24, 16] });
      const mask = tf.tensor2d([1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1], [2, 6]);
      const inputs = [randomTensor([2, 5, 16], 'q'), randomTensor([2, 6, 16], 'k'), randomTensor([2, 5, 2], 'lq'), randomTensor([2, 6, 2], 'lk')];
      return outputAndGradients(store, inputs, (query, key, locQ, locK) => dka.apply({ query, key, locQ, locK, keyMask: mask }));
    }],
    ['Performer attention', () => {
      const store = new ParameterStore('performer');
      const performer = new PerformerAttention(store, { inputDim: 16, heads: 2, headDim: 8, outputDim: 16, features: 32 });
      const mask = tf.tensor2d([1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1], [2, 7]);
      return outputAndGradients(store, [randomTensor([2, 5, 16], 'q'), randomTensor([2, 7, 16], 'k')],
        (query, key) => performer.apply({ query, key, keyMask: mask }));
    }],
    ['constant-memory attention block', () => {
      const store = new ParameterStore('cmab');
      const block = new ConstantMemoryAttentionBlock(store, { dim: 16, latents: 6, heads: 2, feedForward: 12 });
      return outputAndGradients(store, [randomTensor([2, 9, 16], 'x'), randomTensor([2, 6, 16], 'lin')], (x, lin) => block.apply(x, lin));
    }],
    ['layer norm on attention outputs', () => {
      const store = new ParameterStore('ln');
      const norm = new LayerNorm(store, 12);
      return outputAndGradients(store, [randomTensor([3, 4, 12], 'x', 4)], (x) => norm.apply(x));
    }],
  ];

  for (const [name, run] of modules) {
    it(`${name}: output, input and parameter gradients agree within 1e-5`, async () => {
      expect(await relativeWasmVsCpu(run)).toBeLessThan(1e-5);
    });
  }
});
