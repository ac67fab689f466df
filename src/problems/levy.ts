/** The Levy function in any dimension: many regularly spaced local minima. */

import { cube, defineProblem, type Problem } from './problem.js';

/**
 * With `w_i = 1 + (x_i − 1)/4`:
 * `f = sin²(πw_1) + Σ_{i<d} (w_i − 1)²[1 + 10sin²(πw_i + 1)] + (w_d − 1)²[1 + sin²(2πw_d)]`, on `[−10, 10]^d`;
 * minimum 0 at `(1, …, 1)`. Named `levy:d` unless `name` is given.
 */
export function levy(dimension: number, name = `levy:${dimension}`): Problem {
  return defineProblem({
    name,
    bounds: cube(dimension, -10, 10),
    optimalValue: 0,
    optimizers: [new Array<number>(dimension).fill(1)],
    objective: (x) => {
      const w = x.map((v) => 1 + (v - 1) / 4);
      let sum = Math.sin(Math.PI * w[0]) ** 2;
      for (let i = 0; i < dimension - 1; i++) sum += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
      const last = w[dimension - 1];
      return sum + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
    },
  });
}
