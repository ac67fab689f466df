/** The Hartmann functions in 3 and 6 dimensions: sums of four Gaussian wells on the unit cube. */

import { cube, defineProblem, type Problem } from './problem.js';

/** Well depths α, shared by both. */
const ALPHA = [1.0, 1.2, 3.0, 3.2];

/** `−Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²)`. */
function hartmann(A: readonly (readonly number[])[], P: readonly (readonly number[])[], x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < ALPHA.length; i++) {
    let exponent = 0;
    for (let j = 0; j < x.length; j++) exponent += A[i][j] * (x[j] - P[i][j]) ** 2;
    sum -= ALPHA[i] * Math.exp(-exponent);
  }
  return sum;
}

const A3 = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const P3 = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((row) => row.map((v) => v * 1e-4));

/** Hartmann-3 on `[0,1]³`: minimum −3.8627797873 at ≈ (0.114589, 0.555649, 0.852547). */
export const hartmann3: Problem = defineProblem({
  name: 'hartmann3',
  bounds: cube(3, 0, 1),
  // Minimiser and minimum computed with mpmath (40 digits) from ∇f = 0, started at the commonly quoted point.
  optimalValue: -3.8627797873326627,
  optimizers: [[0.114588876655069, 0.55564889461693, 0.852546984686677]],
  objective: (x) => hartmann(A3, P3, x),
});

const A6 = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P6 = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

/** Hartmann-6 on `[0,1]⁶`: minimum −3.3223680114 at ≈ (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). */
export const hartmann6: Problem = defineProblem({
  name: 'hartmann6',
  bounds: cube(6, 0, 1),
  // Minimiser and minimum computed with mpmath (40 digits) from ∇f = 0, started at the commonly quoted point.
  optimalValue: -3.3223680114155148,
  optimizers: [[0.201689511006705, 0.150010691823458, 0.476873974221897, 0.275332430494056, 0.311651616600113, 0.65730053406562]],
  objective: (x) => hartmann(A6, P6, x),
});
