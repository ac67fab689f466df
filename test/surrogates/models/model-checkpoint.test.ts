import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { createModel, loadModel, MODEL_NAMES, saveModel, type NpBatch } from '../../../surrogates/models/index.js';
import { maxAbsDiff, useBackend } from '../backend/compare-backends.js';
import { disposeBatch, predictValues, toyBatch } from './fixtures.js';

describe('model checkpoints', () => {
  let dir: string;
  let batch: NpBatch;
  beforeAll(async () => {
    await useBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'tnpbo-models-'));
    batch = toyBatch('checkpoint', 2, 5, 6);
  });
  afterAll(async () => {
    disposeBatch(batch);
    await rm(dir, { recursive: true, force: true });
  });

  it.each(MODEL_NAMES)('%s: a trained model round-trips with identical predictions, config, seed and extras', async (name) => {
    const model = createModel({ name, preset: 'tiny', performerRedrawEvery: name === 'tnp-kr-performer' ? 1 : undefined }, `save-${name}`);
    const optimizer = tf.train.adam(1e-2);
    tf.tidy(() => optimizer.minimize(() => model.loss(batch, new Rng('step')), false, model.parameters().trainableVariables()));
    model.afterTrainingStep(1);
    optimizer.dispose();
    const path = join(dir, `${name}.json`);
    const written = await saveModel(model, path, { training: { steps: 1 }, metrics: { nll: 0.5 } });
    const { model: loaded, manifest } = await loadModel(path);
    expect(loaded.config).toEqual(model.config);
    expect(loaded.seed).toBe(model.seed);
    expect(manifest).toEqual(written);
    expect(manifest.model).toMatchObject({ name, seed: `save-${name}` });
    expect(manifest.training).toEqual({ steps: 1 });
    const before = predictValues(model, batch.xc, batch.yc, batch.xt);
    const after = predictValues(loaded, batch.xc, batch.yc, batch.xt);
    expect(maxAbsDiff(after.mean, before.mean)).toBe(0);
    expect(maxAbsDiff(after.std, before.std)).toBe(0);
    model.dispose();
    loaded.dispose();
  });

  it('refuses manifests whose model section is incomplete, inconsistent with the weights, or without a seed', async () => {
    const model = createModel({ name: 'tnp-d', preset: 'tiny' }, 'broken');
    const path = join(dir, 'broken.json');
    await saveModel(model, path);
    model.dispose();
    const original = JSON.parse(await readFile(path, 'utf8'));
    const rewrite = async (edit: (model: Record<string, unknown>) => void): Promise<void> => {
      const manifest = structuredClone(original);
      edit(manifest.model);
      await writeFile(path, JSON.stringify(manifest));
    };
    await rewrite((m) => { m.ffnHidden = 64; });
    await expect(loadModel(path)).rejects.toThrow(/broken\.json: parameter 'layer0\/feedForward\/layer0\/kernel' has shape \[16, 32\], the model expects \[16, 64\]/);
    await rewrite((m) => { m.colour = 'blue'; });
    await expect(loadModel(path)).rejects.toThrow(/broken\.json: model config \(tnp-d\): unknown field 'colour'/);
    await rewrite((m) => { delete m.seed; });
    await expect(loadModel(path)).rejects.toThrow(/broken\.json: model.seed must be a string, got undefined/);
  });
});
