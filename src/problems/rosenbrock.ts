/** The Rosenbrock function in any dimension ≥ 2: a long, curved, flat-bottomed valley. */

import { cube, defineProblem, type Problem } from './problem.js';

/**
 * `f = Σ_{i<d} [100(x_{i+1} − x_i²)² + (x_i − 1)²]` on `[−5, 10]^d`; minimum 0 at `(1, …, 1)`. Named
 * `rosenbrock:d` unless `name` is given.
 */
export function rosenbrock(dimension: number, name = `rosenbrock:${dimension}`): Problem {
  return defineProblem({
    name,
    bounds: cube(dimension, -5, 10),
    optimalValue: 0,
    optimizers: [new Array<number>(dimension).fill(1)],
    objective: (x) => {
      let sum = 0;
      for (let i = 0; i < dimension - 1; i++) sum += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (x[i] - 1) ** 2;
      return sum;
    },
  });
}
