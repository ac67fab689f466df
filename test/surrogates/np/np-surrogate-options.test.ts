/** NP surrogate options, errors, latent-NP samples and loading from a checkpoint. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import type { EncodedDimension } from '../../../src/core/types.js';
import { fitOutputTransform } from '../../../surrogates/gp/output-transform.js';
import { createModel, saveModel, type LatentNp, type LatentNpEncoding, type NeuralProcess } from '../../../surrogates/models/index.js';
import { NpUnsupportedSpaceError, createNpSurrogate, loadNpSurrogate } from '../../../surrogates/np-surrogate.js';
import { useBackend } from '../backend/compare-backends.js';
import { CONTEXT, maxRelativeDiff, observations, referencePosterior, unitPoints } from './fixtures.js';

const { X, y } = observations('data', 10);
const Xq = unitPoints('queries', 25);

describe('NP surrogate options', () => {
  let model: NeuralProcess;
  beforeAll(async () => {
    await useBackend('wasm');
    model = createModel({ name: 'tnp-d', preset: 'tiny', xDim: 2 }, 'options');
  });
  afterAll(() => model.dispose());

  it('maps the unit cube onto a configured npDomain sub-box', async () => {
    const surrogate = createNpSurrogate(CONTEXT, model, { npDomain: [-1, 1] });
    await surrogate.condition(X, y);
    const reference = referencePosterior(model, X, y, Xq, { domain: [-1, 1] });
    const { mean, std } = await surrogate.posterior(Xq);
    expect(maxRelativeDiff(mean, reference.mean, 1)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(std, reference.std, 1)).toBeLessThan(1e-5);
    const wide = referencePosterior(model, X, y, Xq);
    expect(maxRelativeDiff(mean, wide.mean, 1)).toBeGreaterThan(1e-3);
    surrogate.dispose();
  });

  it("uses the GP's Yeo-Johnson transform on request: model values ψ(y), raw units by the tangent at the best value", async () => {
    const surrogate = createNpSurrogate(CONTEXT, model, { outputTransform: 'yeo-johnson' });
    await surrogate.condition(X, y);
    expect(fitOutputTransform(y, 'yeo-johnson').name).toBe('yeo-johnson');
    const reference = referencePosterior(model, X, y, Xq, { transform: 'yeo-johnson' });
    const { mean, std } = await surrogate.posterior(Xq);
    expect(maxRelativeDiff(mean, reference.mean, 1)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(std, reference.std, 1)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(mean, referencePosterior(model, X, y, Xq).mean, 1)).toBeGreaterThan(1e-4);
    surrogate.dispose();
  });

  it('throws NpUnsupportedSpaceError for a categorical space, and serves it with a one-hot model', async () => {
    const dims: EncodedDimension[] = [{ kind: 'continuous' }, { kind: 'categorical', values: [0.25, 0.75] }];
    expect(() => createNpSurrogate({ dims, seed: 's' }, model)).toThrow(NpUnsupportedSpaceError);
    expect(() => createNpSurrogate({ dims, seed: 's' }, model)).toThrow(/context\.dims\[1\]: a categorical parameter \(2 choices\)/);
    const oneHot = createModel({ name: 'tnp-d', preset: 'tiny', xDim: 3 }, 'one-hot');
    const surrogate = createNpSurrogate({ dims, seed: 's' }, oneHot, { categorical: 'one-hot' });
    await surrogate.condition(X.map((p) => Float64Array.of(p[0], p[1] < 0.5 ? 0.25 : 0.75)), y);
    const points = [Float64Array.of(0.3, 0.25), Float64Array.of(0.3, 0.75)];
    const posterior = await surrogate.posteriorWithGradient(points);
    expect(posterior.mean[0]).not.toBe(posterior.mean[1]);
    const gradients = await posterior.pullback(Float64Array.of(1, 1), Float64Array.of(1, 1));
    expect(gradients.map((g) => g[1])).toEqual([0, 0]);
    expect(gradients.every((g) => g[0] !== 0 && Number.isFinite(g[0]))).toBe(true);
    surrogate.dispose();
    oneHot.dispose();
  });

  it('rejects bad options, models and data, naming them', async () => {
    expect(() => createNpSurrogate(CONTEXT, model, { chunkSize: 0 })).toThrow(/options\.chunkSize: expected a positive integer, got 0/);
    expect(() => createNpSurrogate(CONTEXT, model, { autoregressivePoints: 1.5 })).toThrow(/options\.autoregressivePoints/);
    expect(() => createNpSurrogate(CONTEXT, model, { outputTransform: 'log' as never })).toThrow(/options\.outputTransform: expected one of standardize, yeo-johnson/);
    expect(() => createNpSurrogate(CONTEXT, model, { name: '' })).toThrow(/options\.name/);
    const twoOutputs = createModel({ name: 'cnp', preset: 'tiny', xDim: 2, yDim: 2 }, 'y2');
    expect(() => createNpSurrogate(CONTEXT, twoOutputs)).toThrow(/model cnp: yDim must be 1/);
    twoOutputs.dispose();

    const surrogate = createNpSurrogate(CONTEXT, model);
    await expect(surrogate.posterior(Xq)).rejects.toThrow(/posterior: no data yet \(call condition first\)/);
    await expect(surrogate.append(X, y)).rejects.toThrow(/append: no data yet/);
    await expect(surrogate.sample(Xq, 1, new Rng('s'))).rejects.toThrow(/sample: no data yet/);
    await expect(surrogate.condition(X, y.slice(1))).rejects.toThrow(/X\/y: 10 points but 9 values/);
    await expect(surrogate.condition(X, Float64Array.from(y, (v, i) => (i === 2 ? NaN : v)))).rejects.toThrow(/y: non-finite value NaN at index 2/);
    await expect(surrogate.condition([], new Float64Array(0))).rejects.toThrow(/y: empty data/);
    await surrogate.condition(X, y);
    await expect(surrogate.sample(Xq, -1, new Rng('s'))).rejects.toThrow(/nSamples: expected an integer ≥ 0, got -1/);
    await expect(surrogate.sample(Xq, 1, {} as never)).rejects.toThrow(/rng: expected an Rng/);
    const posterior = await surrogate.posteriorWithGradient(Xq.slice(0, 3));
    await expect(posterior.pullback(new Float64Array(2), new Float64Array(3))).rejects.toThrow(/gMean: expected a Float64Array of length 3/);
    await surrogate.append(X.slice(0, 1), y.slice(0, 1));
    await expect(posterior.pullback(new Float64Array(3), new Float64Array(3))).rejects.toThrow(/pullback: the surrogate was conditioned on other data/);
    surrogate.dispose();
  });
});

describe('NP surrogate with the latent NP', () => {
  let model: LatentNp;
  beforeAll(async () => {
    await useBackend('wasm');
    model = createModel({ name: 'np', preset: 'tiny', xDim: 2 }, 'latent') as LatentNp;
  });
  afterAll(() => model.dispose());

  it('samples the decoder mean for one z ~ q(z|C) per sample: coherent functions that differ between samples', async () => {
    const surrogate = createNpSurrogate(CONTEXT, model);
    await surrogate.condition(X, y);
    const points = [...Xq.slice(0, 5), ...Xq.slice(0, 5).map((p) => p.map((u) => u + 1e-5))];
    const samples = await surrogate.sample(points, 4, new Rng('coherent'));

    const transform = fitOutputTransform(y, 'standardize');
    const { offset, scale } = transform.tangentAt(Math.min(...y));
    const expected = tf.tidy(() => {
      const toModel = (pts: readonly Float64Array[]): tf.Tensor3D => tf.tensor3d(Float32Array.from(pts.flatMap((p) => Array.from(p, (u) => 4 * u - 2))), [1, pts.length, 2]);
      const encoding = model.encode(toModel(X), tf.tensor3d(Float32Array.from(y, transform.forward), [1, 10, 1])) as LatentNpEncoding;
      const z = model.sampleLatents(encoding, 4, new Rng('coherent'));
      return Array.from(model.decodeWithLatents(encoding, z, toModel(points)).mean.dataSync(), (v) => offset + scale * v);
    });
    samples.forEach((sample, s) => {
      expect(maxRelativeDiff(sample, expected.slice(10 * s, 10 * s + 10), 1)).toBeLessThan(1e-5);
      for (let i = 0; i < 5; i++) expect(Math.abs(sample[i] - sample[i + 5])).toBeLessThan(1e-3 * scale);
    });
    const spread = Math.max(...samples.map((s) => s[0])) - Math.min(...samples.map((s) => s[0]));
    expect(spread).toBeGreaterThan(1e-2 * scale);
    surrogate.dispose();
  });
});

describe('loadNpSurrogate', () => {
  let dir: string;
  beforeAll(async () => {
    await useBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'np-surrogate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a saved checkpoint exactly as the model it came from, and owns the loaded model', async () => {
    const model = createModel({ name: 'cmanp', preset: 'tiny', xDim: 2 }, 'saved');
    const path = join(dir, 'cmanp.json');
    await saveModel(model, path);
    const original = createNpSurrogate(CONTEXT, model, { name: 'cmanp' });
    await original.condition(X, y);
    const expected = await original.posterior(Xq);
    original.dispose();
    model.dispose();

    const before = tf.memory().numTensors;
    const backend = { backend: 'wasm', report: () => {} } as const;
    const loaded = await loadNpSurrogate(CONTEXT, path, { backend });
    expect(loaded.name).toBe('cmanp');
    await loaded.condition(X, y);
    const { mean, std } = await loaded.posterior(Xq);
    expect(Array.from(mean)).toEqual(Array.from(expected.mean));
    expect(Array.from(std)).toEqual(Array.from(expected.std));
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const wrongSpace = { dims: [{ kind: 'continuous' }] as EncodedDimension[], seed: 's' };
    await expect(loadNpSurrogate(wrongSpace, path, { backend })).rejects.toThrow(NpUnsupportedSpaceError);
    expect(tf.memory().numTensors).toBe(before);
    await expect(loadNpSurrogate(CONTEXT, join(dir, 'missing.json'), { backend })).rejects.toThrow(/missing\.json/);
  });

  it('serves a narrower space with a model trained on padded BO-prior tasks, padding as the training did', async () => {
    const model = createModel({ name: 'tnp-kr-sa', preset: 'tiny', xDim: 4 }, 'padded');
    const padded = join(dir, 'padded.json');
    const exact = join(dir, 'exact.json');
    await saveModel(model, padded, { training: { protocol: 'bo-prior', dim: 4, minDim: 1 } });
    await saveModel(model, exact, { training: { protocol: 'bo-prior', dim: 4 } });
    const direct = createNpSurrogate(CONTEXT, model, { inputPadding: { minInputs: 1, value: 0 } });
    await direct.condition(X, y);
    const expected = await direct.posterior(Xq);
    direct.dispose();
    model.dispose();

    const backend = { backend: 'wasm', report: () => {} } as const;
    const loaded = await loadNpSurrogate(CONTEXT, padded, { backend });
    await loaded.condition(X, y);
    const { mean, std } = await loaded.posterior(Xq);
    expect(Array.from(mean)).toEqual(Array.from(expected.mean));
    expect(Array.from(std)).toEqual(Array.from(expected.std));
    loaded.dispose();
    await expect(loadNpSurrogate(CONTEXT, exact, { backend })).rejects.toThrow(/takes 4 inputs, but the space \(continuous, continuous\) encodes to 2/);
  });
});
