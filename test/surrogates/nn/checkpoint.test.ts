import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, constant, loadCheckpoint, MLP, ParameterStore, readCheckpoint, saveCheckpoint,
} from '../../../surrogates/nn/index.js';
import { useBackend } from '../backend/compare-backends.js';

const MODEL = { architecture: 'toy', inputDim: 3, sizes: [8, 2] };

function buildModel(seed: string): ParameterStore {
  const store = new ParameterStore(seed);
  new MLP(store.scope('mlp'), 3, [8, 2]);
  store.create('omega', [2, 2], constant(0.5), { trainable: false });
  return store;
}

describe('checkpoints', () => {
  let dir: string;
  beforeAll(async () => {
    await useBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'tnpbo-ckpt-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function saved(name: string): Promise<{ path: string; bin: string }> {
    const store = buildModel('saved');
    const path = join(dir, `${name}.json`);
    await saveCheckpoint(path, store, { model: MODEL, training: { steps: 10, seed: 'saved' }, metrics: { nll: -0.5 } });
    store.dispose();
    return { path, bin: join(dir, `${name}.bin`) };
  }

  it('round-trips every parameter exactly, with config, metrics and checksum in the manifest', async () => {
    const source = buildModel('saved');
    const { path, bin } = await saved('roundtrip');
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    expect(manifest.format).toBe(CHECKPOINT_FORMAT);
    expect(manifest.version).toBe(CHECKPOINT_VERSION);
    expect(manifest.model).toEqual(MODEL);
    expect(manifest.training).toEqual({ steps: 10, seed: 'saved' });
    expect(manifest.metrics).toEqual({ nll: -0.5 });
    expect(manifest.tfjsVersion).toBe(tf.version.tfjs);
    expect(manifest.weights.file).toBe('roundtrip.bin');
    expect(manifest.weights.byteLength).toBe(4 * source.count());
    expect((await readFile(bin)).length).toBe(4 * source.count());
    expect(manifest.tensors.map((t: { name: string }) => t.name)).toEqual(source.list().map((e) => e.name));

    const target = buildModel('other seed');
    expect(Array.from(target.get('mlp/layer0/kernel').dataSync())).not.toEqual(Array.from(source.get('mlp/layer0/kernel').dataSync()));
    await loadCheckpoint(path, target, { architecture: 'toy', sizes: [8, 2] });
    for (const entry of source.list()) {
      expect(Array.from(target.get(entry.name).dataSync())).toEqual(Array.from(entry.variable.dataSync()));
    }
    source.dispose();
    target.dispose();
  });

  it('rejects a corrupt binary, naming the file', async () => {
    const { path, bin } = await saved('corrupt');
    const bytes = await readFile(bin);
    bytes[17] ^= 0xff;
    await writeFile(bin, bytes);
    await expect(readCheckpoint(path)).rejects.toThrow(`checkpoint ${bin}: corrupt: its SHA-256 does not match the manifest`);
  });

  it('rejects a truncated binary and a missing one', async () => {
    const { path, bin } = await saved('truncated');
    await truncate(bin, 40);
    await expect(readCheckpoint(path)).rejects.toThrow(new RegExp(`checkpoint ${bin}: truncated: 40 bytes, the manifest expects \\d+`));
    await rm(bin);
    await expect(readCheckpoint(path)).rejects.toThrow(`checkpoint ${bin}: cannot read the weights (ENOENT)`);
  });

  it('rejects broken manifests: missing, not JSON, wrong format or version, inconsistent tensor table', async () => {
    const missing = join(dir, 'nothing.json');
    await expect(readCheckpoint(missing)).rejects.toThrow(`checkpoint ${missing}: cannot read the manifest (ENOENT)`);
    const { path } = await saved('broken');
    const good = JSON.parse(await readFile(path, 'utf8'));
    const cases: Array<[unknown, string]> = [
      [undefined, 'the manifest is not valid JSON'],
      [{ ...good, format: 'other' }, `format is "other", expected '${CHECKPOINT_FORMAT}'`],
      [{ ...good, version: 99 }, 'version 99 is not supported (this tnpbo reads version 1)'],
      [{ ...good, metrics: 3 }, "'metrics' must be an object"],
      [{ ...good, tensors: [{ ...good.tensors[0], offset: 8 }, ...good.tensors.slice(1)] }, `tensor '${good.tensors[0].name}' starts at byte 8, expected 0`],
      [{ ...good, weights: { ...good.weights, byteLength: 12 } }, `the tensors need ${good.weights.byteLength} bytes but 'weights.byteLength' says 12`],
      [{ ...good, weights: { ...good.weights, file: '../x.bin' } }, "'weights.file' must be a file name"],
    ];
    for (const [content, message] of cases) {
      await writeFile(path, content === undefined ? '{"format": ' : JSON.stringify(content));
      await expect(readCheckpoint(path)).rejects.toThrow(`checkpoint ${path}: ${message}`);
    }
    await expect(saveCheckpoint(join(dir, 'x.bin'), buildModel('x'), { model: MODEL })).rejects.toThrow(/must end in '.json'/);
  });

  it('rejects checkpoints of a different model: config, missing or extra parameters, shapes', async () => {
    const { path } = await saved('mismatch');
    const store = buildModel('m');
    await expect(loadCheckpoint(path, store, { architecture: 'tnp-kr' })).rejects.toThrow(
      `checkpoint ${path}: model.architecture is "toy", but this model has "tnp-kr"`,
    );
    store.create('extra', [1], constant(0));
    await expect(loadCheckpoint(path, store)).rejects.toThrow(`checkpoint ${path}: missing parameters: extra`);
    const smaller = new ParameterStore('s');
    new MLP(smaller.scope('mlp'), 3, [8, 2]);
    await expect(loadCheckpoint(path, smaller)).rejects.toThrow(`checkpoint ${path}: parameters this model does not have: omega`);
    const wider = new ParameterStore('w');
    new MLP(wider.scope('mlp'), 3, [9, 2]);
    wider.create('omega', [2, 2], constant(0), { trainable: false });
    await expect(loadCheckpoint(path, wider)).rejects.toThrow(`parameter 'mlp/layer0/kernel' has shape [3, 8], the model expects [3, 9]`);
    [store, smaller, wider].forEach((s) => s.dispose());
  });
});
