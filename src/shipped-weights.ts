/**
 * The pretrained weights that ship with the package (`surrogates/weights/`): which checkpoint serves each
 * neural-process surrogate name, and a synchronous read of its manifest so that the registry can check a space
 * without loading TensorFlow.js.
 *
 * The BO surrogates' checkpoints are named `<architecture>-bo.json` (+ `.bin`): trained with `tnpbo train
 * --protocol bo-prior --dim 8 --min-dim 1`, one model per architecture serves every space of 1 to 8 continuous
 * or integer parameters. The checkpoints of the 1-D model benchmarks (`<architecture>-gp1d`) live beside them in
 * the repository, but the package leaves them out (package.json `files`): it ships the BO checkpoints only, within
 * the 10 MB its weights may take.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The surrogate names served by shipped neural-process weights. */
export const NP_SURROGATE_NAMES = ['tnp-kr', 'tnp-kr-sa', 'tnp-kr-dka', 'tnp-kr-performer', 'tnp-d', 'cnp', 'np', 'cmanp'] as const;

/** A surrogate name served by shipped neural-process weights. */
export type NpSurrogateName = (typeof NP_SURROGATE_NAMES)[number];

/** The architecture behind each name: `tnp-kr` is TNP-KR with scan attention. */
export const NP_SURROGATE_ARCHITECTURES: Readonly<Record<NpSurrogateName, string>> = Object.freeze({
  'tnp-kr': 'tnp-kr-sa',
  'tnp-kr-sa': 'tnp-kr-sa',
  'tnp-kr-dka': 'tnp-kr-dka',
  'tnp-kr-performer': 'tnp-kr-performer',
  'tnp-d': 'tnp-d',
  cnp: 'cnp',
  np: 'np',
  cmanp: 'cmanp',
});

/** A shipped weights file is missing or unreadable; the message names the file and the problem. */
export class ShippedWeightsError extends Error {
  /** Error class name. */
  override readonly name = 'ShippedWeightsError';
}

/** What the registry needs to know of a checkpoint before loading it. */
export interface ShippedManifest {
  /** The manifest's path. */
  readonly file: string;
  /** The model section (architecture `name`, input width `xDim`, sizes, …). */
  readonly model: { readonly name: string; readonly xDim: number; readonly [key: string]: unknown };
  /** The training section (protocol, dimensions, steps, …). */
  readonly training: { readonly [key: string]: unknown };
  /** SHA-256 of the weights file, as the manifest records it (it identifies the trained model). */
  readonly weightsSha256: string;
}

/** The environment variable naming another folder of weights (e.g. models trained with `tnpbo train`). */
export const WEIGHTS_DIR_ENV_VAR = 'TNPBO_WEIGHTS_DIR';

/**
 * The folder of checkpoints: `$TNPBO_WEIGHTS_DIR` when set, else the shipped `surrogates/weights` in the package
 * root (the folder with package.json).
 */
export function weightsDirectory(): string {
  const override = process.env[WEIGHTS_DIR_ENV_VAR];
  if (override) return path.resolve(override);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new ShippedWeightsError('cannot find the tnpbo package root (no package.json above the library)');
    dir = parent;
  }
  return path.join(dir, 'surrogates', 'weights');
}

/** The manifest path of the BO weights serving surrogate `name`. */
export function shippedWeightsFile(name: NpSurrogateName, dir: string = weightsDirectory()): string {
  return path.join(dir, `${NP_SURROGATE_ARCHITECTURES[name]}-bo.json`);
}

/**
 * Reads and checks the manifest at `file` (the binary weights are verified when the model loads).
 * @throws ShippedWeightsError naming the file when it is missing, not JSON, or not a model checkpoint
 */
export function readShippedManifest(file: string): ShippedManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ShippedWeightsError(`weights file ${file}: ${code === 'ENOENT' ? 'missing' : `cannot read it (${code ?? String(error)})`}`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new ShippedWeightsError(`weights file ${file}: corrupt (not valid JSON)`);
  }
  const { format, model, training, weights } = (manifest ?? {}) as {
    format?: unknown; model?: ShippedManifest['model']; training?: ShippedManifest['training']; weights?: { sha256?: unknown };
  };
  if (format !== 'tnpbo-checkpoint') throw new ShippedWeightsError(`weights file ${file}: not a tnpbo checkpoint (format ${JSON.stringify(format)})`);
  if (typeof model?.name !== 'string' || !Number.isInteger(model.xDim)) {
    throw new ShippedWeightsError(`weights file ${file}: corrupt (the model section lacks its name or input dimension)`);
  }
  if (typeof weights?.sha256 !== 'string') throw new ShippedWeightsError(`weights file ${file}: corrupt (no weights.sha256)`);
  return { file, model, training: training ?? {}, weightsSha256: weights.sha256 };
}
