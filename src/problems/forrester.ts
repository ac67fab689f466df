/** The Forrester function (Forrester, Sóbester & Keane 2008): a 1-D multimodal test function on [0, 1]. */

import { defineProblem, type Problem } from './problem.js';

/**
 * `f(x) = (6x − 2)²·sin(12x − 4)` on `[0, 1]`: global minimum −6.0207400558 at x ≈ 0.7572487578, a local
 * minimum ≈ −0.9863 at x ≈ 0.1426, maximum f(1) ≈ 15.8297.
 */
export const forrester: Problem = defineProblem({
  name: 'forrester',
  bounds: [[0, 1]],
  // Minimiser and minimum computed with mpmath (40 digits) from f′(x) = 0.
  optimalValue: -6.020740055767083,
  optimizers: [[0.7572487578418559]],
  objective: ([x]) => (6 * x - 2) ** 2 * Math.sin(12 * x - 4),
});
