import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, loadModel, type ModelSpec, type NeuralProcess } from '../../../surrogates/models/index.js';
import { train, trainingFiles, type TrainingLogRecord } from '../../../surrogates/training/trainer.js';
import { trainingConfig, trainingStreamBatch, type TrainingConfig } from '../../../surrogates/training/training-config.js';
import { loadTrainingState } from '../../../surrogates/training/training-state.js';
import { useBackend } from '../backend/compare-backends.js';

let dir: string;

function weightsOf(model: NeuralProcess): Float32Array[] {
  return model.parameters().list().map((e) => Float32Array.from(e.variable.dataSync() as Float32Array));
}

async function logOf(path: string): Promise<TrainingLogRecord[]> {
  return (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as TrainingLogRecord);
}

/** The log without timings (they differ between runs). */
const timeless = (records: TrainingLogRecord[]) => records.map(({ seconds: _seconds, ...rest }) => rest);

describe('trainer', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'tnpbo-trainer-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: [string, ModelSpec, TrainingConfig][] = [
    ['tnp-kr-sa, gp-tnpkr (Yogi, clipping)', { name: 'tnp-kr-sa', preset: 'tiny' },
      trainingConfig({ protocol: 'gp-tnpkr', steps: 8, batchSize: 3, validateEvery: 3, validationBatches: 2, saveEvery: 100, logEvery: 2 })],
    ['np, gp-standard (Adam, latent draws)', { name: 'np', preset: 'tiny' },
      trainingConfig({ protocol: 'gp-standard', steps: 8, batchSize: 4, validateEvery: 3, validationBatches: 2, saveEvery: 2, logEvery: 1, seed: 5 })],
    ['cnp, bo-prior 1- to 3-D padded to 3 (warm-up)', { name: 'cnp', preset: 'tiny', xDim: 3 },
      trainingConfig({ protocol: 'bo-prior', dim: 3, minDim: 1, steps: 8, batchSize: 2, validateEvery: 4, validationBatches: 1, saveEvery: 3, logEvery: 4 })],
  ];

  it.each(cases)('%s: 2×4 steps with a resume equal 8 straight steps (weights, moments, log, best checkpoint)', async (label, spec, config) => {
    const straight = trainingFiles(join(dir, `straight-${label.split(',')[0]}.json`));
    const split = trainingFiles(join(dir, `split-${label.split(',')[0]}.json`));

    const a = createModel(spec, 1);
    const result = await train({ model: a, config, files: straight });
    expect(result).toMatchObject({ step: 8, finished: true });
    expect(result.stepMilliseconds).toBeGreaterThan(0);

    const b = createModel(spec, 1);
    const first = await train({ model: b, config, files: split, stopAtStep: 4 });
    expect(first).toMatchObject({ step: 4, finished: false });
    b.dispose();
    // A killed process may leave log lines past the saved step, the last one cut short.
    await appendFile(split.log, '{"step":5,"loss":1}\n{"step":6,"lo');
    const state = await loadTrainingState(split.state);
    expect(state.progress.step).toBe(4);
    expect(state.optimizer.step).toBe(4);
    const c = createModel(spec, 1);
    const before = tf.memory().numTensors;
    const second = await train({ model: c, config, files: split, resume: state });
    expect(tf.memory().numTensors).toBe(before);
    expect(second).toMatchObject({ step: 8, finished: true, bestStep: result.bestStep, bestValidation: result.bestValidation });

    expect(weightsOf(c)).toEqual(weightsOf(a));
    expect((await loadTrainingState(split.state)).optimizer).toEqual((await loadTrainingState(straight.state)).optimizer);
    expect(timeless(await logOf(split.log))).toEqual(timeless(await logOf(straight.log)));
    const bestA = await loadModel(straight.best);
    const bestC = await loadModel(split.best);
    expect(bestC.manifest.metrics).toEqual(bestA.manifest.metrics);
    expect(bestA.manifest.training).toMatchObject({ protocol: config.protocol, steps: 8, step: result.bestStep });
    expect(weightsOf(bestC.model)).toEqual(weightsOf(bestA.model));
    for (const m of [a, c, bestA.model, bestC.model]) m.dispose();
  });

  it('the log has every field, validation lines record the oracle, and the best checkpoint holds the best step', async () => {
    const files = trainingFiles(join(dir, 'log.json'));
    const model = createModel({ name: 'cnp', preset: 'tiny' }, 2);
    const config = trainingConfig({ protocol: 'gp-standard', steps: 6, validateEvery: 2, validationBatches: 2, logEvery: 3, learningRate: 1e-3 });
    const seen: TrainingLogRecord[] = [];
    const result = await train({ model, config, files, onLog: (r) => seen.push(r), extras: { backend: 'wasm' } });
    const log = await logOf(files.log);
    expect(log).toEqual(seen);
    expect(log.map((r) => r.step)).toEqual([2, 3, 4, 6]);
    for (const r of log) {
      expect(Object.keys(r).slice(0, 5)).toEqual(['step', 'loss', 'lr', 'gradNorm', 'seconds']);
      expect(Number.isFinite(r.loss) && r.gradNorm > 0 && r.lr > 0 && r.lr <= 1e-3).toBe(true);
    }
    const validations = log.filter((r) => r.validation !== undefined).map((r) => r.validation!);
    expect(validations).toHaveLength(3);
    expect(validations[0].best).toBe(true);
    expect(validations.every((v) => v.oracleLogLikelihood === validations[0].oracleLogLikelihood)).toBe(true);
    const best = Math.max(...validations.map((v) => v.logLikelihood));
    expect(result.bestValidation).toBe(best);
    const { model: saved, manifest } = await loadModel(files.best);
    expect(manifest.metrics).toMatchObject({ step: result.bestStep, validationLogLikelihood: best });
    expect(manifest.training).toMatchObject({ backend: 'wasm', optimizer: { name: 'adam' }, seed: '0' });
    saved.dispose();
    model.dispose();
  });

  it('learns: validation log-likelihood rises within 60 steps (CNP, gp-standard)', async () => {
    const files = trainingFiles(join(dir, 'learn.json'));
    const model = createModel({ name: 'cnp', preset: 'tiny' }, 3);
    const config = trainingConfig({ protocol: 'gp-standard', steps: 60, validateEvery: 5, validationBatches: 4, learningRate: 1e-2, logEvery: 5 });
    const log = await logOf((await train({ model, config, files }), files.log));
    const scores = log.filter((r) => r.validation).map((r) => r.validation!.logLikelihood);
    expect(scores.at(-1)! - scores[0], scores.map((s) => s.toFixed(3)).join(' ')).toBeGreaterThan(0.1);
    model.dispose();
  });

  it('an aborted signal ends the session after the current step, with the state saved there', async () => {
    const files = trainingFiles(join(dir, 'abort.json'));
    const config = trainingConfig({ protocol: 'gp-standard', steps: 20, validationBatches: 1, saveEvery: 100, logEvery: 1 });
    const model = createModel({ name: 'cnp', preset: 'tiny' }, 6);
    const controller = new AbortController();
    const result = await train({ model, config, files, signal: controller.signal, onLog: (r) => r.step === 3 && controller.abort() });
    expect(result).toMatchObject({ step: 3, finished: false });
    expect((await loadTrainingState(files.state)).progress.step).toBe(3);
    model.dispose();
  });

  it('a warm start is recorded in the configuration and checked', () => {
    const initFrom = { checkpoint: 'runs/a.json', sha256: 'ab'.repeat(32), step: 1200 };
    expect(trainingConfig({ protocol: 'bo-prior', dim: 2, steps: 10, initFrom }).initFrom).toEqual(initFrom);
    expect('initFrom' in trainingConfig({ protocol: 'bo-prior', dim: 2, steps: 10 })).toBe(false);
    expect(() => trainingConfig({ protocol: 'bo-prior', dim: 2, steps: 10, initFrom: { ...initFrom, sha256: 'x' } })).toThrow('initFrom.sha256: expected 64 hex digits, got "x"');
    expect(() => trainingConfig({ protocol: 'bo-prior', dim: 2, steps: 10, initFrom: { ...initFrom, step: -1 } })).toThrow(/initFrom.step/);
  });

  it('minDim mixes task dimensions of the BO prior only, within 1..dim', () => {
    expect(() => trainingConfig({ protocol: 'gp-standard', steps: 2, minDim: 1 })).toThrow(/minDim: only the bo-prior protocol/);
    expect(() => trainingConfig({ protocol: 'bo-prior', dim: 2, minDim: 3, steps: 2 })).toThrow(/minDim/);
    expect(trainingConfig({ protocol: 'bo-prior', dim: 8, minDim: 1, steps: 2 }).minDim).toBe(1);
    expect('minDim' in trainingConfig({ protocol: 'bo-prior', dim: 8, steps: 2 })).toBe(false);
  });

  it('noise sets the BO prior\'s context-noise range, for the bo-prior protocol only', () => {
    expect(() => trainingConfig({ protocol: 'gp-standard', steps: 2, noise: [1e-4, 1e-2] })).toThrow(/noise: only the bo-prior protocol/);
    expect(() => trainingConfig({ protocol: 'bo-prior', dim: 2, steps: 2, noise: [1e-2, 1e-4] })).toThrow(/noise: expected \[low, high\]/);
    const config = trainingConfig({ protocol: 'bo-prior', dim: 2, steps: 2, noise: [0.05, 0.05] });
    expect(config.noise).toEqual([0.05, 0.05]);
    for (const { kernel, contextNoise } of trainingStreamBatch(config, 1).functions) expect(contextNoise / Math.sqrt(kernel.variance)).toBeCloseTo(0.05, 12);
    expect('noise' in trainingConfig({ protocol: 'bo-prior', dim: 2, steps: 2 })).toBe(false);
  });

  it('refuses a resume with another configuration or model, and a corrupt state names the file', async () => {
    const files = trainingFiles(join(dir, 'mismatch.json'));
    const config = trainingConfig({ protocol: 'gp-standard', steps: 4, validationBatches: 1 });
    const model = createModel({ name: 'cnp', preset: 'tiny' }, 4);
    await train({ model, config, files, stopAtStep: 2 });
    const state = await loadTrainingState(files.state);
    await expect(train({ model, config: { ...config, batchSize: 8 }, files, resume: state })).rejects.toThrow(/training.batchSize \(saved 16, now 8\)/);
    const other = createModel({ name: 'cnp', preset: 'tiny' }, 5);
    await expect(train({ model: other, config, files, resume: state })).rejects.toThrow(/model.seed \(saved "4", now "5"\)/);
    const bytes = await readFile(files.state);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(files.state, bytes);
    await expect(loadTrainingState(files.state)).rejects.toThrow(`training state ${files.state}: corrupt`);
    await writeFile(files.state, bytes.subarray(0, bytes.length - 4));
    await expect(loadTrainingState(files.state)).rejects.toThrow(/truncated/);
    await expect(loadTrainingState(join(dir, 'none.state'))).rejects.toThrow(/none.state: cannot read it \(ENOENT\)/);
    expect(() => trainingFiles('run.bin')).toThrow(/must end in '.json'/);
    expect(() => trainingConfig({ protocol: 'gp-tnpkr', steps: 4, dim: 2, kernel: 'periodic' })).toThrow(/RBF kernel only/);
    expect(() => trainingConfig({ protocol: 'gp-standard', steps: 0 })).toThrow(/steps/);
    model.dispose();
    other.dispose();
  });
});
