import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADAM, clipByGlobalNorm, globalNorm, learningRateAt, MomentOptimizer, validateSchedule, YOGI, type OptimizerSettings,
} from '../../../surrogates/training/optimizers.js';
import { useBackend } from '../backend/compare-backends.js';

/** Float64 reference of the update rules in the file comment, for one parameter vector. */
function reference(settings: OptimizerSettings, theta: number[], gradients: (theta: number[]) => number[], rates: number[]): number[] {
  const { beta1, beta2, epsilon, initialAccumulator, name } = settings;
  const m = theta.map(() => initialAccumulator);
  const v = theta.map(() => initialAccumulator);
  let x = [...theta];
  rates.forEach((lr, k) => {
    const t = k + 1;
    const g = gradients(x);
    x = x.map((xi, i) => {
      const g2 = g[i] * g[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = name === 'yogi' ? v[i] - (1 - beta2) * Math.sign(v[i] - g2) * g2 : beta2 * v[i] + (1 - beta2) * g2;
      return xi - (lr * (m[i] / (1 - beta1 ** t))) / (Math.sqrt(v[i] / (1 - beta2 ** t)) + epsilon);
    });
  });
  return x;
}

/** Gradient of Σ c_i·(x_i − 1)² with curvatures c. */
const CURVATURE = [0.5, 3, 20];
const quadraticGradient = (x: number[]) => x.map((xi, i) => 2 * CURVATURE[i] * (xi - 1));

function run(settings: OptimizerSettings, rates: number[], variable = tf.variable(tf.tensor1d([0, -2, 4]))) {
  const optimizer = new MomentOptimizer(settings, [variable]);
  for (const lr of rates) {
    const g = tf.tensor1d(quadraticGradient(Array.from(variable.dataSync())));
    optimizer.apply([g], lr);
    g.dispose();
  }
  return { optimizer, variable };
}

describe('optimizers', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it.each([ADAM, YOGI])('$name matches the float64 reference over 25 steps', (settings) => {
    const rates = Array.from({ length: 25 }, (_, k) => 0.05 * (1 - k / 30));
    const expected = reference(settings, [0, -2, 4], quadraticGradient, rates);
    const { optimizer, variable } = run(settings, rates);
    const got = Array.from(variable.dataSync());
    got.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 4));
    expect(optimizer.step).toBe(25);
    optimizer.dispose();
    variable.dispose();
  });

  it('first step moves each weight by ≈ lr; with a vanishing gradient Yogi keeps its second moment, Adam decays it', () => {
    const adam = run(ADAM, [0.1]);
    expect(Array.from(adam.variable.dataSync()).map((x) => Number(x.toFixed(5)))).toEqual([0.1, -1.9, 3.9]);
    adam.optimizer.dispose();
    adam.variable.dispose();
    for (const [settings, first, second] of [[ADAM, 0.9, 0.0999], [YOGI, 0.9 * (0.9e-6 + 1), 1e-6 + 0.1]] as const) {
      const variable = tf.variable(tf.scalar(0));
      const optimizer = new MomentOptimizer(settings, [variable]);
      for (const value of [10, 0]) {
        const g = tf.scalar(value);
        optimizer.apply([g], 0.01);
        g.dispose();
      }
      const state = optimizer.state();
      expect(state.first[0][0]).toBeCloseTo(first, 6);
      expect(state.second[0][0]).toBeCloseTo(second, 7);
      optimizer.dispose();
      variable.dispose();
    }
  });

  it('state() and restore() continue a run exactly', () => {
    const rates = Array.from({ length: 12 }, (_, k) => 0.03 + 0.001 * k);
    const straight = run(YOGI, rates);
    const first = run(YOGI, rates.slice(0, 5));
    const saved = first.optimizer.state();
    const weights = Float32Array.from(first.variable.dataSync());
    first.optimizer.dispose();
    first.variable.dispose();
    const variable = tf.variable(tf.tensor1d(weights));
    const resumed = new MomentOptimizer(YOGI, [variable]);
    resumed.restore(saved);
    expect(resumed.step).toBe(5);
    for (const lr of rates.slice(5)) {
      const g = tf.tensor1d(quadraticGradient(Array.from(variable.dataSync())));
      resumed.apply([g], lr);
      g.dispose();
    }
    expect(Array.from(variable.dataSync())).toEqual(Array.from(straight.variable.dataSync()));
    expect(resumed.state()).toEqual(straight.optimizer.state());
    expect(() => resumed.restore({ ...saved, first: [] })).toThrow(/0 first moments for 1 variables/);
    for (const o of [resumed, straight.optimizer]) o.dispose();
    tf.dispose([variable, straight.variable]);
  });

  it('rejects bad settings and mismatched gradients, and leaks no tensors', () => {
    expect(() => new MomentOptimizer({ ...ADAM, beta2: 1 }, [])).toThrow(/optimizer.beta2/);
    expect(() => new MomentOptimizer({ ...ADAM, epsilon: 0 }, [])).toThrow(/optimizer.epsilon/);
    const variable = tf.variable(tf.zeros([2, 3]));
    const optimizer = new MomentOptimizer(ADAM, [variable]);
    const wrong = tf.zeros([3, 2]);
    expect(() => optimizer.apply([wrong], 0.1)).toThrow(/gradients\[0\]: shape \[3, 2\]/);
    expect(() => optimizer.apply([], 0.1)).toThrow(/expected 1 tensors/);
    const before = tf.memory().numTensors;
    const g = tf.ones([2, 3]);
    for (let i = 0; i < 5; i++) optimizer.apply([g], 0.1);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([wrong, g, variable]);
    optimizer.dispose();
  });

  it('clips by global norm like optax (unchanged below the limit)', () => {
    const a = tf.tensor1d([3, 0]);
    const b = tf.tensor2d([[0, 4]]);
    expect(globalNorm([a, b]).dataSync()[0]).toBeCloseTo(5, 6);
    const { clipped, norm } = clipByGlobalNorm([a, b], 1);
    expect(norm.dataSync()[0]).toBeCloseTo(5, 6);
    expect(Array.from(clipped[0].dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(Array.from(clipped[1].dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
    const loose = clipByGlobalNorm([a, b], 10);
    expect(Array.from(loose.clipped[1].dataSync())).toEqual([0, 4]);
    const off = clipByGlobalNorm([a, b], 0);
    expect(Array.from(off.clipped[0].dataSync())).toEqual([3, 0]);
    expect(() => clipByGlobalNorm([a], -1)).toThrow(/maxNorm/);
    tf.dispose([a, b, norm, loose.norm, off.norm, ...clipped, ...loose.clipped, ...off.clipped]);
  });

  it('schedules: cosine from the peak to the floor, linear warm-up first', () => {
    const cosine = validateSchedule({ peak: 1e-3, floor: 1e-5, warmupSteps: 0, totalSteps: 100 });
    expect(learningRateAt(cosine, 1)).toBe(1e-3);
    expect(learningRateAt(cosine, 51)).toBeCloseTo((1e-3 + 1e-5) / 2, 15);
    expect(learningRateAt(cosine, 101)).toBeCloseTo(1e-5, 15);
    expect(learningRateAt(cosine, 500)).toBeCloseTo(1e-5, 15);
    const rates = Array.from({ length: 100 }, (_, k) => learningRateAt(cosine, k + 1));
    expect(rates.every((r, k) => k === 0 || r < rates[k - 1])).toBe(true);
    const warm = validateSchedule({ peak: 2e-3, floor: 0, warmupSteps: 10, totalSteps: 110 });
    expect(learningRateAt(warm, 1)).toBeCloseTo(2e-4, 15);
    expect(learningRateAt(warm, 10)).toBe(2e-3);
    expect(learningRateAt(warm, 11)).toBe(2e-3);
    expect(learningRateAt(warm, 61)).toBeCloseTo(1e-3, 15);
    expect(() => validateSchedule({ ...warm, floor: 1 })).toThrow(/schedule.floor/);
    expect(() => validateSchedule({ ...warm, warmupSteps: 110 })).toThrow(/schedule.warmupSteps/);
    expect(() => learningRateAt(warm, 0)).toThrow(/step/);
  });
});
