/**
 * `tnpbo eval`: scores a trained checkpoint on the fixed seeded evaluation set of a GP protocol, next to the
 * oracle GP on the same tasks (models.md §9.2–§9.3). `--model` is a checkpoint file (`x.json`) or the name of a
 * committed checkpoint, `surrogates/weights/<name>.json`.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, type BackendName } from '../../surrogates/backend/index.js';
import { weightsDirectory } from '../shipped-weights.js';
import { loadModel } from '../../surrogates/models/index.js';
import { evaluateProtocol, type GPProtocol, type ProtocolKernel } from '../../surrogates/training/index.js';
import { BACKEND_FLAG_VALUES, required } from './train.js';
import { integer, oneOf, positiveInteger, UsageError } from './usage.js';

/**
 * The manifest path for `--model`: a path (it contains a `/` or ends in `.json`) as given, else a committed
 * checkpoint name in `weightsDir`. A missing file is a {@link UsageError} naming it.
 */
export function resolveCheckpoint(value: string, weightsDir: string = weightsDirectory()): string {
  const isPath = value.endsWith('.json') || value.includes('/') || value.includes(path.sep);
  if (isPath) {
    const file = value.endsWith('.json') ? value : `${value}.json`;
    if (!existsSync(file)) throw new UsageError(`--model: no checkpoint file ${file}`);
    return file;
  }
  const file = path.join(weightsDir, `${value}.json`);
  if (!existsSync(file)) throw new UsageError(`--model: no committed checkpoint named "${value}" (no file ${file})`);
  return file;
}

/** The document `eval --json` prints. */
export interface EvalReport {
  /** `--model` as given. */
  readonly model: string;
  readonly protocol: GPProtocol;
  readonly kernel: ProtocolKernel;
  /** Tasks (functions) scored. */
  readonly tasks: number;
  /** The model's mean of batch-mean target log-likelihoods. */
  readonly logLikelihood: number;
  /** The oracle GP's score on the same tasks. */
  readonly oracleLogLikelihood: number;
  /** Seconds the model spent scoring. */
  readonly seconds: number;
}

/** A parsed `tnpbo eval` command. */
export interface EvalCommand {
  /** `--model` as given. */
  readonly model: string;
  /** The checkpoint manifest it resolves to. */
  readonly file: string;
  readonly protocol: GPProtocol;
  readonly kernel: ProtocolKernel;
  readonly batches: number;
  readonly seed: number;
  readonly backend?: BackendName;
  readonly json: boolean;
}

/** Parses `tnpbo eval` arguments (and resolves the checkpoint); bad ones throw {@link UsageError}. */
export function parseEvalArgs(args: string[], weightsDir?: string): EvalCommand {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      model: { type: 'string' },
      protocol: { type: 'string' },
      kernel: { type: 'string' },
      batches: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const model = required('model', values.model);
  const protocol = oneOf<GPProtocol>('protocol', required('protocol', values.protocol), ['gp-standard', 'gp-tnpkr']);
  const kernel = oneOf<ProtocolKernel>('kernel', values.kernel ?? 'rbf', ['rbf', 'matern', 'periodic']);
  const batches = positiveInteger('batches', required('batches', values.batches), 0);
  const seed = integer('seed', values.seed, 0);
  return {
    model,
    file: resolveCheckpoint(model, weightsDir),
    protocol,
    kernel,
    batches,
    seed,
    ...(values.backend !== undefined ? { backend: oneOf('backend', values.backend, BACKEND_FLAG_VALUES) } : {}),
    json: values.json ?? false,
  };
}

/** Runs `tnpbo eval` with its arguments. */
export async function runEvalCommand(args: string[]): Promise<void> {
  const { model: modelArg, file, protocol, kernel, batches, seed, backend, json } = parseEvalArgs(args);
  await initBackend(backend !== undefined ? { backend } : {});
  const { model } = await loadModel(file);
  try {
    const maxDim = protocol === 'gp-tnpkr' && kernel === 'rbf' ? 2 : 1;
    if (model.config.xDim > maxDim) throw new UsageError(`--model: ${file} takes ${model.config.xDim}-D inputs; ${protocol}/${kernel} tasks are at most ${maxDim}-D`);
    const result = evaluateProtocol(model, { protocol, kernel, batches, seed, sampling: { dim: model.config.xDim } });
    const report: EvalReport = {
      model: modelArg,
      protocol,
      kernel,
      tasks: result.tasks,
      logLikelihood: result.logLikelihood,
      oracleLogLikelihood: result.oracleLogLikelihood,
      seconds: result.seconds,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    const se = (x: number) => (Number.isNaN(x) ? '' : ` ± ${x.toFixed(4)}`);
    process.stdout.write(
      `${model.config.name} (${file}) on ${protocol}/${kernel}, ${result.tasks} tasks in ${result.batches} batches (seed ${seed}):\n` +
        `  model  log-likelihood ${result.logLikelihood.toFixed(4)}${se(result.standardError)} (${result.seconds.toFixed(1)} s)\n` +
        `  oracle log-likelihood ${result.oracleLogLikelihood.toFixed(4)}${se(result.oracleStandardError)}\n`,
    );
  } finally {
    model.dispose();
  }
}
