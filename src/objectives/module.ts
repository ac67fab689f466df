/**
 * Objectives exported by a JavaScript or TypeScript module, given as `FILE[#export]` (default export when no
 * name is given). The exported function receives the parameters as an object and returns a number or a
 * promise of one.
 */

import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Objective } from '../minimize.js';
import { ObjectiveError } from './objective-error.js';

const TYPESCRIPT_FILE = /\.m?ts$/;

function fail(problem: string): never {
  throw new ObjectiveError('module', problem);
}

/** A module objective's location: `FILE[#export]`. */
export interface ModuleReference {
  /** The module's path. */
  readonly file: string;
  /** The exported function's name (`default` when absent). */
  readonly exportName: string;
}

/** Splits `FILE[#export]` into the file and the export name (`default` when absent). */
export function parseModuleReference(reference: string): ModuleReference {
  const hash = reference.lastIndexOf('#');
  const file = (hash < 0 ? reference : reference.slice(0, hash)).trim();
  const exportName = hash < 0 ? 'default' : reference.slice(hash + 1).trim();
  if (file === '') fail(`"${reference}": expected FILE or FILE#export`);
  if (exportName === '') fail(`"${reference}": no export name after "#"`);
  return { file, exportName };
}

let typescriptHooks = false;

/**
 * Without built-in type stripping, registers the hooks that transpile TypeScript (once). They exist only in the
 * compiled package; run from source (tests), the surrounding tool already handles TypeScript.
 */
function enableTypeScript(): void {
  const builtIn = (process.features as { typescript?: unknown }).typescript;
  if (typescriptHooks || builtIn) return;
  const hooks = new URL('./typescript-loader.js', import.meta.url);
  if (!existsSync(fileURLToPath(hooks))) return;
  register(hooks);
  typescriptHooks = true;
}

function describeExports(module: Record<string, unknown>): string {
  const names = Object.keys(module);
  return names.length === 0 ? 'it has no exports' : `its exports are ${names.join(', ')}`;
}

/**
 * Imports the module `reference` (`FILE[#export]`, FILE relative to `cwd`) and returns its exported function
 * (a result that is not a finite number makes a failed trial).
 * Throws {@link ObjectiveError} (`module: ...`) for a missing file, a module that fails to load, a missing
 * export or an export that is not a function.
 */
export async function moduleObjective(reference: string, cwd: string = process.cwd()): Promise<Objective> {
  const { file, exportName } = parseModuleReference(reference);
  const absolute = path.resolve(cwd, file);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) fail(`cannot find the file ${file}`);
  if (TYPESCRIPT_FILE.test(absolute)) enableTypeScript();
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    fail(`cannot load ${file}: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
  }
  if (!Object.hasOwn(module, exportName)) {
    const hint = exportName === 'default' ? `${file} has no default export; name one with ${file}#NAME` : `${file} has no export "${exportName}"`;
    fail(`${hint}; ${describeExports(module)}`);
  }
  const exported = module[exportName];
  if (typeof exported !== 'function') fail(`export "${exportName}" of ${file} is not a function (got ${typeof exported})`);
  return (params) => (exported as Objective)({ ...params });
}
