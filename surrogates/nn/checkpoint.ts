/**
 * Versioned checkpoints for any model built on a {@link ParameterStore}: a JSON manifest (`<name>.json`) with
 * the model config, training config, metrics, the tensor table and a SHA-256 checksum, next to a little-endian
 * float32 binary (`<name>.bin`) holding every parameter in manifest order. Loading validates everything and fails
 * with an error that names the file and the problem.
 */

import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ParameterStore } from './parameters.js';

/** Identifies tnpbo checkpoint manifests. */
export const CHECKPOINT_FORMAT = 'tnpbo-checkpoint';

/** The manifest version this code writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One tensor of the binary file. */
export interface CheckpointTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  /** Byte offset in the binary file. */
  readonly offset: number;
  readonly trainable: boolean;
}

/** The manifest (`<name>.json`). */
export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  /** Everything needed to rebuild the model (architecture name, sizes, …). */
  readonly model: { readonly [key: string]: Json };
  /** How it was trained (protocol, optimiser, steps, seed, backend, …). */
  readonly training: { readonly [key: string]: Json };
  /** Evaluation results. */
  readonly metrics: { readonly [key: string]: Json };
  /** tfjs version that wrote the checkpoint. */
  readonly tfjsVersion: string;
  readonly weights: { readonly file: string; readonly byteLength: number; readonly sha256: string };
  readonly tensors: readonly CheckpointTensor[];
}

/** What a caller supplies besides the parameters. */
export interface CheckpointContent {
  readonly model: { readonly [key: string]: Json };
  readonly training?: { readonly [key: string]: Json };
  readonly metrics?: { readonly [key: string]: Json };
}

/** A checkpoint read from disk and verified, not yet loaded into a model. */
export interface CheckpointData {
  readonly manifest: CheckpointManifest;
  /** Values per tensor name. */
  readonly values: ReadonlyMap<string, Float32Array>;
}

function fail(file: string, problem: string): never {
  throw new Error(`checkpoint ${file}: ${problem}`);
}

function binaryPathFor(manifestPath: string): string {
  if (!manifestPath.endsWith('.json')) fail(manifestPath, "the manifest path must end in '.json'");
  return manifestPath.slice(0, -'.json'.length) + '.bin';
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes a file through a temporary name so that readers never see a half-written file. */
async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/**
 * Saves every parameter of `store` with the given metadata to `manifestPath` (must end in `.json`) and the
 * binary next to it. Returns the manifest written.
 */
export async function saveCheckpoint(
  manifestPath: string,
  store: ParameterStore,
  content: CheckpointContent,
): Promise<CheckpointManifest> {
  const binaryPath = binaryPathFor(manifestPath);
  const entries = store.list();
  const tensors: CheckpointTensor[] = [];
  let byteLength = 0;
  for (const entry of entries) {
    tensors.push({ name: entry.name, shape: entry.variable.shape, dtype: 'float32', offset: byteLength, trainable: entry.trainable });
    byteLength += 4 * entry.variable.size;
  }
  const floats = new Float32Array(byteLength / 4);
  entries.forEach((entry, i) => floats.set(entry.variable.dataSync() as Float32Array, tensors[i].offset / 4));
  const bytes = new Uint8Array(floats.buffer);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('saveCheckpoint: big-endian hosts are not supported');
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: content.model,
    training: content.training ?? {},
    metrics: content.metrics ?? {},
    tfjsVersion: tf.version.tfjs,
    weights: { file: basename(binaryPath), byteLength, sha256: sha256(bytes) },
    tensors,
  };
  await writeAtomically(binaryPath, bytes);
  await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the manifest's structure; returns it typed. */
function validateManifest(file: string, raw: unknown): CheckpointManifest {
  if (!isObject(raw)) fail(file, 'the manifest is not a JSON object');
  if (raw.format !== CHECKPOINT_FORMAT) fail(file, `format is ${JSON.stringify(raw.format)}, expected '${CHECKPOINT_FORMAT}'`);
  if (raw.version !== CHECKPOINT_VERSION) {
    fail(file, `version ${JSON.stringify(raw.version)} is not supported (this tnpbo reads version ${CHECKPOINT_VERSION})`);
  }
  for (const key of ['model', 'training', 'metrics', 'weights'] as const) {
    if (!isObject(raw[key])) fail(file, `'${key}' must be an object`);
  }
  const weights = raw.weights as Record<string, unknown>;
  if (typeof weights.file !== 'string' || weights.file === '' || basename(weights.file) !== weights.file) {
    fail(file, "'weights.file' must be a file name in the manifest's folder");
  }
  if (!Number.isInteger(weights.byteLength) || (weights.byteLength as number) < 0) fail(file, "'weights.byteLength' must be a non-negative integer");
  if (typeof weights.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(weights.sha256)) fail(file, "'weights.sha256' must be 64 hex digits");
  if (!Array.isArray(raw.tensors)) fail(file, "'tensors' must be an array");
  let expectedOffset = 0;
  const names = new Set<string>();
  for (const [i, t] of raw.tensors.entries()) {
    if (!isObject(t) || typeof t.name !== 'string') fail(file, `tensors[${i}] has no name`);
    const where = `tensor '${t.name}'`;
    if (names.has(t.name)) fail(file, `${where} appears twice`);
    names.add(t.name);
    if (!Array.isArray(t.shape) || !t.shape.every((n) => Number.isInteger(n) && n > 0)) fail(file, `${where} has an invalid shape`);
    if (t.dtype !== 'float32') fail(file, `${where} has dtype ${JSON.stringify(t.dtype)}, expected 'float32'`);
    if (t.offset !== expectedOffset) fail(file, `${where} starts at byte ${JSON.stringify(t.offset)}, expected ${expectedOffset}`);
    if (typeof t.trainable !== 'boolean') fail(file, `${where} has no boolean 'trainable'`);
    expectedOffset += 4 * (t.shape as number[]).reduce((a, b) => a * b, 1);
  }
  if (expectedOffset !== weights.byteLength) {
    fail(file, `the tensors need ${expectedOffset} bytes but 'weights.byteLength' says ${String(weights.byteLength)}`);
  }
  return raw as unknown as CheckpointManifest;
}

/** Reads and verifies a checkpoint (manifest structure, binary size and checksum) without loading it into a model. */
export async function readCheckpoint(manifestPath: string): Promise<CheckpointData> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    fail(manifestPath, `cannot read the manifest (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(manifestPath, `the manifest is not valid JSON (${(error as Error).message})`);
  }
  const manifest = validateManifest(manifestPath, raw);
  const binaryPath = join(dirname(manifestPath), manifest.weights.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(binaryPath);
  } catch (error) {
    fail(binaryPath, `cannot read the weights (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (bytes.length < manifest.weights.byteLength) {
    fail(binaryPath, `truncated: ${bytes.length} bytes, the manifest expects ${manifest.weights.byteLength}`);
  }
  if (bytes.length > manifest.weights.byteLength) {
    fail(binaryPath, `${bytes.length} bytes, more than the ${manifest.weights.byteLength} the manifest expects`);
  }
  if (sha256(bytes) !== manifest.weights.sha256) fail(binaryPath, 'corrupt: its SHA-256 does not match the manifest');
  // Copy into an aligned buffer (a Buffer may start at any byte offset of a shared pool).
  const floats = new Float32Array(new Uint8Array(bytes).buffer);
  const values = new Map<string, Float32Array>();
  for (const t of manifest.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    values.set(t.name, floats.subarray(t.offset / 4, t.offset / 4 + size));
  }
  return { manifest, values };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Loads a verified checkpoint into `store`. The checkpoint must hold exactly the store's parameters with the
 * same shapes and trainability, and every key of `expectedModel` must equal the manifest's model config.
 * Returns the manifest.
 */
export async function loadCheckpoint(
  manifestPath: string,
  store: ParameterStore,
  expectedModel: { readonly [key: string]: Json } = {},
): Promise<CheckpointManifest> {
  const { manifest, values } = await readCheckpoint(manifestPath);
  for (const [key, expected] of Object.entries(expectedModel)) {
    if (!sameJson(manifest.model[key], expected)) {
      fail(manifestPath, `model.${key} is ${JSON.stringify(manifest.model[key])}, but this model has ${JSON.stringify(expected)}`);
    }
  }
  const byName = new Map(manifest.tensors.map((t) => [t.name, t]));
  const entries = store.list();
  const missing = entries.filter((e) => !byName.has(e.name)).map((e) => e.name);
  if (missing.length > 0) fail(manifestPath, `missing parameters: ${missing.join(', ')}`);
  const known = new Set(entries.map((e) => e.name));
  const unexpected = manifest.tensors.filter((t) => !known.has(t.name)).map((t) => t.name);
  if (unexpected.length > 0) fail(manifestPath, `parameters this model does not have: ${unexpected.join(', ')}`);
  for (const entry of entries) {
    const t = byName.get(entry.name)!;
    if (!sameJson(t.shape, entry.variable.shape)) {
      fail(manifestPath, `parameter '${entry.name}' has shape [${t.shape.join(', ')}], the model expects [${entry.variable.shape.join(', ')}]`);
    }
    if (t.trainable !== entry.trainable) {
      fail(manifestPath, `parameter '${entry.name}' is ${t.trainable ? '' : 'not '}trainable in the checkpoint but ${entry.trainable ? '' : 'not '}in the model`);
    }
  }
  for (const entry of entries) store.assign(entry.name, values.get(entry.name)!);
  return manifest;
}
