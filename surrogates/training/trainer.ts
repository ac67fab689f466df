/**
 * Trains any {@link NeuralProcess} on a protocol's task stream (models.md §9). Step `k` (1-based) draws a fresh
 * batch from `Rng(seed).fork('train').fork(k)` and its latent samples from `Rng(seed).fork('latent').fork(k)`,
 * takes gradients of `model.loss`, clips them by global norm and applies Adam or Yogi at the schedule's rate, all
 * in one `tf.tidy`. Every `validateEvery` steps (and after the last) the model is scored on a fixed seeded
 * validation set; the best-scoring weights are saved as a model checkpoint whose manifest records the model
 * configuration, the training configuration, the step and the metrics. Every `saveEvery` steps (and when a session
 * ends) the resumable state — weights, optimiser moments, counters — is written atomically; a session resumed
 * from it continues exactly as an uninterrupted run would (the batches depend on the step only, the state holds
 * every float that changes). A JSON-lines log records step, loss, learning rate, gradient norm, seconds and
 * validation scores.
 *
 * Exactness caveat: models with stateful random streams used during training (the Performer's feature redraws,
 * `performerRedrawEvery > 0`) restart those streams on resume.
 */

import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng.js';
import type { Json } from '../nn/checkpoint.js';
import { saveModel } from '../models/model-checkpoint.js';
import type { NeuralProcess } from '../models/neural-process.js';
import { evaluateOnBatches, type EvaluationReport } from './evaluate.js';
import { toNpBatch } from './np-batch.js';
import { clipByGlobalNorm, learningRateAt, MomentOptimizer } from './optimizers.js';
import type { TaskBatch } from './task-batch.js';
import { trainingStreamBatch, validationBatch, type TrainingConfig } from './training-config.js';
import { saveTrainingState, type TrainingProgress, type TrainingState } from './training-state.js';

/** Where a run keeps its files. */
export interface TrainingFiles {
  /** The best-validation model checkpoint (a `.json` manifest; weights in the `.bin` next to it). */
  readonly best: string;
  /** The resumable training state. */
  readonly state: string;
  /** The JSON-lines log. */
  readonly log: string;
}

/** The files of a run whose best checkpoint is `best` (`x.json`): `x.state` and `x.log.jsonl` next to it. */
export function trainingFiles(best: string): TrainingFiles {
  if (!best.endsWith('.json')) throw new Error(`out: the checkpoint path must end in '.json', got '${best}'`);
  const stem = best.slice(0, -'.json'.length);
  return { best, state: `${stem}.state`, log: `${stem}.log.jsonl` };
}

/** Validation scores at one step. */
export interface ValidationRecord {
  /** The model's mean of batch-mean target log-likelihoods on the validation set. */
  readonly logLikelihood: number;
  /** The oracle GP's score on the same tasks. */
  readonly oracleLogLikelihood: number;
  /** Whether this is the best so far (the checkpoint was written). */
  readonly best: boolean;
}

/** One line of the log. */
export interface TrainingLogRecord {
  readonly step: number;
  /** Mean training loss over the steps since the previous line of this session. */
  readonly loss: number;
  /** Learning rate of this step. */
  readonly lr: number;
  /** Global gradient norm of this step, before clipping. */
  readonly gradNorm: number;
  /** Cumulative training seconds over all sessions. */
  readonly seconds: number;
  readonly validation?: ValidationRecord;
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** The model; with `resume`, its weights are replaced by the state's. */
  readonly model: NeuralProcess;
  readonly config: TrainingConfig;
  readonly files: TrainingFiles;
  /** A state read by `loadTrainingState` to continue from (its model and training config must match). */
  readonly resume?: TrainingState;
  /** End this session after this step (the state is saved); default: the run's last step. */
  readonly stopAtStep?: number;
  /** End this session, after saving the state, once it has run this many seconds. */
  readonly maxSeconds?: number;
  /** End this session, after the current step and saving the state, once this signal aborts (e.g. on Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Extra fields for the checkpoint's `training` section (e.g. the backend). */
  readonly extras?: { readonly [key: string]: Json };
  /** Called with every log record (e.g. to report progress). */
  readonly onLog?: (record: TrainingLogRecord) => void;
}

/** What a session did. */
export interface TrainingResult {
  /** Steps completed over all sessions. */
  readonly step: number;
  /** Whether the run reached its last step. */
  readonly finished: boolean;
  readonly bestValidation: number | null;
  readonly bestStep: number;
  /** Cumulative training seconds over all sessions. */
  readonly seconds: number;
  /** Median milliseconds per training step in this session, its first step excluded (NaN if fewer than 2 steps). */
  readonly stepMilliseconds: number;
}

/** The manifest-style `model` section of a model: its configuration plus its seed. */
export function modelDescription(model: NeuralProcess): { [key: string]: Json } {
  return { ...(model.config as unknown as { [key: string]: Json }), seed: model.seed };
}

/** Paths (`a.b`) where two JSON values differ, each with both values. */
export function jsonDifferences(a: unknown, b: unknown, path: string): string[] {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => jsonDifferences(a[key], b[key], path === '' ? key : `${path}.${key}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path} (saved ${JSON.stringify(a)}, now ${JSON.stringify(b)})`];
}

/** Why `state` cannot be resumed with this model and configuration, or undefined if it can. */
export function resumeMismatch(state: TrainingState, model: NeuralProcess, config: TrainingConfig): string | undefined {
  const found = [
    ...jsonDifferences(state.model, modelDescription(model), 'model'),
    ...jsonDifferences(state.training, config, 'training'),
  ];
  return found.length === 0 ? undefined : `the saved run differs in ${found.join('; ')}`;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Keeps the log lines of steps ≤ `step` (a resumed session replays the rest) and drops a line cut short by a
 * killed process; creates the file if missing.
 */
async function truncateLog(path: string, step: number): Promise<void> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const stepOf = (line: string): number => {
    try {
      return (JSON.parse(line) as TrainingLogRecord).step;
    } catch {
      return Infinity;
    }
  };
  const kept = text.split('\n').filter((line) => stepOf(line) <= step);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temporary, kept.map((line) => `${line}\n`).join(''));
  await rename(temporary, path);
}

/** Runs (or continues) a training session; see the module comment. */
export async function train(options: TrainOptions): Promise<TrainingResult> {
  const { model, config, files } = options;
  const store = model.parameters();
  const variables = store.trainableVariables();
  const optimizer = new MomentOptimizer(config.optimizer, variables);
  try {
    let progress: TrainingProgress = { step: 0, seconds: 0, bestValidation: null, bestStep: 0 };
    if (options.resume !== undefined) {
      const mismatch = resumeMismatch(options.resume, model, config);
      if (mismatch !== undefined) throw new Error(`resume ${files.state}: ${mismatch}`);
      for (const p of options.resume.parameters) store.assign(p.name, p.values);
      optimizer.restore(options.resume.optimizer);
      progress = options.resume.progress;
    }
    await truncateLog(files.log, progress.step);

    const root = new Rng(config.seed);
    const latentStream = root.fork('latent');
    const validationSet: TaskBatch[] = Array.from({ length: config.validationBatches }, (_, k) => validationBatch(config, k));
    const lastStep = Math.min(config.steps, options.stopAtStep ?? config.steps);
    const sessionStarted = performance.now();
    const stepTimes: number[] = [];
    let intervalLoss = 0;
    let intervalSteps = 0;
    let savedStep = progress.step;

    const saveState = async (): Promise<void> => {
      const parameters = store.list().map((e) => ({ name: e.name, shape: e.variable.shape, values: Float32Array.from(e.variable.dataSync() as Float32Array) }));
      await saveTrainingState(files.state, { model: modelDescription(model), training: config, progress, parameters, optimizer: optimizer.state() });
      savedStep = progress.step;
    };

    const validate = async (step: number): Promise<ValidationRecord> => {
      const report: EvaluationReport = evaluateOnBatches(model, validationSet, root.fork('validation-latent'));
      const best = progress.bestValidation === null || report.logLikelihood > progress.bestValidation;
      if (best) {
        progress = { ...progress, bestValidation: report.logLikelihood, bestStep: step };
        await saveModel(model, files.best, {
          training: { ...(config as unknown as { [key: string]: Json }), step, ...options.extras },
          metrics: {
            step,
            validationLogLikelihood: report.logLikelihood,
            validationStandardError: report.standardError,
            validationOracleLogLikelihood: report.oracleLogLikelihood,
            validationTasks: report.tasks,
          },
        });
      }
      return { logLikelihood: report.logLikelihood, oracleLogLikelihood: report.oracleLogLikelihood, best };
    };

    const firstStep = progress.step + 1;
    for (let step = firstStep; step <= lastStep; step++) {
      const started = performance.now();
      const lr = learningRateAt(config.schedule, step);
      const batch = trainingStreamBatch(config, step);
      const outputs = tf.tidy(() => {
        const tensors = toNpBatch(batch);
        const { value, grads } = tf.variableGrads(() => model.loss(tensors, latentStream.fork(step)), variables);
        const { clipped, norm } = clipByGlobalNorm(variables.map((v) => grads[v.name]), config.clipNorm);
        optimizer.apply(clipped, lr);
        return tf.stack([value, norm]);
      });
      const [loss, gradNorm] = outputs.dataSync();
      outputs.dispose();
      model.afterTrainingStep(step);
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        throw new Error(`training: step ${step} gave loss ${loss} and gradient norm ${gradNorm}; the last good state is step ${savedStep} in ${files.state}`);
      }
      const stepMs = performance.now() - started;
      if (step !== firstStep) stepTimes.push(stepMs);
      intervalLoss += loss;
      intervalSteps += 1;

      const validation = step % config.validateEvery === 0 || step === config.steps ? await validate(step) : undefined;
      progress = { ...progress, step, seconds: progress.seconds + (performance.now() - started) / 1000 };
      if (step % config.logEvery === 0 || validation !== undefined || step === lastStep) {
        const record: TrainingLogRecord = { step, loss: intervalLoss / intervalSteps, lr, gradNorm, seconds: progress.seconds, ...(validation ? { validation } : {}) };
        await appendFile(files.log, `${JSON.stringify(record)}\n`);
        options.onLog?.(record);
        intervalLoss = 0;
        intervalSteps = 0;
      }
      if (step % config.saveEvery === 0) await saveState();
      if (options.maxSeconds !== undefined && (performance.now() - sessionStarted) / 1000 >= options.maxSeconds) break;
      // A turn of the event loop per step, so that a signal handler can abort the session between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) break;
    }
    if (savedStep !== progress.step || options.resume === undefined) await saveState();
    return {
      step: progress.step,
      finished: progress.step >= config.steps,
      bestValidation: progress.bestValidation,
      bestStep: progress.bestStep,
      seconds: progress.seconds,
      stepMilliseconds: median(stepTimes),
    };
  } finally {
    optimizer.dispose();
  }
}
