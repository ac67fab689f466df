/** The NP surrogate with every model family (tiny preset, random weights): posterior, gradients, append, samples, the loop. */

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogExpectedImprovement } from '../../../acquisition/logei.js';
import { createMaximizer } from '../../../acquisition/maximize.js';
import { ThompsonSampling } from '../../../acquisition/ts.js';
import { AskTellLoop } from '../../../src/core/optimizer.js';
import { Rng } from '../../../src/core/rng.js';
import { float } from '../../../src/core/space.js';
import type { Point } from '../../../src/core/types.js';
import { createModel, MODEL_NAMES, type NeuralProcess } from '../../../surrogates/models/index.js';
import { createNpSurrogate, type NpSurrogate } from '../../../surrogates/np-surrogate.js';
import { useBackend } from '../backend/compare-backends.js';
import { CONTEXT, maxRelativeDiff, objective, observations, referencePosterior, unitPoints } from './fixtures.js';

describe.each(MODEL_NAMES)('NP surrogate with %s (tiny preset)', (name) => {
  let model: NeuralProcess;
  let surrogate: NpSurrogate;
  const { X, y } = observations('data', 12);
  const Xq = unitPoints('queries', 40);

  beforeAll(async () => {
    await useBackend('wasm');
    model = createModel({ name, preset: 'tiny', xDim: 2 }, 'np-surrogate');
    surrogate = createNpSurrogate(CONTEXT, model);
    await surrogate.condition(X, y);
  });
  afterAll(() => {
    surrogate.dispose();
    model.dispose();
  });

  it('reports the registry name and finite means with positive stds in raw units', async () => {
    expect(surrogate.name).toBe(model.config.name);
    expect(createNpSurrogate(CONTEXT, model, { name: 'tnp-kr' }).name).toBe('tnp-kr');
    const { mean, std } = await surrogate.posterior(Xq);
    expect(mean).toHaveLength(40);
    expect(std).toHaveLength(40);
    expect(mean.every(Number.isFinite)).toBe(true);
    expect(std.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
    // The model works on standardised values; raw-unit outputs sit at the data's scale (y ranges over hundreds).
    expect(Math.abs(mean.reduce((a, b) => a + b) / 40 - 600)).toBeLessThan(600);
    expect(await surrogate.posterior([])).toEqual({ mean: new Float64Array(0), std: new Float64Array(0) });
  });

  it("equals the model's own predict on [−2, 2] with standardised values, mapped back to raw units", async () => {
    const reference = referencePosterior(model, X, y, Xq);
    const { mean, std } = await surrogate.posterior(Xq);
    expect(maxRelativeDiff(mean, reference.mean, 1)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(std, reference.std, 1)).toBeLessThan(1e-5);
  });

  it('does not depend on the chunk size', async () => {
    const chunked = createNpSurrogate(CONTEXT, model, { chunkSize: 7 });
    await chunked.condition(X, y);
    const a = await chunked.posterior(Xq);
    const b = await surrogate.posterior(Xq);
    expect(maxRelativeDiff(a.mean, b.mean, 1)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(a.std, b.std, 1)).toBeLessThan(1e-5);
    chunked.dispose();
  });

  it('pulls gradients back: equal to central finite differences of the weighted mean and std', async () => {
    const points = unitPoints('gradient', 5).map((p) => p.map((u) => 0.1 + 0.8 * u));
    const rng = new Rng('seeds');
    const gMean = rng.normals(5);
    const gStd = rng.normals(5);
    const posterior = await surrogate.posteriorWithGradient(points);
    const plain = await surrogate.posterior(points);
    expect(maxRelativeDiff(posterior.mean, plain.mean, 1)).toBe(0);
    const analytic = await posterior.pullback(gMean, gStd);
    // Small steps: the random ReLU networks have kinks within 1e-3 of some points; float32 noise stays ~1e-3 relative.
    const h = 1e-4;
    const probes = points.flatMap((p) => [0, 1].flatMap((j) => [1, -1].map((sign) => {
      const q = Float64Array.from(p);
      q[j] += sign * h;
      return q;
    })));
    const probed = await surrogate.posterior(probes);
    const weighted = (k: number, i: number): number => gMean[i] * probed.mean[k] + gStd[i] * probed.std[k];
    let worst = 0;
    let largest = 0;
    points.forEach((_, i) => {
      for (let j = 0; j < 2; j++) {
        const k = 4 * i + 2 * j;
        const numeric = (weighted(k, i) - weighted(k + 1, i)) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - analytic[i][j]));
        largest = Math.max(largest, Math.abs(analytic[i][j]));
      }
    });
    expect(largest).toBeGreaterThan(1e-2);
    expect(worst).toBeLessThan(0.01 * largest);
  });

  it('appends like encoding the enlarged context with the transform of the last condition (CMANP: its append)', async () => {
    const extra = observations('extra', 3);
    const grown = createNpSurrogate(CONTEXT, model);
    await grown.condition(X, y);
    await grown.append(extra.X.slice(0, 1), extra.y.slice(0, 1));
    await grown.append(extra.X.slice(1), extra.y.slice(1));
    await grown.append([], new Float64Array(0));
    const reference = referencePosterior(model, [...X, ...extra.X], Float64Array.from([...y, ...extra.y]), Xq, { yFit: y });
    const { mean, std } = await grown.posterior(Xq);
    expect(maxRelativeDiff(mean, reference.mean, 1)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(std, reference.std, 1)).toBeLessThan(1e-5);
    grown.dispose();
  });

  it('draws joint samples deterministically from the rng, one value per distinct point', async () => {
    const points = [...Xq.slice(0, 10), Xq[3], Xq[0]];
    const first = await surrogate.sample(points, 3, new Rng('ts'));
    const again = await surrogate.sample(points, 3, new Rng('ts'));
    const other = await surrogate.sample(points, 3, new Rng('other'));
    expect(first).toHaveLength(3);
    for (const sample of first) {
      expect(sample).toHaveLength(12);
      expect(sample.every(Number.isFinite)).toBe(true);
      expect(sample[10]).toBe(sample[3]);
      expect(sample[11]).toBe(sample[0]);
    }
    expect(again).toEqual(first);
    expect(maxRelativeDiff(other[0], first[0], 1)).toBeGreaterThan(1e-6);
    expect(await surrogate.sample(points, 0, new Rng('ts'))).toEqual([]);
    expect(await surrogate.sample([], 2, new Rng('ts'))).toEqual([new Float64Array(0), new Float64Array(0)]);
  });

  it('samples more query points than the autoregressive budget: finite everywhere', async () => {
    const small = createNpSurrogate(CONTEXT, model, { autoregressivePoints: 4 });
    await small.condition(X, y);
    const samples = await small.sample(Xq, 2, new Rng('budget'));
    expect(samples.every((s) => s.length === 40 && s.every(Number.isFinite))).toBe(true);
    small.dispose();
  });

  it('keeps the tensor count unchanged over posterior, gradient, sample, append and condition calls', async () => {
    const extra = observations('leak', 2);
    const probe = createNpSurrogate(CONTEXT, model);
    await probe.condition(X, y);
    const before = tf.memory().numTensors;
    for (let round = 0; round < 2; round++) {
      await probe.posterior(Xq);
      const p = await probe.posteriorWithGradient(Xq.slice(0, 4));
      await p.pullback(new Float64Array(4).fill(1), new Float64Array(4).fill(-1));
      await probe.sample(Xq.slice(0, 6), 2, new Rng('leak'));
      await probe.append(extra.X, extra.y);
      await probe.condition(X, y);
    }
    expect(tf.memory().numTensors).toBe(before);
    probe.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('runs the BO loop (logEI with batches of 2, then Thompson sampling) without NaN or leaks', async () => {
    const space = { a: float(0, 1), b: float(0, 1) };
    const fresh = createNpSurrogate(CONTEXT, model);
    const loop = new AskTellLoop({
      space, surrogate: fresh, acquisition: new LogExpectedImprovement(),
      maximize: createMaximizer({ rawSamples: 256, starts: 2, maxIterations: 20 }), seed: 3, initialDesign: 5,
    });
    const evaluate = (params: Record<string, unknown>): number => objective(Float64Array.of(params.a as number, params.b as number));
    for (const s of await loop.ask(5)) loop.tell(s.id, evaluate(s.params));
    const counts: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const s of await loop.ask(2)) loop.tell(s.id, evaluate(s.params));
      counts.push(tf.memory().numTensors);
    }
    const thompson = new AskTellLoop({ space, surrogate: fresh, acquisition: new ThompsonSampling({ candidates: 200 }), seed: 4, resume: loop.toJSON() });
    for (const s of await thompson.ask(2)) thompson.tell(s.id, evaluate(s.params));
    counts.push(tf.memory().numTensors);
    const trials = thompson.trials;
    expect(trials).toHaveLength(11);
    expect(trials.slice(5).every((t) => t.source === 'model')).toBe(true);
    expect(trials.every((t) => t.status === 'complete' && Number.isFinite(t.value))).toBe(true);
    expect(new Set(counts).size).toBe(1);
    fresh.dispose();
  });
});
