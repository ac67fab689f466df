/**
 * The benchmark problems of bo.md §9 by name: `forrester`, `branin`, `hartmann3`, `hartmann6`, `ackley5`,
 * `levy4`, `rosenbrock4`, any dimension of the scalable ones as `ackley:D`, `levy:D`, `rosenbrock:D`, and the
 * GP-sampled 1-D tasks of the NP papers' BO protocol as `gp1d:K`.
 */

import { float, type FloatParam, type SpaceSpec } from '../core/space.js';
import { ackley } from './ackley.js';
import { branin } from './branin.js';
import { forrester } from './forrester.js';
import { GP1D_TASKS, gpSampleProblem } from './gp-sample.js';
import { hartmann3, hartmann6 } from './hartmann.js';
import { levy } from './levy.js';
import type { Problem } from './problem.js';
import { rosenbrock } from './rosenbrock.js';

export type { Problem } from './problem.js';

const FIXED_PROBLEMS: Readonly<Record<string, Problem>> = {
  forrester,
  branin,
  hartmann3,
  hartmann6,
  ackley5: ackley(5, 'ackley5'),
  levy4: levy(4, 'levy4'),
  rosenbrock4: rosenbrock(4, 'rosenbrock4'),
};

/** The fixed problem names (the scalable `ackley:D`, `levy:D`, `rosenbrock:D` and the tasks `gp1d:K` are accepted too). */
export const problemNames: readonly string[] = Object.freeze(Object.keys(FIXED_PROBLEMS));

/** The largest `D` accepted in `family:D` (a guard against typos that would allocate huge problems). */
const MAX_SCALABLE_DIMENSION = 1000;

/** A family of problems named `family:N`: what `N` is, its range, and the problem it gives. */
interface ProblemFamily {
  readonly make: (n: number) => Problem;
  readonly parameter: 'dimension' | 'task index';
  readonly min: number;
  readonly max: number;
}

/** The scalable families (`N` a dimension) and the GP-sampled tasks (`N` a task index). */
const FAMILIES: Readonly<Record<string, ProblemFamily>> = {
  ackley: { make: (d) => ackley(d), parameter: 'dimension', min: 1, max: MAX_SCALABLE_DIMENSION },
  levy: { make: (d) => levy(d), parameter: 'dimension', min: 1, max: MAX_SCALABLE_DIMENSION },
  rosenbrock: { make: (d) => rosenbrock(d), parameter: 'dimension', min: 2, max: MAX_SCALABLE_DIMENSION },
  gp1d: { make: gpSampleProblem, parameter: 'task index', min: 0, max: GP1D_TASKS.maxTask },
};

/**
 * The problem called `name`. Throws an Error naming `problem` for an unknown name (listing the valid ones) or a
 * `family:N` whose `N` is not an integer in the family's range.
 */
export function getProblem(name: string): Problem {
  if (Object.hasOwn(FIXED_PROBLEMS, name)) return FIXED_PROBLEMS[name];
  const match = /^([a-z0-9]+):(.*)$/.exec(name);
  if (match !== null && Object.hasOwn(FAMILIES, match[1])) {
    const { make, parameter, min, max } = FAMILIES[match[1]];
    const n = /^\d+$/.test(match[2]) ? Number(match[2]) : NaN;
    if (!(n >= min && n <= max)) {
      throw new Error(`problem: "${name}": the ${parameter} after "${match[1]}:" must be an integer from ${min} to ${max}`);
    }
    return make(n);
  }
  const scalable = Object.entries(FAMILIES).map(([family, { parameter }]) => `${family}:${parameter === 'dimension' ? 'D' : 'K'}`);
  throw new Error(`problem: unknown name "${name}"; valid names: ${[...problemNames, ...scalable].join(', ')}`);
}

/** The search space of a problem: parameters `x1 … xd`, each a float over the problem's bounds. */
export function problemSpace(problem: Problem): SpaceSpec {
  const space: Record<string, FloatParam> = {};
  problem.bounds.forEach(([low, high], i) => {
    space[`x${i + 1}`] = float(low, high);
  });
  return space;
}
