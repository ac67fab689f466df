/** The Ackley function in any dimension: a nearly flat outer region around a deep central hole. */

import { cube, defineProblem, type Problem } from './problem.js';

const A = 20;
const B = 0.2;
const C = 2 * Math.PI;

/**
 * `f = −a·exp(−b·√(mean_i x_i²)) − exp(mean_i cos(c·x_i)) + a + e` with a = 20, b = 0.2, c = 2π, on
 * `[−32.768, 32.768]^d`; minimum 0 at the origin. Named `ackley:d` unless `name` is given.
 */
export function ackley(dimension: number, name = `ackley:${dimension}`): Problem {
  return defineProblem({
    name,
    bounds: cube(dimension, -32.768, 32.768),
    optimalValue: 0,
    optimizers: [new Array<number>(dimension).fill(0)],
    objective: (x) => {
      let squares = 0;
      let cosines = 0;
      for (const v of x) {
        squares += v * v;
        cosines += Math.cos(C * v);
      }
      return -A * Math.exp(-B * Math.sqrt(squares / dimension)) - Math.exp(cosines / dimension) + A + Math.E;
    },
  });
}
