/**
 * Evaluation of a neural process on seeded task batches, scored as the papers do (models.md §9.2): per batch the
 * model's mean target log-likelihood over (function, target) — latent models average `evaluationSamples` draws
 * of z per target by log-mean-exp (see {@link NeuralProcess.logLikelihood}) — then the plain mean of the batch
 * means; next to the oracle GP's marginal score on the very same tasks (`oracle.ts`), the upper reference.
 */

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng.js';
import type { NeuralProcess } from '../models/neural-process.js';
import { checkedInteger } from './checks.js';
import { toNpBatch } from './np-batch.js';
import { oracleBatchScore, summariseBatchScores, type OracleBatchScore } from './oracle.js';
import type { TaskBatch } from './task-batch.js';
import { evaluationBatch, type GPProtocol, type ProtocolKernel, type SampleBatchOptions } from './tasks.js';

/** A model's score on a set of batches, with the oracle's on the same tasks. */
export interface EvaluationReport {
  /** Number of batches. */
  readonly batches: number;
  /** Number of tasks (functions) over all batches. */
  readonly tasks: number;
  /** The model's mean of batch-mean target log-likelihoods. */
  readonly logLikelihood: number;
  /** Standard error of `logLikelihood` over batches (NaN for one batch). */
  readonly standardError: number;
  /** The oracle GP's marginal score, aggregated the same way. */
  readonly oracleLogLikelihood: number;
  /** Standard error of `oracleLogLikelihood`. */
  readonly oracleStandardError: number;
  /** Seconds the model spent scoring (tensor creation, forward passes and read-back; not data or oracle). */
  readonly seconds: number;
}

/** The model's mean target log-likelihood on one batch; `rng` drives latent draws (deterministic models ignore it). */
export function batchLogLikelihood(model: NeuralProcess, batch: TaskBatch, rng: Rng): number {
  return tf.tidy(() => model.logLikelihood(toNpBatch(batch), rng).dataSync()[0]);
}

/**
 * Scores `model` on every batch of `batches` (consumed one at a time, so a generator keeps memory flat). Batch
 * `k`'s latent draws come from `rng.fork(k)`.
 */
export function evaluateOnBatches(model: NeuralProcess, batches: Iterable<TaskBatch>, rng: Rng): EvaluationReport {
  const modelScores: OracleBatchScore[] = [];
  const oracleScores: OracleBatchScore[] = [];
  let tasks = 0;
  let milliseconds = 0;
  for (const batch of batches) {
    const started = performance.now();
    const score = batchLogLikelihood(model, batch, rng.fork(modelScores.length));
    milliseconds += performance.now() - started;
    if (!Number.isFinite(score)) throw new Error(`evaluation: the model's log-likelihood of batch ${modelScores.length} is ${score}`);
    modelScores.push({ marginal: score, joint: score });
    oracleScores.push(oracleBatchScore(batch));
    tasks += batch.batchSize;
  }
  if (modelScores.length === 0) throw new Error('batches: nothing to evaluate');
  const modelSummary = summariseBatchScores(modelScores);
  const oracle = summariseBatchScores(oracleScores);
  return {
    batches: modelSummary.batches,
    tasks,
    logLikelihood: modelSummary.marginal,
    standardError: modelSummary.marginalStandardError,
    oracleLogLikelihood: oracle.marginal,
    oracleStandardError: oracle.marginalStandardError,
    seconds: milliseconds / 1000,
  };
}

/** Settings of {@link evaluateProtocol}. */
export interface ProtocolEvaluation {
  readonly protocol: GPProtocol;
  readonly kernel: ProtocolKernel;
  /** Number of batches (the papers: 3,000 for `gp-standard`). */
  readonly batches: number;
  /** Seed of the evaluation set: batch `k` is {@link evaluationBatch}`(protocol, kernel, seed, k)`. */
  readonly seed: string | number;
  /** Batch size and dimension overrides of the protocol. */
  readonly sampling?: SampleBatchOptions;
}

/**
 * The model's and the oracle's scores on the fixed evaluation set of a GP protocol (generated batch by batch from
 * the seed, so any model sees exactly the same tasks). Latent draws come from `Rng(seed).fork('latent')`.
 */
export function evaluateProtocol(model: NeuralProcess, settings: ProtocolEvaluation): EvaluationReport {
  const count = checkedInteger('batches', settings.batches, 1);
  function* batches(): Generator<TaskBatch> {
    for (let k = 0; k < count; k++) yield evaluationBatch(settings.protocol, settings.kernel, settings.seed, k, settings.sampling);
  }
  return evaluateOnBatches(model, batches(), new Rng(settings.seed).fork('latent'));
}
