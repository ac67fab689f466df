/** Shape and mask checks of model inputs; errors name the method, the argument and the problem. */

import type * as tf from '@tensorflow/tfjs';
import type { BaseModelConfig } from './config.js';
import type { NpBatch } from './neural-process.js';

function shapeOf(x: tf.Tensor): string {
  return `[${x.shape.join(', ')}]`;
}

/** `x` must be `[batch, N, width]` (`batch` undefined: any). Returns N. */
function checkPoints(where: string, name: string, x: tf.Tensor, width: number, batch?: number): number {
  if (x.rank !== 3 || x.shape[2] !== width || (batch !== undefined && x.shape[0] !== batch)) {
    throw new Error(`${where}: ${name} ${shapeOf(x)} must be [${batch ?? 'B'}, N, ${width}]`);
  }
  return x.shape[1] as number;
}

/** `mask` must be `[batch, length]` of zeros and ones; `perRow`: every row has a one, else: some row has a one. */
function checkMask(where: string, name: string, mask: tf.Tensor, batch: number, length: number, perRow: boolean): void {
  if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== length) {
    throw new Error(`${where}: ${name} ${shapeOf(mask)} must be [${batch}, ${length}]`);
  }
  const values = mask.dataSync();
  if (!values.every((v) => v === 0 || v === 1)) throw new Error(`${where}: ${name} must hold only 0 and 1`);
  const rowHasOne = Array.from({ length: batch }, (_, b) => values.subarray(b * length, (b + 1) * length).includes(1));
  if (perRow && !rowHasOne.every(Boolean)) throw new Error(`${where}: ${name} leaves a batch row without any real point`);
  if (!perRow && !rowHasOne.some(Boolean)) throw new Error(`${where}: ${name} masks every point`);
}

/** Checks a context set `xc [B, Nc, Dx]`, `yc [B, Nc, Dy]`, `ctxMask [B, Nc]` (Nc ≥ 1, a real point per row). */
export function checkContext(where: string, config: BaseModelConfig, xc: tf.Tensor, yc: tf.Tensor, ctxMask?: tf.Tensor): void {
  const numContext = checkPoints(where, 'xc', xc, config.xDim);
  const batch = xc.shape[0] as number;
  if (checkPoints(where, 'yc', yc, config.yDim, batch) !== numContext) {
    throw new Error(`${where}: yc ${shapeOf(yc)} must have as many points as xc ${shapeOf(xc)}`);
  }
  if (numContext === 0) throw new Error(`${where}: xc has no context points; the model needs at least one`);
  if (ctxMask !== undefined) checkMask(where, 'ctxMask', ctxMask, batch, numContext, true);
}

/** Checks target inputs `xt [batch, Nt, Dx]`. */
export function checkTargets(where: string, config: BaseModelConfig, batch: number, xt: tf.Tensor): void {
  checkPoints(where, 'xt', xt, config.xDim, batch);
}

/** Checks a whole batch: context, targets, values, masks (some target must be real). */
export function checkBatch(where: string, config: BaseModelConfig, batch: NpBatch): void {
  checkContext(where, config, batch.xc, batch.yc, batch.ctxMask);
  const size = batch.xc.shape[0];
  checkTargets(where, config, size, batch.xt);
  const numTargets = batch.xt.shape[1];
  if (checkPoints(where, 'yt', batch.yt, config.yDim, size) !== numTargets) {
    throw new Error(`${where}: yt ${shapeOf(batch.yt)} must have as many points as xt ${shapeOf(batch.xt)}`);
  }
  if (numTargets === 0) throw new Error(`${where}: the batch has no targets`);
  if (batch.tgtMask !== undefined) checkMask(where, 'tgtMask', batch.tgtMask, size, numTargets, false);
}
