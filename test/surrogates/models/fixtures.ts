/** Test helpers for the models: toy regression tasks as tensors, and predictions copied out of tfjs. */

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../../src/core/rng.js';
import type { NeuralProcess, NpBatch, PredictOptions } from '../../../surrogates/models/index.js';

/** A toy batch: `y = sin(3·x₁ + phase) + 0.5·x₂…` at uniform `x ∈ [−2, 2]^dx`, per function its own phase. */
export function toyBatch(seed: string, batch: number, numContext: number, numTargets: number, xDim = 1): NpBatch {
  const rng = new Rng(seed);
  const phases = Array.from({ length: batch }, () => rng.uniformIn(0, 2 * Math.PI));
  const points = (n: number): { x: tf.Tensor3D; y: tf.Tensor3D } => {
    const x = new Float32Array(batch * n * xDim).map(() => rng.uniformIn(-2, 2));
    const y = new Float32Array(batch * n).map((_, i) => {
      const b = Math.floor(i / n);
      let value = Math.sin(3 * x[i * xDim] + phases[b]);
      for (let j = 1; j < xDim; j++) value += 0.5 * x[i * xDim + j];
      return value;
    });
    return { x: tf.tensor3d(x, [batch, n, xDim]), y: tf.tensor3d(y, [batch, n, 1]) };
  };
  const context = points(numContext);
  const targets = points(numTargets);
  return { xc: context.x, yc: context.y, xt: targets.x, yt: targets.y };
}

/** Mean and std of a prediction as plain arrays (no tensors survive). */
export function predictValues(
  model: NeuralProcess, xc: tf.Tensor3D, yc: tf.Tensor3D, xt: tf.Tensor3D, ctxMask?: tf.Tensor2D, options?: PredictOptions,
): { mean: Float32Array; std: Float32Array } {
  const { mean, std } = model.predict(xc, yc, xt, ctxMask, options);
  const values = { mean: Float32Array.from(mean.dataSync()), std: Float32Array.from(std.dataSync()) };
  tf.dispose([mean, std]);
  return values;
}

/** Releases a batch's tensors. */
export function disposeBatch(batch: NpBatch): void {
  tf.dispose(Object.values(batch) as tf.Tensor[]);
}
