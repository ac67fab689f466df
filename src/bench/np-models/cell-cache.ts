/**
 * The cache of evaluated cells (one model on one kernel) of the model table: one JSON file per cell, keyed by the
 * checkpoint's weights SHA-256, the number of batches and the evaluation seed, so an interrupted benchmark resumes
 * where it stopped and a retrained checkpoint is evaluated again.
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProtocolKernel } from '../../../surrogates/training/tasks.js';

/** What identifies a cell's result. */
export interface CellKey {
  /** Checkpoint name (e.g. `cnp-gp1d`). */
  readonly checkpoint: string;
  readonly kernel: ProtocolKernel;
  /** SHA-256 of the checkpoint's weights (its manifest's `weights.sha256`). */
  readonly sha256: string;
  readonly batches: number;
  /** Evaluation-set seed. */
  readonly seed: number;
}

const KEY_FIELDS = ['checkpoint', 'kernel', 'sha256', 'batches', 'seed'] as const;

/** The cache file of `key` in `dir`. */
export function cellCacheFile(dir: string, key: CellKey): string {
  if (!/^[0-9a-f]{64}$/.test(key.sha256)) throw new Error(`sha256: expected 64 hex digits, got '${key.sha256}'`);
  if (!/^[\w.-]+$/.test(key.checkpoint)) throw new Error(`checkpoint: '${key.checkpoint}' is not a plain file name`);
  return path.join(dir, `${key.checkpoint}.${key.kernel}.b${key.batches}.s${key.seed}.${key.sha256}.json`);
}

/** The cached result of `key`, or undefined when there is none (or the file holds another key's). */
export function readCachedCell<T>(dir: string, key: CellKey): T | undefined {
  const file = cellCacheFile(dir, key);
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { key?: Partial<CellKey>; result?: T };
  return KEY_FIELDS.every((field) => stored.key?.[field] === key[field]) ? stored.result : undefined;
}

/** Stores `result` as the cell `key` (written through a temporary file, so a killed process leaves no half file). */
export function writeCachedCell<T>(dir: string, key: CellKey, result: T): void {
  mkdirSync(dir, { recursive: true });
  const file = cellCacheFile(dir, key);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ key, result }, null, 2)}\n`);
  renameSync(temporary, file);
}
