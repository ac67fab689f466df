import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_KERNEL_NAMES, installFastWasmKernels, uninstallFastWasmKernels } from '../../../surrogates/backend/index.js';
import { randomTensor, useBackend, wasmVsCpu } from './compare-backends.js';

/** Forward value and the gradients of `sum(out · dy)` with respect to every input. */
function valueAndGradients(inputs: () => tf.Tensor[], f: (...xs: tf.Tensor[]) => tf.Tensor, seed: string): () => tf.Tensor[] {
  return () => {
    const xs = inputs();
    const out = f(...xs);
    const dy = randomTensor(out.shape, `${seed}/dy`);
    const grads = tf.grads((...ys: tf.Tensor[]) => f(...ys))(xs, dy);
    return [out, ...grads];
  };
}

interface MatMulCase {
  readonly name: string;
  readonly a: number[];
  readonly b: number[];
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** tfjs-core's BatchMatMul gradient mis-shapes broadcast operands on every backend, so those cases check the forward pass only. */
  readonly forwardOnly?: boolean;
}

const matMulCases: MatMulCase[] = [
  { name: '2-D', a: [37, 64], b: [64, 29], transposeA: false, transposeB: false },
  { name: '2-D transposeA', a: [64, 37], b: [64, 29], transposeA: true, transposeB: false },
  { name: '2-D transposeB', a: [37, 64], b: [29, 64], transposeA: false, transposeB: true },
  { name: '2-D both transposed', a: [64, 37], b: [29, 64], transposeA: true, transposeB: true },
  { name: 'batched', a: [5, 33, 24], b: [5, 24, 40], transposeA: false, transposeB: false },
  { name: 'batched QKᵀ form', a: [6, 48, 16], b: [6, 40, 16], transposeA: false, transposeB: true },
  { name: 'batched transposeA', a: [6, 16, 48], b: [6, 16, 40], transposeA: true, transposeB: false },
  { name: 'batched both transposed', a: [3, 16, 48], b: [3, 40, 16], transposeA: true, transposeB: true },
  { name: '4-D heads', a: [2, 3, 40, 16], b: [2, 3, 16, 36], transposeA: false, transposeB: false },
  { name: 'shared right operand (3-D × 2-D)', a: [4, 30, 24], b: [24, 20], transposeA: false, transposeB: false, forwardOnly: true },
  { name: 'shared left operand (2-D × 3-D)', a: [30, 24], b: [4, 24, 20], transposeA: false, transposeB: false, forwardOnly: true },
  { name: 'broadcast batch axes (stock fallback)', a: [2, 1, 20, 24], b: [1, 3, 24, 22], transposeA: false, transposeB: false, forwardOnly: true },
  { name: 'tiny batch items (stock fallback)', a: [50, 3, 4], b: [50, 2, 4], transposeA: false, transposeB: true },
];

describe('fast wasm kernels', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    await useBackend('wasm');
  });

  it('are installed over the stock kernels and can be removed and reinstalled', async () => {
    await useBackend('wasm');
    const fast = FAST_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm').kernelFunc);
    uninstallFastWasmKernels();
    const stock = FAST_KERNEL_NAMES.map((name) => tf.getKernel(name, 'wasm').kernelFunc);
    stock.forEach((f, i) => expect(f).not.toBe(fast[i]));
    expect(installFastWasmKernels()).toEqual({ installed: true });
    FAST_KERNEL_NAMES.forEach((name, i) => expect(tf.getKernel(name, 'wasm').kernelFunc).not.toBe(stock[i]));
  });

  it('route batched and transposed products past the stock BatchMatMul, and exotic broadcasting to it', async () => {
    await useBackend('wasm');
    uninstallFastWasmKernels();
    const stock = tf.getKernel('BatchMatMul', 'wasm');
    let stockCalls = 0;
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel({ ...stock, kernelFunc: (args) => (stockCalls++, stock.kernelFunc(args)) });
    installFastWasmKernels();
    try {
      tf.tidy(() => tf.matMul(tf.ones([4, 32, 16]), tf.ones([4, 32, 16]), false, true));
      tf.tidy(() => tf.matMul(tf.ones([32, 16]), tf.ones([16, 32]), true, true));
      expect(stockCalls).toBe(0);
      tf.tidy(() => tf.matMul(tf.ones([2, 1, 20, 24]), tf.ones([1, 3, 24, 22])));
      expect(stockCalls).toBe(1);
    } finally {
      uninstallFastWasmKernels();
      tf.unregisterKernel('BatchMatMul', 'wasm');
      tf.registerKernel(stock);
      installFastWasmKernels();
    }
  });

  for (const c of matMulCases) {
    const checks = c.forwardOnly === true ? 'forward' : 'forward and gradients';
    it(`BatchMatMul ${c.name}: ${checks} match cpu within 1e-5`, async () => {
      const inputs = (): tf.Tensor[] => [
        randomTensor(c.a, `${c.name}/a`, 1 / Math.sqrt(24)),
        randomTensor(c.b, `${c.name}/b`, 1 / Math.sqrt(24)),
      ];
      const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(a, b, c.transposeA, c.transposeB);
      const run = c.forwardOnly === true ? () => f(...(inputs() as [tf.Tensor, tf.Tensor])) : valueAndGradients(inputs, f, c.name);
      expect(await wasmVsCpu(run)).toBeLessThan(1e-5);
    });
  }

  it('BatchMatMul keeps the outer batch shape of 4-D operands', async () => {
    await useBackend('wasm');
    const out = tf.tidy(() => tf.matMul(tf.ones([2, 3, 40, 16]), tf.ones([2, 3, 36, 16]), false, true));
    expect(out.shape).toEqual([2, 3, 40, 36]);
    expect(out.dataSync()[0]).toBe(16);
    out.dispose();
  });

  const sliceCases: Array<{ name: string; shape: number[]; f: (x: tf.Tensor) => tf.Tensor | tf.Tensor[] }> = [
    { name: 'slice 1-D', shape: [50], f: (x) => tf.slice(x, [7], [20]) },
    { name: 'slice 3-D inner box', shape: [6, 10, 12], f: (x) => tf.slice(x, [1, 2, 3], [4, 5, 6]) },
    { name: 'slice 4-D contiguous rows', shape: [3, 4, 5, 6], f: (x) => tf.slice(x, [1, 0, 0, 0], [2, -1, -1, -1]) },
    { name: 'slice 5-D', shape: [2, 3, 4, 5, 6], f: (x) => tf.slice(x, [1, 1, 0, 2, 1], [1, 2, 3, 2, 4]) },
    { name: 'split into 8 along the last axis', shape: [4, 6, 16], f: (x) => tf.split(x, 8, 2) },
    { name: 'split with sizes along axis 1', shape: [4, 9, 5], f: (x) => tf.split(x, [2, 4, 3], 1) },
    { name: 'unstack axis 0', shape: [5, 4, 3], f: (x) => tf.unstack(x, 0) },
    { name: 'unstack axis 2', shape: [3, 4, 5], f: (x) => tf.unstack(x, 2) },
    { name: 'concat along the last axis', shape: [4, 6, 16], f: (x) => tf.concat([tf.slice(x, [0, 0, 8], [4, 6, 8]), x, tf.slice(x, [0, 0, 0], [4, 6, 3])], 2) },
    { name: 'concat along axis 1 and axis 0', shape: [3, 4, 5], f: (x) => [tf.concat([x, tf.slice(x, [0, 1, 0], [3, 2, 5])], 1), tf.concat([x, x], 0)] },
    { name: 'concat with an empty part', shape: [3, 4], f: (x) => tf.concat([tf.slice(x, [0, 0], [3, 0]), x], 1) },
    { name: 'transpose of a tall matrix (two-stage path)', shape: [256, 40], f: (x) => tf.transpose(x) },
    { name: 'batched transpose of the last two axes (two-stage path)', shape: [3, 128, 33], f: (x) => tf.transpose(x, [0, 2, 1]) },
    { name: 'other transposes (stock path)', shape: [4, 6, 5], f: (x) => [tf.transpose(x, [2, 0, 1]), tf.transpose(x, [0, 2, 1])] },
    { name: 'identity (clone)', shape: [3, 4, 5], f: (x) => tf.clone(x) },
    { name: 'cast to the same dtype', shape: [3, 4, 5], f: (x) => tf.cast(x, 'float32') },
  ];

  for (const c of sliceCases) {
    it(`${c.name}: forward and gradients match cpu exactly`, async () => {
      const diff = await wasmVsCpu(() => {
        const x = randomTensor(c.shape, c.name);
        const outs = [c.f(x)].flat();
        const weights = outs.map((o, i) => randomTensor(o.shape, `${c.name}/w${i}`));
        const loss = (y: tf.Tensor): tf.Scalar =>
          tf.addN([c.f(y)].flat().map((o, i) => tf.sum(tf.mul(o, weights[i])))) as tf.Scalar;
        return [...outs, tf.grad(loss)(x)];
      });
      expect(diff).toBe(0);
    });
  }

  it('int32 and bool slices are exact', async () => {
    await useBackend('wasm');
    const [ints, bools] = tf.tidy(() => {
      const x = tf.range(0, 60, 1, 'int32').reshape([3, 4, 5]);
      return [tf.slice(x, [1, 1, 1], [2, 2, 3]), tf.slice(tf.greater(x, 30), [1, 0, 0], [1, 2, 5])];
    });
    expect(Array.from(ints.dataSync())).toEqual([26, 27, 28, 31, 32, 33, 46, 47, 48, 51, 52, 53]);
    expect(Array.from(bools.dataSync())).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0].map((_, i) => (20 + i > 30 ? 1 : 0)));
    tf.dispose([ints, bools]);
  });

  it('Identity shares data: clones survive disposal of the original and assignment of a variable', async () => {
    await useBackend('wasm');
    const start = tf.backend().numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const copy = tf.clone(x);
    expect(tf.backend().numDataIds()).toBe(start + 1);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3]);
    const initial = tf.tensor1d([4, 5]);
    const next = tf.tensor1d([6, 7]);
    const v = tf.variable(initial);
    const snapshot = tf.clone(v);
    v.assign(next);
    expect(Array.from(snapshot.dataSync())).toEqual([4, 5]);
    expect(Array.from(v.dataSync())).toEqual([6, 7]);
    tf.dispose([copy, initial, next, v, snapshot]);
    expect(tf.backend().numDataIds()).toBe(start);
    const ints = tf.tensor1d([1.7, -2.2]);
    expect(Array.from(tf.cast(ints, 'int32').dataSync())).toEqual([1, -2]);
    expect(Array.from(tf.cast(tf.cast(ints, 'int32'), 'float32').dataSync())).toEqual([1, -2]);
    ints.dispose();
  });

  it('leak no tensors over 50 batched products and splits', async () => {
    await useBackend('wasm');
    const a = randomTensor([8, 64, 32], 'leak/a');
    const b = randomTensor([8, 64, 32], 'leak/b');
    const before = tf.memory().numTensors;
    const backendIds = tf.backend().numDataIds();
    for (let i = 0; i < 50; i++) {
      tf.tidy(() => {
        const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y, false, true)))([a, b]);
        tf.split(tf.add(grads[0], grads[1]), 8, 1);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.backend().numDataIds()).toBe(backendIds);
    tf.dispose([a, b]);
  });
});
