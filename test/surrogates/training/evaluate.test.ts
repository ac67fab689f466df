import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { createModel, type NeuralProcess } from '../../../surrogates/models/index.js';
import { batchLogLikelihood, evaluateOnBatches, evaluateProtocol } from '../../../surrogates/training/evaluate.js';
import { oracleScore } from '../../../surrogates/training/oracle.js';
import { evaluationSet } from '../../../surrogates/training/tasks.js';
import { useBackend } from '../backend/compare-backends.js';

describe('evaluation against the oracle', () => {
  let cnp: NeuralProcess;
  let np: NeuralProcess;
  beforeAll(async () => {
    await useBackend('wasm');
    cnp = createModel({ name: 'cnp', preset: 'tiny' }, 'eval-cnp');
    np = createModel({ name: 'np', preset: 'tiny', evaluationSamples: 8 }, 'eval-np');
  });
  afterAll(() => {
    cnp.dispose();
    np.dispose();
  });

  it('is the plain mean of per-batch means (not weighted by Nt), next to the oracle on the same tasks', () => {
    const batches = evaluationSet('gp-standard', 'rbf', 7, 4);
    expect(new Set(batches.map((b) => b.numTarget)).size).toBeGreaterThan(1);
    const perBatch = batches.map((b, k) => batchLogLikelihood(cnp, b, new Rng(7).fork('latent').fork(k)));
    const report = evaluateProtocol(cnp, { protocol: 'gp-standard', kernel: 'rbf', batches: 4, seed: 7 });
    expect(report.batches).toBe(4);
    expect(report.tasks).toBe(64);
    expect(report.logLikelihood).toBeCloseTo(perBatch.reduce((s, v) => s + v, 0) / 4, 10);
    const sd = Math.sqrt(perBatch.reduce((s, v) => s + (v - report.logLikelihood) ** 2, 0) / 3);
    expect(report.standardError).toBeCloseTo(sd / 2, 10);
    expect(report.oracleLogLikelihood).toBe(oracleScore(batches).marginal);
    // An untrained model cannot beat the Bayes-optimal forecaster.
    expect(report.logLikelihood).toBeLessThan(report.oracleLogLikelihood);
    expect(report.seconds).toBeGreaterThan(0);
  });

  it('a latent NP is scored with seeded draws: repeatable, and different draws change the score', () => {
    const settings = { protocol: 'gp-tnpkr', kernel: 'periodic', batches: 2, seed: 3, sampling: { batchSize: 4 } } as const;
    const a = evaluateProtocol(np, settings);
    const b = evaluateProtocol(np, settings);
    expect(a.logLikelihood).toBe(b.logLikelihood);
    expect(a.tasks).toBe(8);
    const batches = evaluationSet('gp-tnpkr', 'periodic', 3, 2, { batchSize: 4 });
    const other = evaluateOnBatches(np, batches, new Rng('other draws'));
    expect(other.logLikelihood).not.toBe(a.logLikelihood);
    expect(other.oracleLogLikelihood).toBe(a.oracleLogLikelihood);
  });

  it('leaks no tensors and rejects an empty set', () => {
    const batches = evaluationSet('gp-standard', 'matern', 1, 2);
    evaluateOnBatches(np, batches, new Rng(1));
    const before = tf.memory().numTensors;
    evaluateOnBatches(np, batches, new Rng(1));
    expect(tf.memory().numTensors).toBe(before);
    expect(() => evaluateOnBatches(cnp, [], new Rng(1))).toThrow(/nothing to evaluate/);
    expect(() => evaluateProtocol(cnp, { protocol: 'gp-standard', kernel: 'rbf', batches: 0, seed: 1 })).toThrow(/batches/);
  });
});
