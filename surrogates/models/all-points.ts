/** The context and the targets of a batch as one point set, for the objectives of CNP and the latent NP. */

import * as tf from '@tensorflow/tfjs';
import type { NpBatch } from './neural-process.js';

/** Every point of a batch: `x [B, Nc + Nt, Dx]`, `y [B, Nc + Nt, Dy]` and their mask (absent when neither part is masked). */
export type PointSet = {
  readonly x: tf.Tensor3D;
  readonly y: tf.Tensor3D;
  readonly mask?: tf.Tensor2D;
};

/** The batch's context followed by its targets. */
export function allPoints(batch: NpBatch): PointSet {
  return tf.tidy(() => {
    const { xc, yc, xt, yt, ctxMask, tgtMask } = batch;
    const x = tf.concat([xc, xt], 1) as tf.Tensor3D;
    const y = tf.concat([yc, yt], 1) as tf.Tensor3D;
    if (ctxMask === undefined && tgtMask === undefined) return { x, y };
    const size = xc.shape[0];
    const mask = tf.concat([ctxMask ?? tf.ones([size, xc.shape[1]]), tgtMask ?? tf.ones([size, xt.shape[1]])], 1) as tf.Tensor2D;
    return { x, y, mask };
  });
}
