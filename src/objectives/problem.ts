/** A named benchmark problem as an objective over its search space (`x1 … xd`). */

import type { Params } from '../core/space.js';
import { problemSpace, type Problem } from '../problems/index.js';

/** The objective of `problem` over {@link problemSpace}: `params.x1 … params.xd` are its inputs. */
export function problemObjective(problem: Problem): (params: Params) => number {
  const names = Object.keys(problemSpace(problem));
  return (params) => problem.evaluate(names.map((name) => params[name] as number));
}
