/**
 * What a training run is: the task stream (protocol, kernel, dimension, batch size), the optimiser, clipping and
 * learning-rate schedule, the seed, and how often the trainer validates, saves its state and logs. Defaults per
 * protocol follow models.md §9 (steps scaled to the run's length), and the batch stream is a pure function of the
 * seed and the step, so a resumed run sees the same data.
 *
 * - `gp-tnpkr` (§9.1): Yogi (ε 1e-3), clip 3.0, cosine from 1e-3 to 1e-5, batch 32 (2-D: 16).
 * - `gp-standard` (§9.2): Adam, no clipping, cosine from 5e-4 to 0, batch 16, RBF.
 * - `bo-prior`: the d-dimensional BO prior on `[−2, 2]^d` (the GP protocols' input domain), Matérn-5/2 by
 *   default; Adam, clip 1.0, 2 % linear warm-up, cosine from 5e-4 to 1e-5, batch 16 — the toolkit's own choice.
 *   With `minDim < dim` every batch has its own task dimension in `minDim..dim`, padded to `dim` inputs (one
 *   model for spaces of every dimension in that range; see bo-prior.ts); `noise` narrows or widens the prior's
 *   range of context noise (a model for deterministic objectives, say).
 */

import { Rng } from '../../src/core/rng.js';
import { checkedNoiseRange, sampleBOPriorBatch, type BOPriorKernel } from './bo-prior.js';
import { checkedInteger } from './checks.js';
import { ADAM, validateOptimizerSettings, validateSchedule, YOGI, type LearningRateSchedule, type OptimizerSettings } from './optimizers.js';
import type { TaskBatch, TaskProtocol } from './task-batch.js';
import { sampleBatch, type ProtocolKernel } from './tasks.js';

/** Every training protocol. */
export const TRAINING_PROTOCOLS: readonly TaskProtocol[] = ['gp-standard', 'gp-tnpkr', 'bo-prior'];

/** The input box of every protocol's tasks. */
export const TRAINING_DOMAIN: readonly [number, number] = [-2, 2];

/** A complete, serialisable description of a training run. */
export interface TrainingConfig {
  readonly protocol: TaskProtocol;
  /** Kernel of the training tasks: `rbf`, `matern`, `periodic` (GP protocols) or `matern52`, `rbf` (BO prior). */
  readonly kernel: string;
  /** Input dimension of the tasks (the model's `xDim`). */
  readonly dim: number;
  /** `bo-prior` only: smallest task dimension, padded to `dim` inputs (absent: every task has `dim`). */
  readonly minDim?: number;
  /** `bo-prior` only: range of the context noise relative to the function's scale (absent: the prior's own). */
  readonly noise?: readonly [number, number];
  /** Functions per batch. */
  readonly batchSize: number;
  /** Total optimiser steps (also the schedule's length). */
  readonly steps: number;
  /** Root seed of the training and validation batches and of latent draws. */
  readonly seed: string;
  readonly optimizer: OptimizerSettings;
  readonly schedule: LearningRateSchedule;
  /** Global gradient norm limit (0: no clipping). */
  readonly clipNorm: number;
  /** Validate every this many steps (and after the last step). */
  readonly validateEvery: number;
  /** Batches of the fixed validation set. */
  readonly validationBatches: number;
  /** Save the resumable training state every this many steps (and when a session ends). */
  readonly saveEvery: number;
  /** Write a log line (and report progress) every this many steps. */
  readonly logEvery: number;
  /** The checkpoint whose weights the run started from (absent: freshly initialised weights). */
  readonly initFrom?: WarmStart;
}

/**
 * A warm start: the run began from a saved model checkpoint of the same architecture instead of fresh weights,
 * with a new optimiser state and schedule (a warm restart). Recorded so that the run's provenance is complete and
 * a resumed session can check it starts from the same file.
 */
export interface WarmStart {
  /** The checkpoint's manifest path, as given on the command line. */
  readonly checkpoint: string;
  /** SHA-256 of the checkpoint's weights file. */
  readonly sha256: string;
  /** The training step the checkpoint was saved at (null if its manifest does not say). */
  readonly step: number | null;
}

/** The choices {@link trainingConfig} takes; everything else comes from the protocol's defaults. */
export interface TrainingRequest {
  readonly protocol: TaskProtocol;
  readonly steps: number;
  readonly seed?: string | number;
  readonly kernel?: string;
  readonly dim?: number;
  /** `bo-prior` only: see {@link TrainingConfig.minDim}. */
  readonly minDim?: number;
  /** `bo-prior` only: see {@link TrainingConfig.noise}. */
  readonly noise?: readonly [number, number];
  readonly batchSize?: number;
  /** Peak learning rate (the floor is lowered to it if above). */
  readonly learningRate?: number;
  readonly validateEvery?: number;
  readonly validationBatches?: number;
  readonly saveEvery?: number;
  readonly logEvery?: number;
  readonly initFrom?: WarmStart;
}

const GP_KERNELS: readonly string[] = ['rbf', 'matern', 'periodic'];
const BO_KERNELS: readonly string[] = ['matern52', 'rbf'];

/** The complete configuration for a request (protocol defaults filled in); errors name the field. */
export function trainingConfig(request: TrainingRequest): TrainingConfig {
  const { protocol } = request;
  if (!TRAINING_PROTOCOLS.includes(protocol)) throw new Error(`protocol: '${String(protocol)}' is not one of ${TRAINING_PROTOCOLS.join(', ')}`);
  const steps = checkedInteger('steps', request.steps, 1);
  const dim = request.dim ?? 1;
  const defaults = {
    'gp-tnpkr': { kernel: 'rbf', batchSize: dim === 2 ? 16 : 32, optimizer: YOGI, peak: 1e-3, floor: 1e-5, warmup: 0, clipNorm: 3 },
    'gp-standard': { kernel: 'rbf', batchSize: 16, optimizer: ADAM, peak: 5e-4, floor: 0, warmup: 0, clipNorm: 0 },
    'bo-prior': { kernel: 'matern52', batchSize: 16, optimizer: ADAM, peak: 5e-4, floor: 1e-5, warmup: Math.floor(steps / 50), clipNorm: 1 },
  }[protocol];
  const peak = request.learningRate ?? defaults.peak;
  const config: TrainingConfig = {
    protocol,
    kernel: request.kernel ?? defaults.kernel,
    dim,
    ...(request.minDim === undefined ? {} : { minDim: request.minDim }),
    ...(request.noise === undefined ? {} : { noise: request.noise }),
    batchSize: request.batchSize ?? defaults.batchSize,
    steps,
    seed: String(request.seed ?? 0),
    optimizer: defaults.optimizer,
    schedule: { peak, floor: Math.min(defaults.floor, peak), warmupSteps: defaults.warmup, totalSteps: steps },
    clipNorm: defaults.clipNorm,
    validateEvery: request.validateEvery ?? Math.min(1000, steps),
    validationBatches: request.validationBatches ?? 100,
    saveEvery: request.saveEvery ?? 200,
    logEvery: request.logEvery ?? 10,
    ...(request.initFrom === undefined ? {} : { initFrom: request.initFrom }),
  };
  return validateTrainingConfig(config);
}

/** Checks a configuration (e.g. one read from a state file); returns it. Errors name the field. */
export function validateTrainingConfig(config: TrainingConfig): TrainingConfig {
  if (!TRAINING_PROTOCOLS.includes(config.protocol)) throw new Error(`protocol: '${String(config.protocol)}' is not one of ${TRAINING_PROTOCOLS.join(', ')}`);
  const kernels = config.protocol === 'bo-prior' ? BO_KERNELS : GP_KERNELS;
  if (!kernels.includes(config.kernel)) throw new Error(`kernel: '${config.kernel}' is not one of ${kernels.join(', ')} for protocol ${config.protocol}`);
  checkedInteger('dim', config.dim, 1, config.protocol === 'bo-prior' ? 8 : config.protocol === 'gp-tnpkr' ? 2 : 1);
  if (config.minDim !== undefined) {
    if (config.protocol !== 'bo-prior') throw new Error(`minDim: only the bo-prior protocol mixes task dimensions (protocol is ${config.protocol})`);
    checkedInteger('minDim', config.minDim, 1, config.dim);
  }
  if (config.noise !== undefined) {
    if (config.protocol !== 'bo-prior') throw new Error(`noise: only the bo-prior protocol draws its noise range (protocol is ${config.protocol})`);
    checkedNoiseRange('noise', config.noise);
  }
  checkedInteger('batchSize', config.batchSize, 1);
  checkedInteger('steps', config.steps, 1);
  if (typeof config.seed !== 'string') throw new Error(`seed: expected a string, got ${JSON.stringify(config.seed)}`);
  validateOptimizerSettings(config.optimizer);
  validateSchedule(config.schedule);
  if (config.schedule.totalSteps !== config.steps) throw new Error(`schedule.totalSteps: ${config.schedule.totalSteps} differs from steps ${config.steps}`);
  if (!(config.clipNorm >= 0 && Number.isFinite(config.clipNorm))) throw new Error(`clipNorm: expected a number ≥ 0, got ${config.clipNorm}`);
  for (const key of ['validateEvery', 'validationBatches', 'saveEvery', 'logEvery'] as const) checkedInteger(key, config[key], 1);
  if (config.initFrom !== undefined) validateWarmStart(config.initFrom);
  // Fails early on combinations the samplers reject (e.g. a 2-D periodic gp-tnpkr).
  trainingBatch(config, new Rng('check'));
  return config;
}

function validateWarmStart(start: WarmStart): void {
  if (typeof start.checkpoint !== 'string' || start.checkpoint === '') throw new Error(`initFrom.checkpoint: expected a path, got ${JSON.stringify(start.checkpoint)}`);
  if (typeof start.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(start.sha256)) throw new Error(`initFrom.sha256: expected 64 hex digits, got ${JSON.stringify(start.sha256)}`);
  if (start.step !== null) checkedInteger('initFrom.step', start.step, 0);
}

/** One batch of the run's task distribution, all randomness from `rng`. */
export function trainingBatch(config: TrainingConfig, rng: Rng): TaskBatch {
  if (config.protocol === 'bo-prior') {
    return sampleBOPriorBatch(rng, {
      dim: config.dim,
      minDim: config.minDim,
      kernel: config.kernel as BOPriorKernel,
      batchSize: config.batchSize,
      domain: TRAINING_DOMAIN,
      relativeNoise: config.noise,
    });
  }
  return sampleBatch(config.protocol, config.kernel as ProtocolKernel, rng, { batchSize: config.batchSize, dim: config.dim });
}

/** Batch `step` (1-based) of the training stream: drawn from `Rng(seed).fork('train').fork(step)`. */
export function trainingStreamBatch(config: TrainingConfig, step: number): TaskBatch {
  return trainingBatch(config, new Rng(config.seed).fork('train').fork(step));
}

/** Batch `index` of the fixed validation set: drawn from `Rng(seed).fork('validation').fork(index)`. */
export function validationBatch(config: TrainingConfig, index: number): TaskBatch {
  return trainingBatch(config, new Rng(config.seed).fork('validation').fork(index));
}
