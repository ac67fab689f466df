/**
 * One-dimensional objectives drawn from a GP prior, for the 1-D BO protocol of the NP papers (bo.md §11; TNP:
 * 100 tasks, each a GP-prior draw on a 1000-point grid of [−2, 2], regret against the grid minimum).
 *
 * Task `k` draws, from `Rng('gp1d').fork(k)` only, an RBF kernel with the standard meta-regression ranges
 * (models.md §9.2: `ℓ ~ U[0.1, 0.6)`, `s ~ U[0.1, 1.0)`) and the function's values on the grid
 * `linspace(−2, 2, 1000)` jointly from `s²·exp(−d²/(2ℓ²))`. A nugget of `1e-12·s²` (raised ×100 while the
 * Cholesky factorisation fails) keeps the factorisation possible; it adds independent noise of about `1e-6·s` to
 * the grid values, so regrets below that scale mean "found the grid minimum". Between grid points the objective
 * is the linear interpolant of the grid values, so it is defined on the whole interval (the BO loop searches it
 * continuously) and its minimum is exactly the minimum over the grid: the regret is never negative.
 */

import { Rng } from '../core/rng.js';
import { createPriorKernel, multiplyLower, priorCholesky } from '../../surrogates/training/kernels.js';
import { defineProblem, type Problem } from './problem.js';

/** The domain, grid and kernel ranges of the GP-sampled tasks (see the file comment). */
export const GP1D_TASKS = Object.freeze({
  domain: [-2, 2] as const,
  gridPoints: 1000,
  lengthscale: [0.1, 0.6] as const,
  scale: [0.1, 1.0] as const,
  relativeNuggets: [1e-12, 1e-10, 1e-8] as const,
  /** The largest task index accepted. */
  maxTask: 999_999,
});

/** Problems already drawn in this process (a draw factorises a 1000×1000 covariance, about 0.2 s). */
const drawn = new Map<number, Problem>();

/** The grid `linspace(low, high, n)`. */
function grid(): Float64Array {
  const [low, high] = GP1D_TASKS.domain;
  const n = GP1D_TASKS.gridPoints;
  return Float64Array.from({ length: n }, (_, i) => low + ((high - low) * i) / (n - 1));
}

/** The grid values of task `task`: a joint draw with the smallest nugget whose factorisation succeeds. */
function drawValues(task: number, x: Float64Array): Float64Array {
  const rng = new Rng('gp1d').fork(task);
  const lengthscale = rng.uniformIn(...GP1D_TASKS.lengthscale);
  const scale = rng.uniformIn(...GP1D_TASKS.scale);
  const z = rng.normals(x.length);
  let failure: unknown;
  for (const nugget of GP1D_TASKS.relativeNuggets) {
    const kernel = createPriorKernel({ family: 'rbf', lengthscales: [lengthscale], variance: scale * scale, jitter: nugget * scale * scale });
    try {
      return multiplyLower(priorCholesky(kernel, x), z);
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

/**
 * Task `task` (an integer from 0 to {@link GP1D_TASKS}.maxTask) as the problem `gp1d:<task>`: one input on
 * [−2, 2], optimal value the grid minimum, optimiser the grid point attaining it. Points outside the interval
 * take the value at its nearer end. Deterministic in `task`; draws are cached per process.
 * @throws Error naming `task` when it is not such an integer
 */
export function gpSampleProblem(task: number): Problem {
  if (!(Number.isInteger(task) && task >= 0 && task <= GP1D_TASKS.maxTask)) {
    throw new Error(`task: expected an integer from 0 to ${GP1D_TASKS.maxTask}, got ${task}`);
  }
  const cached = drawn.get(task);
  if (cached) return cached;
  const x = grid();
  const values = drawValues(task, x);
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  const [low, high] = GP1D_TASKS.domain;
  const last = values.length - 1;
  const problem = defineProblem({
    name: `gp1d:${task}`,
    bounds: [GP1D_TASKS.domain],
    optimalValue: values[best],
    optimizers: [[x[best]]],
    objective: ([input]) => {
      const position = ((Math.min(high, Math.max(low, input)) - low) / (high - low)) * last;
      const i = Math.min(last - 1, Math.floor(position));
      const [a, b] = [values[i], values[i + 1]];
      // Clamped to [min(a, b), max(a, b)] so that rounding never takes the interpolant below the grid minimum.
      return Math.min(Math.max(a + (b - a) * (position - i), Math.min(a, b)), Math.max(a, b));
    },
  });
  drawn.set(task, problem);
  return problem;
}
