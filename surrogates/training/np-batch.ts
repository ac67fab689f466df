/** The tensors of a {@link TaskBatch} in the layout the neural-process models read. */

import * as tf from '@tensorflow/tfjs';
import type { NpBatch } from '../models/neural-process.js';
import type { TaskBatch } from './task-batch.js';

/** Float32 tensors `xc [B, Nc, dx]`, `yc [B, Nc, dy]`, `xt [B, Nt, dx]`, `yt [B, Nt, dy]` of `batch`; the caller disposes them. */
export function toNpBatch(batch: TaskBatch): NpBatch {
  const { batchSize, numContext, numTarget, dx, dy, float32 } = batch;
  return {
    xc: tf.tensor3d(float32.xc, [batchSize, numContext, dx]),
    yc: tf.tensor3d(float32.yc, [batchSize, numContext, dy]),
    xt: tf.tensor3d(float32.xt, [batchSize, numTarget, dx]),
    yt: tf.tensor3d(float32.yt, [batchSize, numTarget, dy]),
  };
}
