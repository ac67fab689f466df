/**
 * A tiny model overfits one fixed task within seconds (the scan TNP-KR, TNP-D, CNP and the latent NP; the slower
 * DKA, Performer and CMANP models get the finite-difference gradient check of interface.test.ts instead).
 */

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { createModel, type ModelName } from '../../../surrogates/models/index.js';
import { useBackend } from '../backend/compare-backends.js';
import { disposeBatch, toyBatch } from './fixtures.js';

const STEPS = 60;

/** Adam learning rates: the plain MLP models learn slowly at the transformers' rate. */
const LEARNING_RATE: ReadonlyMap<ModelName, number> = new Map([['tnp-kr-sa', 3e-3], ['tnp-d', 3e-3], ['cnp', 1e-2], ['np', 1e-2]]);

describe('overfitting one task', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it.each([...LEARNING_RATE.keys()])('%s: the training loss falls by more than 0.5 nats within 60 Adam steps', (name) => {
    const batch = toyBatch(`overfit-${name}`, 1, 10, 12);
    const model = createModel({ name, preset: 'tiny' }, 'overfit');
    const optimizer = tf.train.adam(LEARNING_RATE.get(name)!);
    const rng = new Rng('overfit');
    const variables = model.parameters().trainableVariables();
    const losses: number[] = [];
    const started = performance.now();
    for (let step = 1; step <= STEPS; step++) {
      losses.push(tf.tidy(() => optimizer.minimize(() => model.loss(batch, rng.fork(step)), true, variables)!.dataSync()[0]));
      model.afterTrainingStep(step);
    }
    const seconds = (performance.now() - started) / 1000;
    const recent = Math.min(...losses.slice(-10));
    expect(losses[0] - recent, `loss ${losses[0].toFixed(3)} → ${recent.toFixed(3)} in ${seconds.toFixed(1)} s`).toBeGreaterThan(0.5);
    optimizer.dispose();
    model.dispose();
    disposeBatch(batch);
  });
});
