/**
 * Chooses and initialises the TensorFlow.js backend. Order: the `backend` option, else the `TNPBO_BACKEND`
 * environment variable (`tensorflow`, `wasm`, `cpu`), else the native backend when `@tensorflow/tfjs-node-gpu`
 * or `@tensorflow/tfjs-node` is installed (optional peers, loaded on demand), else `wasm` (SIMD, with the fast
 * kernels), else `cpu` with a warning. An explicitly requested backend that cannot start is an error. The choice
 * is reported once on stderr.
 */

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installFastWasmKernels, uninstallFastWasmKernels } from './fast-kernels.js';

/** Backends tnpbo can run on; `tensorflow` is the native libtensorflow binding of tfjs-node(-gpu). */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The environment variable that selects a backend when no option does. */
export const BACKEND_ENV_VAR = 'TNPBO_BACKEND';

/** The optional native packages, in the order they are tried. */
export const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Options of {@link initBackend}. */
export interface BackendOptions {
  /** Backend to use; overrides `TNPBO_BACKEND`. */
  readonly backend?: BackendName;
  /** Install the fast wasm kernels (default true; only meaningful for `wasm`). */
  readonly fastKernels?: boolean;
  /** Where the one-line report goes (default: stderr). */
  readonly report?: (line: string) => void;
}

/** What {@link initBackend} chose, for run reports, benchmark JSON and training logs. */
export interface BackendInfo {
  readonly name: BackendName;
  /** Version of `@tensorflow/tfjs`. */
  readonly tfjsVersion: string;
  /** The native package that provides `tensorflow`, when that backend is used. */
  readonly nativePackage?: string;
  /** Whether wasm runs its SIMD binary. */
  readonly simd?: boolean;
  /** Whether the fast wasm kernels are installed. */
  readonly fastKernels: boolean;
  /** Candidates that were tried and skipped, with the reason (e.g. a native package that is not installed). */
  readonly skipped: readonly string[];
}

let lastReported: string | undefined;

/** Reads `TNPBO_BACKEND`; undefined when unset or empty. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const value = env[BACKEND_ENV_VAR]?.trim();
  if (value === undefined || value === '') return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new Error(`${BACKEND_ENV_VAR}=${value} is not a backend; use one of ${BACKEND_NAMES.join(', ')}`);
  }
  return value as BackendName;
}

/** Loads the first native package that imports and registers the `tensorflow` backend; undefined if none does. */
async function loadNative(skipped: string[]): Promise<string | undefined> {
  for (const name of NATIVE_PACKAGES) {
    try {
      await import(name);
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    if (tf.findBackendFactory('tensorflow') !== null) return name;
    skipped.push(`${name}: loaded, but registered no 'tensorflow' backend with this @tensorflow/tfjs`);
  }
  return undefined;
}

async function activate(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

function describe(info: BackendInfo): string {
  const details = [`tfjs ${info.tfjsVersion}`];
  if (info.nativePackage !== undefined) details.push(info.nativePackage);
  if (info.simd !== undefined) details.push(info.simd ? 'SIMD' : 'no SIMD');
  if (info.name === 'wasm') details.push(info.fastKernels ? 'fast kernels' : 'stock kernels');
  return `tnpbo: TensorFlow.js backend ${info.name} (${details.join(', ')})`;
}

/**
 * Selects and initialises the backend (see the module comment for the order) and returns what was chosen.
 * Safe to call repeatedly; the stderr line is printed only when the choice changes.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const requested = options.backend ?? backendFromEnv();
  if (requested !== undefined && !BACKEND_NAMES.includes(requested)) {
    throw new Error(`backend '${String(requested)}' is not a backend; use one of ${BACKEND_NAMES.join(', ')}`);
  }
  const skipped: string[] = [];
  let name: BackendName | undefined;
  let nativePackage: string | undefined;

  if (requested === undefined || requested === 'tensorflow') {
    nativePackage = await loadNative(skipped);
    if (nativePackage !== undefined && (await activate('tensorflow'))) name = 'tensorflow';
    else if (requested === 'tensorflow') {
      throw new Error(`backend 'tensorflow' requested, but no native backend could start (${skipped.join('; ')})`);
    }
  }
  if (name === undefined && (requested === undefined || requested === 'wasm')) {
    if (await activate('wasm')) name = 'wasm';
    else if (requested === 'wasm') throw new Error(`backend 'wasm' requested, but the wasm backend failed to initialise`);
    else skipped.push('wasm: failed to initialise');
  }
  if (name === undefined) {
    if (!(await activate('cpu'))) throw new Error(`the cpu backend failed to initialise`);
    name = 'cpu';
    if (requested === undefined) process.emitWarning(`tnpbo: falling back to the slow cpu backend (${skipped.join('; ')})`);
    // The cpu backend prints an "install tfjs-node" banner on first use; tnpbo reports its own backend line.
    (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
  }
  await tf.ready();

  let fastKernels = false;
  if (name === 'wasm' && options.fastKernels === false) uninstallFastWasmKernels();
  else if (name === 'wasm') {
    const status = installFastWasmKernels();
    fastKernels = status.installed;
    if (!status.installed) process.emitWarning(`tnpbo: fast wasm kernels disabled: ${status.reason}`);
  }
  const info: BackendInfo = {
    name,
    tfjsVersion: tf.version.tfjs,
    ...(nativePackage !== undefined && name === 'tensorflow' ? { nativePackage } : {}),
    ...(name === 'wasm' ? { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') } : {}),
    fastKernels,
    skipped,
  };
  const line = describe(info);
  if (line !== lastReported) {
    lastReported = line;
    (options.report ?? ((text: string) => process.stderr.write(`${text}\n`)))(line);
  }
  return info;
}
