/**
 * The benchmark problems of bo.md §9 by name: `forrester`, `branin`, `hartmann3`, `hartmann6`, `ackley5`,
 * `levy4`, `rosenbrock4`, and any dimension of the scalable ones as `ackley:D`, `levy:D`, `rosenbrock:D`.
 */

import { float, type FloatParam, type SpaceSpec } from '../core/space.js';
import { ackley } from './ackley.js';
import { branin } from './branin.js';
import { forrester } from './forrester.js';
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

/** The fixed problem names (the scalable `ackley:D`, `levy:D`, `rosenbrock:D` are accepted too). */
export const problemNames: readonly string[] = Object.freeze(Object.keys(FIXED_PROBLEMS));

/** The scalable families with their smallest dimension. */
const SCALABLE: Readonly<Record<string, { readonly make: (dimension: number) => Problem; readonly minDimension: number }>> = {
  ackley: { make: (d) => ackley(d), minDimension: 1 },
  levy: { make: (d) => levy(d), minDimension: 1 },
  rosenbrock: { make: (d) => rosenbrock(d), minDimension: 2 },
};

/** The largest `D` accepted in `family:D` (a guard against typos that would allocate huge problems). */
const MAX_SCALABLE_DIMENSION = 1000;

/**
 * The problem called `name`. Throws an Error naming `problem` for an unknown name (listing the valid ones) or a
 * `family:D` whose `D` is not an integer in the family's range.
 */
export function getProblem(name: string): Problem {
  if (Object.hasOwn(FIXED_PROBLEMS, name)) return FIXED_PROBLEMS[name];
  const match = /^([a-z]+):(.*)$/.exec(name);
  if (match !== null && Object.hasOwn(SCALABLE, match[1])) {
    const { make, minDimension } = SCALABLE[match[1]];
    const dimension = /^\d+$/.test(match[2]) ? Number(match[2]) : NaN;
    if (!(dimension >= minDimension && dimension <= MAX_SCALABLE_DIMENSION)) {
      throw new Error(`problem: "${name}": the dimension after "${match[1]}:" must be an integer from ${minDimension} to ${MAX_SCALABLE_DIMENSION}`);
    }
    return make(dimension);
  }
  const scalable = Object.keys(SCALABLE).map((family) => `${family}:D`);
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
