/**
 * A batch of meta-learning tasks: `B` functions, each with `Nc` context and `Nt` target points (shared by the
 * whole batch), stored batch-first and row-major in float64 plus float32 copies ready for TensorFlow.js, and the
 * generating kernel and noise of every function so that the oracle GP (`oracle.ts`) can score it exactly.
 */

import type { PriorKernel } from './kernels.js';

/** Where a batch comes from: the two GP meta-regression protocols of models.md §9 or the BO prior. */
export type TaskProtocol = 'gp-tnpkr' | 'gp-standard' | 'bo-prior';

/** The generating process of one function of a batch. */
export interface TaskFunction {
  /** The prior kernel (family, lengthscales, variance, period, nugget) the function was drawn from. */
  readonly kernel: PriorKernel;
  /** Standard deviation of the independent Gaussian noise on the context values. */
  readonly contextNoise: number;
  /** Standard deviation of the noise on the target values (0: targets are the latent function values). */
  readonly targetNoise: number;
}

/** The float32 copies of a batch's arrays, same layouts. */
export interface TaskBatchFloat32 {
  /** Context inputs `[B, Nc, dx]`. */
  readonly xc: Float32Array;
  /** Context values `[B, Nc, dy]`. */
  readonly yc: Float32Array;
  /** Target inputs `[B, Nt, dx]`. */
  readonly xt: Float32Array;
  /** Target values `[B, Nt, dy]`. */
  readonly yt: Float32Array;
}

/** A batch of tasks; every array is batch-first and row-major. */
export interface TaskBatch {
  /** The protocol that generated the batch. */
  readonly protocol: TaskProtocol;
  /** The kernel name the batch was requested with (`'matern'` stays `'matern'`; see each function's family). */
  readonly kernel: string;
  /** `B`, the number of functions. */
  readonly batchSize: number;
  /** Input dimension. */
  readonly dx: number;
  /** Output dimension (1). */
  readonly dy: number;
  /** `Nc`, context points per function. */
  readonly numContext: number;
  /** `Nt`, target points per function. */
  readonly numTarget: number;
  /** Context inputs `[B, Nc, dx]`. */
  readonly xc: Float64Array;
  /** Context values `[B, Nc, dy]`. */
  readonly yc: Float64Array;
  /** Target inputs `[B, Nt, dx]`. */
  readonly xt: Float64Array;
  /** Target values `[B, Nt, dy]`. */
  readonly yt: Float64Array;
  /** Float32 copies of `xc, yc, xt, yt`. */
  readonly float32: TaskBatchFloat32;
  /**
   * The generating process of each function (length `B`). Functions that share hyper-parameters (protocol (a)
   * draws them once per batch) share one object.
   */
  readonly functions: readonly TaskFunction[];
}

/** The fields of a {@link TaskBatch} that {@link assembleTaskBatch} does not derive. */
export type TaskBatchFields = Omit<TaskBatch, 'float32' | 'batchSize' | 'dy'>;

/** A {@link TaskBatch} from its float64 arrays (checked against the stated sizes), with float32 copies. */
export function assembleTaskBatch(fields: TaskBatchFields): TaskBatch {
  const batchSize = fields.functions.length;
  const dy = 1;
  const { dx, numContext, numTarget } = fields;
  const expected: [keyof TaskBatchFields & ('xc' | 'yc' | 'xt' | 'yt'), number][] = [
    ['xc', batchSize * numContext * dx],
    ['yc', batchSize * numContext * dy],
    ['xt', batchSize * numTarget * dx],
    ['yt', batchSize * numTarget * dy],
  ];
  for (const [name, length] of expected) {
    if (fields[name].length !== length) {
      throw new Error(`${name}: expected ${length} values for B = ${batchSize}, Nc = ${numContext}, Nt = ${numTarget}, dx = ${dx}, got ${fields[name].length}`);
    }
  }
  const float32 = Object.freeze({
    xc: Float32Array.from(fields.xc),
    yc: Float32Array.from(fields.yc),
    xt: Float32Array.from(fields.xt),
    yt: Float32Array.from(fields.yt),
  });
  return Object.freeze({ ...fields, batchSize, dy, float32 });
}
