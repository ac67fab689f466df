/** Autoregressive sampling against a step-by-step reference built from the model's own `predict`. */

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { createModel, type NeuralProcess } from '../../../surrogates/models/index.js';
import { sampleAutoregressively, type AutoregressivePlan } from '../../../surrogates/np/autoregressive.js';
import { NpContext } from '../../../surrogates/np/np-context.js';
import { useBackend } from '../backend/compare-backends.js';
import { maxRelativeDiff } from './fixtures.js';

/** Mean and std of `model` at one point `x` given the context `(xc, yc)` (plain arrays, one batch row). */
function predictAt(model: NeuralProcess, xc: number[], yc: number[], x: ArrayLike<number>): { mean: number; std: number } {
  const dims = x.length;
  const [mean, std] = tf.tidy(() => {
    const p = model.predict(tf.tensor3d(xc, [1, yc.length, dims]), tf.tensor3d(yc, [1, yc.length, 1]), tf.tensor3d(Array.from(x), [1, 1, dims]));
    return [p.mean.dataSync()[0], p.std.dataSync()[0]];
  });
  return { mean, std };
}

describe.each(['tnp-kr-sa', 'tnp-d', 'cnp', 'cmanp'] as const)('autoregressive sampling with %s', (name) => {
  let model: NeuralProcess;
  const rng = new Rng('ar');
  const xc = Array.from({ length: 6 * 2 }, () => rng.uniformIn(-2, 2));
  const yc = Array.from({ length: 6 }, () => rng.normal());
  const plan: AutoregressivePlan = {
    ordered: [0, 1].map(() => Float32Array.from({ length: 4 * 2 }, () => rng.uniformIn(-2, 2))),
    noise: [0, 1].map(() => rng.normals(4)),
    rest: [0, 1].map(() => Float32Array.from({ length: 3 * 2 }, () => rng.uniformIn(-2, 2))),
  };

  beforeAll(async () => {
    await useBackend('wasm');
    model = createModel({ name, preset: 'tiny', xDim: 2 }, 'ar');
  });
  afterAll(() => model.dispose());

  it('draws each point given the context and the pairs drawn before it; the rest gets the conditional mean', async () => {
    const base = NpContext.encode(model, Float32Array.from(xc), Float32Array.from(yc));
    const before = tf.memory().numTensors;
    const { sampled, rest } = await sampleAutoregressively(base, plan, 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(base.size).toBe(6);
    base.dispose();
    for (let s = 0; s < 2; s++) {
      const contextX = [...xc];
      const contextY = [...yc];
      const expected: number[] = [];
      for (let k = 0; k < 4; k++) {
        const x = plan.ordered[s].subarray(2 * k, 2 * k + 2);
        const { mean, std } = predictAt(model, contextX, contextY, x);
        expected.push(mean + std * plan.noise[s][k]);
        contextX.push(...x);
        contextY.push(Math.fround(expected[k]));
      }
      expect(maxRelativeDiff(sampled[s], expected, 1)).toBeLessThan(1e-4);
      const completed = [0, 1, 2].map((r) => predictAt(model, contextX, contextY, plan.rest[s].subarray(2 * r, 2 * r + 2)).mean);
      expect(maxRelativeDiff(rest[s], completed, 1)).toBeLessThan(1e-4);
    }
  });

  it('rejects plans whose rows disagree', async () => {
    const base = NpContext.encode(model, Float32Array.from(xc), Float32Array.from(yc));
    await expect(sampleAutoregressively(base, { ...plan, noise: [plan.noise[0]] }, 2)).rejects.toThrow(/plan rows disagree/);
    await expect(sampleAutoregressively(base, { ...plan, ordered: [plan.ordered[0], plan.ordered[1].subarray(2)] }, 2)).rejects.toThrow(/same number of points/);
    await expect(sampleAutoregressively(base, { ...plan, noise: [plan.noise[0], plan.noise[1].subarray(1)] }, 2)).rejects.toThrow(/one noise value/);
    base.dispose();
  });
});
