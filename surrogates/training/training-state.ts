/**
 * The resumable state of a training run in one file, written atomically (a temporary file renamed over the old
 * one, so a run killed at any moment leaves either the previous or the new state): one line of JSON (format,
 * version, the model's configuration and seed, the training configuration, the progress counters, the tensor table
 * and a SHA-256 of the data), a newline, then little-endian float32 data: every model parameter, then the
 * optimiser's first and second moments.
 */

import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Json } from '../nn/checkpoint.js';
import type { OptimizerState } from './optimizers.js';
import { validateTrainingConfig, type TrainingConfig } from './training-config.js';

/** Identifies tnpbo training-state files. */
export const TRAINING_STATE_FORMAT = 'tnpbo-training-state';

/** The version this code writes and reads. */
export const TRAINING_STATE_VERSION = 1;

/** Counters of a run that a resumed session continues from. */
export interface TrainingProgress {
  /** Optimiser steps completed. */
  readonly step: number;
  /** Wall-clock seconds spent in training steps and validation over all sessions. */
  readonly seconds: number;
  /** Best validation log-likelihood so far (null before the first validation). */
  readonly bestValidation: number | null;
  /** The step of `bestValidation` (0 before the first validation). */
  readonly bestStep: number;
}

/** One named tensor of a saved state. */
export interface StateTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Everything a training run needs to continue exactly. */
export interface TrainingState {
  /** The model's complete configuration plus its `seed` (as in a checkpoint's `model` section). */
  readonly model: { readonly [key: string]: Json };
  readonly training: TrainingConfig;
  readonly progress: TrainingProgress;
  /** Every model parameter, in the model's order. */
  readonly parameters: readonly StateTensor[];
  /** The optimiser's moments (over the trainable parameters, in order) and step count. */
  readonly optimizer: OptimizerState;
}

/** The JSON header line. */
interface Header {
  readonly format: string;
  readonly version: number;
  readonly model: { readonly [key: string]: Json };
  readonly training: TrainingConfig;
  readonly progress: TrainingProgress;
  readonly optimizerStep: number;
  readonly parameters: readonly { readonly name: string; readonly shape: readonly number[] }[];
  /** Sizes of the moment arrays, in order. */
  readonly moments: readonly number[];
  readonly byteLength: number;
  readonly sha256: string;
}

function fail(file: string, problem: string): never {
  throw new Error(`training state ${file}: ${problem}`);
}

/** Writes `state` to `path` atomically. */
export async function saveTrainingState(path: string, state: TrainingState): Promise<void> {
  const arrays = [...state.parameters.map((p) => p.values), ...state.optimizer.first, ...state.optimizer.second];
  const floats = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const array of arrays) {
    floats.set(array, offset);
    offset += array.length;
  }
  const data = new Uint8Array(floats.buffer);
  const header: Header = {
    format: TRAINING_STATE_FORMAT,
    version: TRAINING_STATE_VERSION,
    model: state.model,
    training: state.training,
    progress: state.progress,
    optimizerStep: state.optimizer.step,
    parameters: state.parameters.map(({ name, shape }) => ({ name, shape })),
    moments: state.optimizer.first.map((m) => m.length),
    byteLength: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temporary, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), data]));
  await rename(temporary, path);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and verifies a state written by {@link saveTrainingState}; errors name the file and the problem. */
export async function loadTrainingState(path: string): Promise<TrainingState> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    fail(path, `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const newline = bytes.indexOf(10);
  if (newline < 0) fail(path, 'no header line');
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Header;
  } catch (error) {
    fail(path, `the header is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(header) || header.format !== TRAINING_STATE_FORMAT) fail(path, `not a ${TRAINING_STATE_FORMAT} file`);
  if (header.version !== TRAINING_STATE_VERSION) fail(path, `version ${JSON.stringify(header.version)} is not supported (this tnpbo reads ${TRAINING_STATE_VERSION})`);
  if (!isObject(header.model) || !isObject(header.progress) || !Array.isArray(header.parameters) || !Array.isArray(header.moments)) {
    fail(path, 'the header lacks model, progress, parameters or moments');
  }
  let training: TrainingConfig;
  try {
    training = validateTrainingConfig(header.training);
  } catch (error) {
    fail(path, `training: ${(error as Error).message}`);
  }
  const data = new Uint8Array(bytes.subarray(newline + 1));
  if (data.length !== header.byteLength) fail(path, `${data.length} data bytes, the header says ${header.byteLength} (truncated?)`);
  if (data.length % 4 !== 0) fail(path, `${data.length} data bytes is not a whole number of float32 values`);
  if (createHash('sha256').update(data).digest('hex') !== header.sha256) fail(path, 'corrupt: the SHA-256 of the data does not match the header');
  const floats = new Float32Array(data.buffer, data.byteOffset, data.length / 4);
  let offset = 0;
  const take = (size: number): Float32Array => {
    if (!Number.isInteger(size) || size < 0 || offset + size > floats.length) fail(path, 'the tensor table does not fit the data');
    const values = floats.slice(offset, offset + size);
    offset += size;
    return values;
  };
  const parameters = header.parameters.map(({ name, shape }) => ({ name, shape, values: take(shape.reduce((a: number, b: number) => a * b, 1)) }));
  const first = header.moments.map(take);
  const second = header.moments.map(take);
  if (offset !== floats.length) fail(path, `${floats.length - offset} floats left over after the tensor table`);
  return { model: header.model, training, progress: header.progress, parameters, optimizer: { step: header.optimizerStep, first, second } };
}
