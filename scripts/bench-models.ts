/**
 * `npm run bench:models`: the results table of the neural-process models trained on RBF tasks of the standard 1-D
 * GP protocol (models.md §9.2). For every model it reads the committed checkpoint `<weights>/<model>-gp1d.json` and
 * scores it on each kernel's evaluation set next to the oracle GP on the same tasks; it adds the parameter count,
 * the training steps and wall time (from the run log), and the published figures. Writes models.md and models.json
 * (see src/bench/np-models/document.ts) to the output folder.
 *
 * Each (model, kernel) cell is evaluated in its own child process, so one failure loses nothing else, and is cached
 * under `--cache` keyed by the weights' SHA-256, the batches and the seed: a killed run resumes where it stopped
 * and a retrained model is evaluated again. The report is rewritten after every cell. A model without a
 * checkpoint is a "not trained yet" row.
 *
 * Options: --batches N (default 1000 batches of 16 tasks per kernel; the papers use 3000), --models a,b (default
 * all seven), --kernels a,b (default rbf,matern,periodic), --seed S (evaluation-set seed, default 0), --weights DIR
 * (default the package's surrogates/weights, or $TNPBO_WEIGHTS_DIR), --runs DIR (training runs with their logs,
 * default training-runs), --out DIR (default docs/benchmarks), --cache DIR (default .bench-cache/models), --fresh (ignore
 * cached cells).
 */

import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { UsageError, integer, listOf, positiveInteger } from '../src/cli/usage.js';
import { describeMachine } from '../src/bench/environment.js';
import { readCachedCell, writeCachedCell, type CellKey } from '../src/bench/np-models/cell-cache.js';
import type { Cell, CellResult, ModelRow, ModelTableDocument, TrainedRow } from '../src/bench/np-models/document.js';
import { PUBLISHED_GP_STANDARD } from '../src/bench/np-models/published-figures.js';
import { KERNEL_TITLES, formatDuration, formatScore, renderModelTable } from '../src/bench/np-models/report.js';
import { trainedRow, type RowIdentity, type RunLogSource } from '../src/bench/np-models/trained-row.js';
import { weightsDirectory } from '../src/shipped-weights.js';
import { initBackend, type BackendInfo } from '../surrogates/backend/index.js';
import { MODEL_NAMES, loadModel, type ModelName } from '../surrogates/models/index.js';
import { readCheckpoint } from '../surrogates/nn/checkpoint.js';
import { evaluateProtocol, trainingFiles, type ProtocolKernel } from '../surrogates/training/index.js';

const KERNELS: readonly ProtocolKernel[] = ['rbf', 'matern', 'periodic'];

/** The suffix of the table's checkpoint names. */
const CHECKPOINT_SUFFIX = '-gp1d';

/** Parsed command-line options. */
interface Options {
  readonly batches: number;
  readonly models: readonly ModelName[];
  readonly kernels: readonly ProtocolKernel[];
  readonly seed: number;
  readonly weights: string;
  readonly runs: string;
  readonly out: string;
  readonly cache: string;
  readonly fresh: boolean;
  /** The command that reproduces this run, for the report. */
  readonly command: string;
}

/** One cell's evaluation, done by a child process. */
interface CellJob {
  /** Checkpoint manifest. */
  readonly file: string;
  readonly kernel: ProtocolKernel;
  readonly batches: number;
  readonly seed: number;
}

/** What a child sends back. */
type ChildMessage = { readonly result: CellResult } | { readonly error: string };

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      batches: { type: 'string' }, models: { type: 'string' }, kernels: { type: 'string' }, seed: { type: 'string' },
      weights: { type: 'string' }, runs: { type: 'string' }, out: { type: 'string' }, cache: { type: 'string' }, fresh: { type: 'boolean' },
    },
  });
  const options = {
    batches: positiveInteger('batches', values.batches, 1000),
    models: values.models === undefined ? MODEL_NAMES : listOf('models', values.models, MODEL_NAMES),
    kernels: values.kernels === undefined ? KERNELS : listOf('kernels', values.kernels, KERNELS),
    seed: integer('seed', values.seed, 0),
    weights: values.weights ?? weightsDirectory(),
    runs: values.runs ?? 'training-runs',
    out: values.out ?? 'docs/benchmarks',
    cache: values.cache ?? '.bench-cache/models',
    fresh: values.fresh ?? false,
  };
  const explicit = (['models', 'kernels', 'weights', 'runs', 'out'] as const).filter((key) => values[key] !== undefined).map((key) => ` --${key} ${values[key]}`);
  return { ...options, command: `npm run bench:models -- --batches ${options.batches} --seed ${options.seed}${explicit.join('')}` };
}

function describeBackend(info: BackendInfo): string {
  const details = [...(info.simd === undefined ? [] : [info.simd ? 'SIMD' : 'no SIMD']), ...(info.name === 'wasm' ? [info.fastKernels ? 'fast kernels' : 'stock kernels'] : [])];
  return details.length === 0 ? info.name : `${info.name} (${details.join(', ')})`;
}

/** Child side: scores the checkpoint on the kernel's evaluation set, next to the oracle. */
async function evaluateCell(job: CellJob): Promise<CellResult> {
  const info = await initBackend({ report: () => {} });
  const { model } = await loadModel(job.file);
  try {
    const report = evaluateProtocol(model, { protocol: 'gp-standard', kernel: job.kernel, batches: job.batches, seed: job.seed, sampling: { dim: 1 } });
    const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
    return {
      kernel: job.kernel,
      batches: report.batches,
      tasks: report.tasks,
      logLikelihood: report.logLikelihood,
      standardError: finiteOrNull(report.standardError),
      oracleLogLikelihood: report.oracleLogLikelihood,
      oracleStandardError: finiteOrNull(report.oracleStandardError),
      seconds: report.seconds,
      backend: describeBackend(info),
    };
  } finally {
    model.dispose();
  }
}

/**
 * Parent side: runs {@link evaluateCell} in a child process; its failure (or crash) becomes a {@link CellFailure}.
 * SIGINT or SIGTERM to this process ends the child too (busy evaluating, it would not notice its parent's end).
 */
function runCellInChild(job: CellJob): Promise<Cell> {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const stop = (signal: NodeJS.Signals): void => {
      child.kill(signal);
      process.exit(128 + os.constants.signals[signal]);
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
    let message: ChildMessage | undefined;
    child.on('message', (m) => {
      message = m as ChildMessage;
    });
    child.on('exit', (code, signal) => {
      process.removeListener('SIGINT', stop).removeListener('SIGTERM', stop);
      if (message !== undefined && 'result' in message) resolve(message.result);
      else resolve({ kernel: job.kernel, error: message?.error ?? `the evaluation process exited with ${code ?? signal} before reporting` });
    });
  });
}

/** The checkpoint's run log: next to it (the trainer's layout), else `<runs>/<name>/<name>.log.jsonl`. */
function findRunLog(manifestFile: string, runs: string, checkpoint: string): RunLogSource | undefined {
  const candidates = [trainingFiles(manifestFile).log, path.join(runs, checkpoint, `${checkpoint}.log.jsonl`)];
  const file = candidates.find((f) => existsSync(f));
  return file === undefined ? undefined : { file: path.relative(process.cwd(), file), text: readFileSync(file, 'utf8') };
}

/** The row of `model` without cells: missing, unusable, or trained. */
async function rowWithoutCells(model: ModelName, options: Options): Promise<ModelRow> {
  const checkpoint = `${model}${CHECKPOINT_SUFFIX}`;
  const manifestFile = path.join(options.weights, `${checkpoint}.json`);
  const identity: RowIdentity = { model, checkpoint, file: path.relative(process.cwd(), manifestFile), published: PUBLISHED_GP_STANDARD[model] ?? null };
  if (!existsSync(manifestFile)) return { ...identity, status: 'not trained yet' };
  try {
    const { manifest } = await readCheckpoint(manifestFile);
    return trainedRow(identity, manifest, findRunLog(manifestFile, options.runs, checkpoint));
  } catch (error) {
    return { ...identity, status: 'unusable', reason: (error as Error).message };
  }
}

function writeReport(options: Options, rows: readonly ModelRow[], date: string, loadAtStart: number): void {
  const doc: ModelTableDocument = {
    date,
    machine: describeMachine(),
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
    tfjsVersion: tf.version.tfjs,
    command: options.command,
    protocol: 'gp-standard',
    batches: options.batches,
    seed: options.seed,
    kernels: options.kernels,
    rows,
  };
  mkdirSync(options.out, { recursive: true });
  writeFileSync(path.join(options.out, 'models.json'), `${JSON.stringify(doc, null, 2)}\n`);
  writeFileSync(path.join(options.out, 'models.md'), renderModelTable(doc));
}

function describeCell(cell: Cell): string {
  if ('error' in cell) return `failed: ${cell.error}`;
  return `${formatScore(cell.logLikelihood, cell.standardError)} (oracle ${cell.oracleLogLikelihood.toFixed(3)}), ${formatDuration(cell.seconds)}`;
}

/** Evaluates every missing cell, rewriting the report after each. */
async function run(options: Options): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  const loadAtStart = os.loadavg()[0];
  const rows: ModelRow[] = [];
  for (const model of options.models) rows.push(await rowWithoutCells(model, options));
  writeReport(options, rows, date, loadAtStart);
  for (const [i, row] of rows.entries()) {
    if (row.status !== 'trained') {
      process.stderr.write(`${row.model}: ${row.status === 'unusable' ? `not used: ${row.reason}` : 'not trained yet'}\n`);
      continue;
    }
    let current: TrainedRow = row;
    for (const kernel of options.kernels) {
      const key: CellKey = { checkpoint: row.checkpoint, kernel, sha256: row.sha256, batches: options.batches, seed: options.seed };
      const cached = options.fresh ? undefined : readCachedCell<CellResult>(options.cache, key);
      const cell = cached ?? (await runCellInChild({ file: path.join(options.weights, `${row.checkpoint}.json`), kernel, batches: options.batches, seed: options.seed }));
      if (cached === undefined && !('error' in cell)) writeCachedCell(options.cache, key, cell);
      current = { ...current, cells: [...current.cells, cell] };
      rows[i] = current;
      writeReport(options, rows, date, loadAtStart);
      process.stderr.write(`${row.model} on ${KERNEL_TITLES[kernel]}: ${describeCell(cell)}${cached === undefined ? '' : ' (cached)'}\n`);
    }
  }
  process.stderr.write(`wrote ${path.join(options.out, 'models.md')} and models.json\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    let message: ChildMessage;
    try {
      message = { result: await evaluateCell(JSON.parse(args[1]) as CellJob) };
    } catch (error) {
      message = { error: (error as Error).message };
    }
    process.send!(message);
    return;
  }
  try {
    await run(parseOptions(args));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(error instanceof UsageError) && !(typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) throw error;
    process.stderr.write(`bench-models: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}

await main();
