/**
 * `tnpbo train`: meta-trains a neural-process model on a protocol's task stream (models.md §9). `--out x.json`
 * names the best-validation checkpoint (`x.json` + `x.bin`); the resumable state goes to `x.state` and the
 * JSON-lines log to `x.log.jsonl`. `--resume` continues a run: the command must repeat the original settings
 * (only `--backend`, `--max-seconds`, `--json` and `--quiet` may change), and the continued run ends exactly where
 * an uninterrupted one would.
 */

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, type BackendName } from '../../surrogates/backend/index.js';
import { createModel, loadModel, MODEL_NAMES, PRESET_NAMES, resolveModelConfig, type ModelSpec, type NeuralProcess } from '../../surrogates/models/index.js';
import {
  jsonDifferences, loadTrainingState, resumeMismatch, train, trainingConfig, trainingFiles, TRAINING_PROTOCOLS, type TrainingConfig,
  type TrainingFiles, type TrainingLogRecord, type TrainingResult, type TrainingState,
} from '../../surrogates/training/index.js';
import { gracefulStopSignal } from './interrupt.js';
import { formatSeconds } from './progress.js';
import { integer, nonNegativeNumber, oneOf, positiveInteger, UsageError } from './usage.js';

/** Backends the `--backend` flag accepts. */
export const BACKEND_FLAG_VALUES: readonly BackendName[] = ['wasm', 'cpu', 'tensorflow'];

const OPTIONS = {
  model: { type: 'string' },
  preset: { type: 'string' },
  protocol: { type: 'string' },
  kernel: { type: 'string' },
  dim: { type: 'string' },
  'min-dim': { type: 'string' },
  noise: { type: 'string' },
  steps: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  'init-from': { type: 'string' },
  seed: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  'validate-every': { type: 'string' },
  'validation-batches': { type: 'string' },
  'save-every': { type: 'string' },
  'log-every': { type: 'string' },
  'max-seconds': { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

/** A parsed `tnpbo train` command. */
export interface TrainCommand {
  readonly model: ModelSpec;
  readonly config: TrainingConfig;
  readonly files: TrainingFiles;
  readonly resume: boolean;
  /** `--init-from`: the checkpoint whose weights a fresh run starts from (a warm start). */
  readonly initFrom?: string;
  readonly maxSeconds?: number;
  readonly backend?: BackendName;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** The value of a required flag; throws {@link UsageError} if it is missing. */
export function required(flag: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--${flag} is required`);
  return value;
}

/** Parses `tnpbo train` arguments; bad ones throw {@link UsageError}. */
export function parseTrainArgs(args: string[]): TrainCommand {
  const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: OPTIONS });
  const name = oneOf('model', required('model', values.model), ['tnp-kr', ...MODEL_NAMES]);
  const preset = oneOf('preset', values.preset ?? 'small', PRESET_NAMES);
  const protocol = oneOf('protocol', values.protocol ?? 'gp-standard', TRAINING_PROTOCOLS);
  const out = required('out', values.out);
  if (!out.endsWith('.json')) throw new UsageError(`--out: the checkpoint path must end in .json, got "${out}"`);
  const dim = positiveInteger('dim', values.dim, 1);
  const learningRate = values.lr === undefined ? undefined : nonNegativeNumber('lr', values.lr, 0);
  if (learningRate === 0) throw new UsageError('--lr: expected a number > 0, got "0"');
  let config: TrainingConfig;
  try {
    config = trainingConfig({
      protocol,
      steps: positiveInteger('steps', required('steps', values.steps), 0),
      seed: integer('seed', values.seed, 0),
      kernel: values.kernel,
      dim,
      minDim: values['min-dim'] === undefined ? undefined : positiveInteger('min-dim', values['min-dim'], 0),
      noise: values.noise === undefined ? undefined : noiseRange(values.noise),
      batchSize: values.batch === undefined ? undefined : positiveInteger('batch', values.batch, 0),
      learningRate,
      validateEvery: values['validate-every'] === undefined ? undefined : positiveInteger('validate-every', values['validate-every'], 0),
      validationBatches: values['validation-batches'] === undefined ? undefined : positiveInteger('validation-batches', values['validation-batches'], 0),
      saveEvery: values['save-every'] === undefined ? undefined : positiveInteger('save-every', values['save-every'], 0),
      logEvery: values['log-every'] === undefined ? undefined : positiveInteger('log-every', values['log-every'], 0),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
  return {
    model: { name, preset, xDim: dim } as ModelSpec,
    config,
    files: trainingFiles(out),
    resume: values.resume ?? false,
    ...(values['init-from'] !== undefined ? { initFrom: initFromPath(values['init-from']) } : {}),
    ...(values['max-seconds'] !== undefined ? { maxSeconds: nonNegativeNumber('max-seconds', values['max-seconds'], 0) } : {}),
    ...(values.backend !== undefined ? { backend: oneOf('backend', values.backend, BACKEND_FLAG_VALUES) } : {}),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
}

/**
 * The `--noise LOW,HIGH` value: two numbers, the relative noise range of the bo-prior tasks (whether they form a
 * valid range is checked with the rest of the training config).
 */
function noiseRange(value: string): readonly [number, number] {
  const parts = value.split(',');
  if (parts.length !== 2) throw new UsageError(`--noise: expected LOW,HIGH (e.g. 1e-4,1e-2), got "${value}"`);
  const [low, high] = parts.map((part) => nonNegativeNumber('noise', part.trim(), 0));
  return [low, high];
}

/** The `--init-from` value: a model checkpoint's manifest. */
function initFromPath(value: string): string {
  if (!value.endsWith('.json')) throw new UsageError(`--init-from: expected a checkpoint manifest (.json), got "${value}"`);
  if (!existsSync(value)) throw new UsageError(`--init-from: no checkpoint at ${value}`);
  return value;
}

/** One progress line for a log record. */
export function formatLogRecord(record: TrainingLogRecord, steps: number): string {
  const parts = [
    `step ${String(record.step).padStart(String(steps).length)}/${steps}`,
    `loss ${record.loss.toFixed(4)}`,
    `lr ${record.lr.toExponential(2)}`,
    `|g| ${record.gradNorm.toPrecision(3)}`,
    formatSeconds(record.seconds),
  ];
  if (record.validation !== undefined) {
    const v = record.validation;
    parts.push(`validation ${v.logLikelihood.toFixed(4)} (oracle ${v.oracleLogLikelihood.toFixed(4)})${v.best ? ' best' : ''}`);
  }
  return parts.join('  ');
}

/** Checks that the state file is absent for a fresh run and present for `--resume`. */
function checkStateFile(command: TrainCommand): void {
  const { state } = command.files;
  if (!command.resume && existsSync(state)) {
    throw new UsageError(`--out: a training state already exists at ${state}; add --resume to continue it or choose another --out`);
  }
  if (command.resume && !existsSync(state)) throw new UsageError(`--resume: no training state at ${state}`);
}

/**
 * The model to train and the run's configuration: fresh weights, or with `--init-from` the checkpoint's weights
 * (its architecture must be the one asked for; the configuration records the file and its SHA-256); with
 * `--resume` the saved state must agree with both.
 */
async function prepare(command: TrainCommand): Promise<{ model: NeuralProcess; config: TrainingConfig; resume?: TrainingState }> {
  const { model, config } = command.initFrom === undefined
    ? { model: createModel(command.model, command.config.seed), config: command.config }
    : await warmStart(command, command.initFrom);
  if (!command.resume) return { model, config };
  const state = await loadTrainingState(command.files.state);
  const mismatch = resumeMismatch(state, model, config);
  if (mismatch !== undefined) {
    model.dispose();
    throw new UsageError(`--resume: ${mismatch}; repeat the original command's settings`);
  }
  return { model, config, resume: state };
}

/** The model of the checkpoint at `file`, checked against the command's architecture, and the warm-start config. */
async function warmStart(command: TrainCommand, file: string): Promise<{ model: NeuralProcess; config: TrainingConfig }> {
  const { model, manifest } = await loadModel(file);
  const differences = jsonDifferences(model.config, resolveModelConfig(command.model), '');
  if (differences.length > 0) {
    model.dispose();
    throw new UsageError(`--init-from: the checkpoint ${file} is not the model asked for: it differs in ${differences.join('; ')}`);
  }
  const step = manifest.training.step;
  const initFrom = { checkpoint: file, sha256: manifest.weights.sha256, step: typeof step === 'number' ? step : null };
  return { model, config: { ...command.config, initFrom } };
}

/** The summary `train --json` prints. */
export interface TrainReport extends TrainingResult {
  readonly model: string;
  readonly preset: string;
  readonly protocol: string;
  readonly steps: number;
  readonly backend: BackendName;
  readonly checkpoint: string;
  readonly state: string;
  readonly log: string;
}

/** Runs `tnpbo train` with its arguments. */
export async function runTrainCommand(args: string[]): Promise<void> {
  const command = parseTrainArgs(args);
  checkStateFile(command);
  const backend = await initBackend(command.backend !== undefined ? { backend: command.backend } : {});
  mkdirSync(path.dirname(path.resolve(command.files.best)), { recursive: true });
  const { model, config, resume } = await prepare(command);
  const say = (line: string) => {
    if (!command.quiet) process.stderr.write(`${line}\n`);
  };
  say(`training ${model.config.name} (${model.config.preset}, ${model.parameters().count(true)} parameters) on ${config.protocol}/${config.kernel}` +
    `${config.initFrom ? `, starting from ${config.initFrom.checkpoint}` : ''}` +
    `${resume ? `, resuming at step ${resume.progress.step}` : ''}; ${config.steps} steps of ${config.batchSize} tasks`);
  const stop = gracefulStopSignal();
  try {
    const result = await train({
      model,
      config,
      files: command.files,
      ...(resume !== undefined ? { resume } : {}),
      ...(command.maxSeconds !== undefined ? { maxSeconds: command.maxSeconds } : {}),
      signal: stop.signal,
      extras: { backend: backend.name, tfjsVersion: backend.tfjsVersion },
      onLog: (record) => say(formatLogRecord(record, config.steps)),
    });
    const report: TrainReport = {
      model: model.config.name,
      preset: model.config.preset,
      protocol: config.protocol,
      steps: config.steps,
      backend: backend.name,
      ...result,
      checkpoint: command.files.best,
      state: command.files.state,
      log: command.files.log,
    };
    if (command.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    const best = result.bestValidation === null ? 'no validation yet' : `best validation ${result.bestValidation.toFixed(4)} at step ${result.bestStep}`;
    process.stdout.write(
      `${result.finished ? 'finished' : 'stopped'} at step ${result.step}/${config.steps} (${formatSeconds(result.seconds)} in all, ` +
        `median ${result.stepMilliseconds.toFixed(0)} ms/step this session); ${best}\n` +
        `checkpoint ${command.files.best}, state ${command.files.state}, log ${command.files.log}\n`,
    );
  } finally {
    stop.release();
    model.dispose();
  }
}
