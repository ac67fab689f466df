import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { constant, fromValues, glorotUniform, normal, ParameterStore, zeros } from '../../../surrogates/nn/index.js';
import { Rng } from '../../../src/core/rng.js';
import { useBackend } from '../backend/compare-backends.js';

describe('ParameterStore', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('initialises each parameter from the seed and its name only, not from creation order', () => {
    const a = new ParameterStore('seed-1');
    a.create('enc/w', [3, 4], glorotUniform);
    a.create('dec/w', [4, 2], normal(0.1));
    const b = new ParameterStore('seed-1');
    b.create('dec/w', [4, 2], normal(0.1));
    b.create('enc/w', [3, 4], glorotUniform);
    const c = new ParameterStore('seed-2');
    c.create('enc/w', [3, 4], glorotUniform);
    expect(Array.from(a.get('enc/w').dataSync())).toEqual(Array.from(b.get('enc/w').dataSync()));
    expect(Array.from(a.get('dec/w').dataSync())).toEqual(Array.from(b.get('dec/w').dataSync()));
    expect(Array.from(a.get('enc/w').dataSync())).not.toEqual(Array.from(c.get('enc/w').dataSync()));
    [a, b, c].forEach((s) => s.dispose());
  });

  it('keeps Glorot draws within ±√(6/(fanIn+fanOut)) with about zero mean', () => {
    const values = glorotUniform([64, 128], new Rng('g'));
    const limit = Math.sqrt(6 / 192);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.abs(values.reduce((s, v) => s + v, 0) / values.length)).toBeLessThan(0.01);
    expect(() => glorotUniform([5], new Rng('g'))).toThrow(/at least two axes/);
  });

  it('names parameters through nested scopes and counts scalars', () => {
    const store = new ParameterStore(7);
    const block = store.scope('block0');
    block.scope('attention').create('wq', [2, 3], zeros);
    block.create('omega', [4], constant(2), { trainable: false });
    expect(store.list().map((e) => e.name)).toEqual(['block0/attention/wq', 'block0/omega']);
    expect(store.count()).toBe(10);
    expect(store.count(true)).toBe(6);
    expect(store.trainableVariables()).toEqual([store.get('block0/attention/wq')]);
    expect(Array.from(store.get('block0/omega').dataSync())).toEqual([2, 2, 2, 2]);
    expect(store.get('block0/omega').trainable).toBe(false);
    store.dispose();
  });

  it('derives module random streams from the seed and the scoped name', () => {
    const a = new ParameterStore('s').scope('m').randomStream('redraw').uniform();
    const b = new ParameterStore('s').scope('m').randomStream('redraw').uniform();
    const c = new ParameterStore('s').scope('n').randomStream('redraw').uniform();
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('rejects duplicate names, bad names, bad shapes, mis-sized initialisers and mis-sized assignments', () => {
    const store = new ParameterStore(1);
    store.create('w', [2], zeros);
    expect(() => store.create('w', [2], zeros)).toThrow(/'w' already exists/);
    expect(() => store.create('a b', [2], zeros)).toThrow(/parameter name 'a b'/);
    expect(() => store.create('z', [2, 0], zeros)).toThrow(/'z': shape \[2, 0\]/);
    expect(() => store.create('v', [3], fromValues([1, 2]))).toThrow(/2 values do not fill shape \[3\]/);
    expect(() => store.get('nope')).toThrow(/'nope' does not exist/);
    expect(() => store.assign('w', new Float32Array(3))).toThrow(/'w': 3 values for shape \[2\]/);
    store.assign('w', Float32Array.from([4, 5]));
    expect(Array.from(store.get('w').dataSync())).toEqual([4, 5]);
    const before = tf.memory().numTensors;
    store.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
    expect(store.list()).toHaveLength(0);
  });
});
