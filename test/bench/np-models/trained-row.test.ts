import { describe, expect, it } from 'vitest';
import { metricDefinition, trainedRow, type RowIdentity } from '../../../src/bench/np-models/trained-row.js';
import type { CheckpointManifest, Json } from '../../../surrogates/nn/checkpoint.js';

const IDENTITY: RowIdentity = { model: 'tnp-kr-performer', checkpoint: 'tnp-kr-performer-gp1d', file: 'w/tnp-kr-performer-gp1d.json', published: null };

function manifest(overrides: { model?: Record<string, Json>; training?: Record<string, Json>; metrics?: Record<string, Json> } = {}): CheckpointManifest {
  return {
    format: 'tnpbo-checkpoint',
    version: 1,
    model: { name: 'tnp-kr-performer', preset: 'small', xDim: 1, yDim: 1, seed: '0', ...overrides.model },
    training: { protocol: 'gp-standard', kernel: 'rbf', steps: 1000, step: 600, backend: 'wasm', ...overrides.training },
    metrics: { step: 600, validationLogLikelihood: 0.8125, ...overrides.metrics },
    tfjsVersion: '4.22.0',
    weights: { file: 'x.bin', byteLength: 4 * (6 * 4 + 4 + 8 * 3), sha256: 'e'.repeat(64) },
    tensors: [
      { name: 'a/kernel', shape: [6, 4], dtype: 'float32', offset: 0, trainable: true },
      { name: 'a/bias', shape: [4], dtype: 'float32', offset: 96, trainable: true },
      { name: 'omega', shape: [8, 3], dtype: 'float32', offset: 112, trainable: false },
    ],
  };
}

const LOG = [
  { step: 300, loss: 1, lr: 1e-4, gradNorm: 1, seconds: 40, validation: { logLikelihood: 0.5, oracleLogLikelihood: 1.5, best: true } },
  { step: 600, loss: 1, lr: 1e-4, gradNorm: 1, seconds: 95, validation: { logLikelihood: 0.8125, oracleLogLikelihood: 1.5, best: true } },
  { step: 700, loss: 1, lr: 1e-4, gradNorm: 1, seconds: 110 },
].map((r) => JSON.stringify(r)).join('\n');

describe('trainedRow', () => {
  it('counts trainable and fixed parameters and summarises the training with its log', () => {
    const row = trainedRow(IDENTITY, manifest(), { file: 'runs/x.log.jsonl', text: LOG });
    expect(row).toMatchObject({
      ...IDENTITY, status: 'trained', sha256: 'e'.repeat(64), preset: 'small', parameters: 28, fixedParameters: 24, metric: 'marginal per point', cells: [],
    });
    expect(row.training).toEqual({
      bestStep: 600, plannedSteps: 1000, validationLogLikelihood: 0.8125, backend: 'wasm',
      log: { file: 'runs/x.log.jsonl', completedSteps: 700, totalSeconds: 110, secondsToCheckpoint: 95, laterBest: null },
    });
  });

  it('says why the wall time is not recorded instead of inventing one', () => {
    expect(trainedRow(IDENTITY, manifest(), undefined).training.log).toEqual({ file: null, notRecorded: 'no run log found' });
    const otherRun = trainedRow(IDENTITY, manifest({ metrics: { validationLogLikelihood: 0.9 } }), { file: 'l', text: LOG }).training.log;
    expect(otherRun).toEqual({ file: 'l', notRecorded: "run log: step 600 does not record the checkpoint's best validation 0.9 (logged: 0.8125)" });
    const noMetric = trainedRow(IDENTITY, manifest({ metrics: { validationLogLikelihood: null } }), { file: 'l', text: LOG });
    expect(noMetric.training).toMatchObject({ validationLogLikelihood: null, log: { notRecorded: 'the checkpoint records no validation score to match its run log against' } });
  });

  it("defines the latent NP's metric with its number of z draws", () => {
    expect(metricDefinition({ name: 'np', evaluationSamples: 50 })).toBe('marginal per point; per-target log-mean-exp over 50 draws of z ~ q(z|C)');
    expect(metricDefinition({ name: 'cmanp' })).toBe('marginal per point');
  });

  it('rejects checkpoints that do not belong to the table, naming the field', () => {
    expect(() => trainedRow({ ...IDENTITY, model: 'tnp-d' }, manifest(), undefined)).toThrow('model.name is "tnp-kr-performer", not "tnp-d"');
    expect(() => trainedRow(IDENTITY, manifest({ model: { xDim: 2 } }), undefined)).toThrow('model.xDim is 2; the table is of 1-D models');
    expect(() => trainedRow(IDENTITY, manifest({ training: { kernel: 'matern' } }), undefined)).toThrow('trained on "gp-standard"/"matern", not gp-standard/rbf');
    expect(() => trainedRow(IDENTITY, manifest({ training: { protocol: 'bo-prior' } }), undefined)).toThrow('trained on "bo-prior"/"rbf"');
    expect(() => trainedRow(IDENTITY, manifest({ training: { step: null } }), undefined)).toThrow('training.step is null, expected an integer');
  });
});
