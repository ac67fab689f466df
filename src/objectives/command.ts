/**
 * Objectives computed by an external program: `--command "python train.py --lr {lr}"`. The command is split
 * into arguments (see {@link splitCommand}), every `{name}` of a search-space parameter is replaced by the
 * parameter's value (numbers in JavaScript's shortest round-trip form, e.g. `0.001`, `1e-7`), and the program is run directly, never through a shell, with a time limit. The objective is
 * the last number the program prints on standard output. A program that fails, times out or prints no number
 * makes a failed trial with the reason; the run goes on.
 */

import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Params } from '../core/space.js';
import { lastNumber } from './last-number.js';
import { ObjectiveError } from './objective-error.js';
import { runProgram, type ProgramRun } from './run-program.js';
import { splitCommand } from './split-command.js';

/** Options of {@link commandObjective}. */
export interface CommandOptions {
  /** Seconds each evaluation may take before the program is killed; 0 means no limit. */
  readonly timeoutSeconds: number;
  /** Working directory of the program (default: the current one). */
  readonly cwd?: string;
  /** Directories searched for a program name without a `/` (default: `PATH`). */
  readonly path?: string;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const HAS_PLACEHOLDER = /\{[A-Za-z_][A-Za-z0-9_]*\}/;

function fail(problem: string): never {
  throw new ObjectiveError('command', problem);
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Checks that `program` can be run: an executable file for a path, or a name found in `searchPath`. */
function checkProgram(program: string, cwd: string, searchPath: string): void {
  if (program.includes('/')) {
    if (!isExecutableFile(path.resolve(cwd, program))) fail(`program ${program} does not exist or is not executable`);
    return;
  }
  const found = searchPath.split(path.delimiter).some((dir) => dir !== '' && isExecutableFile(path.join(dir, program)));
  if (!found) fail(`program "${program}" not found on PATH`);
}

/** The one-line reason a finished run gives no objective value, or its value. */
function interpret(run: ProgramRun, timeoutSeconds: number): number {
  const lastErrorLine = run.stderr.trim().split('\n').at(-1)?.trim().slice(0, 200) ?? '';
  const detail = lastErrorLine === '' ? '' : `: ${lastErrorLine}`;
  if (run.timedOut) throw new Error(`command timed out after ${timeoutSeconds} s`);
  if (run.signal !== null) throw new Error(`command was killed by ${run.signal}${detail}`);
  if (run.code !== 0) throw new Error(`command exited with code ${run.code}${detail}`);
  const value = lastNumber(run.stdout);
  if (value === undefined) throw new Error(`command printed no number on stdout${detail}`);
  if (!Number.isFinite(value)) throw new Error(`command printed ${value} as its last number`);
  return value;
}

/**
 * An objective that runs `command` for each point. Throws {@link ObjectiveError} (`command: ...`) when the
 * command is empty or badly quoted, uses a `{name}` that is not a parameter of `names`, or names a program
 * that cannot be found. Each evaluation resolves to the value or rejects with a one-line reason.
 */
export function commandObjective(command: string, names: readonly string[], options: CommandOptions): (params: Params) => Promise<number> {
  const args = splitCommand(command);
  if (args.length === 0) fail('empty command');
  const known = new Set(names);
  for (const arg of args) {
    for (const [, name] of arg.matchAll(PLACEHOLDER)) {
      if (!known.has(name)) fail(`unknown placeholder {${name}}; the parameters are ${names.join(', ')}`);
    }
  }
  if (!(options.timeoutSeconds >= 0)) fail(`timeout must be >= 0 seconds (got ${options.timeoutSeconds})`);
  const cwd = options.cwd ?? process.cwd();
  if (!HAS_PLACEHOLDER.test(args[0])) checkProgram(args[0], cwd, options.path ?? process.env.PATH ?? '');
  return async (params) => {
    const [program, ...rest] = args.map((arg) => arg.replace(PLACEHOLDER, (_, name: string) => String(params[name])));
    let run: ProgramRun;
    try {
      run = await runProgram(program, rest, { timeoutSeconds: options.timeoutSeconds, cwd });
    } catch (error) {
      throw new Error(`command could not start: ${(error as Error).message}`);
    }
    return interpret(run, options.timeoutSeconds);
  };
}
