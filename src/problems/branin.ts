/** The Branin (Branin–Hoo) function: 2-D, three global minimisers. */

import { defineProblem, type Problem } from './problem.js';

const B = 5.1 / (4 * Math.PI ** 2);
const C = 5 / Math.PI;
const R = 6;
const S = 10;
const T = 1 / (8 * Math.PI);

/**
 * `f = (x2 − b·x1² + c·x1 − r)² + s(1 − t)cos(x1) + s` with b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π),
 * on x1 ∈ [−5, 10], x2 ∈ [0, 15]; minimum 5/(4π) at (−π, 12.275), (π, 2.275) and (3π, 2.475).
 */
export const branin: Problem = defineProblem({
  name: 'branin',
  bounds: [
    [-5, 10],
    [0, 15],
  ],
  optimalValue: 5 / (4 * Math.PI),
  optimizers: [
    [-Math.PI, 12.275],
    [Math.PI, 2.275],
    [3 * Math.PI, 2.475],
  ],
  objective: ([x1, x2]) => (x2 - B * x1 * x1 + C * x1 - R) ** 2 + S * (1 - T) * Math.cos(x1) + S,
});
