/**
 * The objective of `tnpbo optimize` as given on the command line (`--problem`, `--expr`, `--module`,
 * `--command`, with `--space`), and its resolution to a function; setup errors become usage errors naming the
 * flag.
 */

import type { SpaceSpec } from '../core/space.js';
import type { Objective } from '../minimize.js';
import { commandObjective } from '../objectives/command.js';
import { expressionObjective } from '../objectives/expression.js';
import { moduleObjective } from '../objectives/module.js';
import { ObjectiveError } from '../objectives/objective-error.js';
import { problemObjective } from '../objectives/problem.js';
import { parseSpace } from '../objectives/space-syntax.js';
import { getProblem, problemSpace, type Problem } from '../problems/index.js';
import { UsageError } from './usage.js';

/** The kinds of objective, each named after its flag. */
export const OBJECTIVE_KINDS = ['problem', 'expr', 'module', 'command'] as const;

/** A kind of objective. */
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];

/** An objective as written on the command line. */
export interface ObjectiveSource {
  /** Which flag gave it. */
  readonly kind: ObjectiveKind;
  /** The flag's value: problem name, expression, `FILE[#export]` or command line. */
  readonly text: string;
  /** The `--space` text (every kind but `problem`). */
  readonly space?: string;
  /** Directory that relative module paths and commands are resolved against. */
  readonly cwd: string;
}

/** An objective ready to evaluate. */
export interface ResolvedObjective {
  /** What the command line said. */
  readonly source: ObjectiveSource;
  /** The search space. */
  readonly space: SpaceSpec;
  /** The objective function. */
  readonly evaluate: Objective;
  /** The benchmark problem, for `--problem` (it knows its optimum). */
  readonly problem?: Problem;
}

/** Re-raises an objective setup error as a usage error naming the flag (`--expr: ...`). */
function asUsageError(error: unknown): never {
  if (error instanceof ObjectiveError) throw new UsageError(`--${error.field}: ${error.problem}`);
  throw error;
}

function problemOf(name: string): Problem {
  try {
    return getProblem(name);
  } catch (error) {
    throw new UsageError(`--problem: ${(error as Error).message.replace(/^problem: /, '')}`);
  }
}

/** The search space of an objective: the problem's, or the parsed `--space`. */
export function objectiveSpace(source: ObjectiveSource): SpaceSpec {
  if (source.kind === 'problem') return problemSpace(problemOf(source.text));
  if (source.space === undefined) throw new UsageError(`--space: required with --${source.kind}, e.g. --space "x=-2:2,n=int:1:8,act=cat:relu|tanh"`);
  try {
    return parseSpace(source.space);
  } catch (error) {
    return asUsageError(error);
  }
}

/** Builds the objective function; `timeoutSeconds` limits each `--command` evaluation (0: no limit). */
export async function resolveObjective(source: ObjectiveSource, timeoutSeconds: number): Promise<ResolvedObjective> {
  const space = objectiveSpace(source);
  const names = Object.keys(space);
  try {
    switch (source.kind) {
      case 'problem': {
        const problem = problemOf(source.text);
        return { source, space, evaluate: problemObjective(problem), problem };
      }
      case 'expr':
        return { source, space, evaluate: expressionObjective(source.text, names) };
      case 'module':
        return { source, space, evaluate: await moduleObjective(source.text, source.cwd) };
      case 'command':
        return { source, space, evaluate: commandObjective(source.text, names, { timeoutSeconds, cwd: source.cwd }) };
    }
  } catch (error) {
    return asUsageError(error);
  }
}
