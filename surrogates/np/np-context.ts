/**
 * A context set held on the device together with the model's encoding of it: encoded once, decoded any number of
 * times, and grown by {@link NpContext.extend} — through CMANP's constant-cost `append`, or for every other model
 * by re-encoding the enlarged set. The object owns its tensors; {@link NpContext.dispose} releases them.
 */

import * as tf from '@tensorflow/tfjs';
import { Cmanp, type CmanpEncoding } from '../models/cmanp.js';
import type { ContextEncoding, NeuralProcess, Prediction } from '../models/neural-process.js';

/** A model's encoded context: one row, or several (see {@link NpContext.replicate}) that differ once extended. */
export class NpContext {
  private constructor(
    /** The model that encodes and decodes. */
    readonly model: NeuralProcess,
    private xc: tf.Tensor3D,
    private yc: tf.Tensor3D,
    private current: ContextEncoding,
  ) {}

  /** Encodes `n` points (`x` row-major `n × Dx`, `y` length n, model units) as a one-row context. */
  static encode(model: NeuralProcess, x: Float32Array, y: Float32Array): NpContext {
    const { xDim } = model.config;
    const n = y.length;
    if (x.length !== n * xDim) throw new Error(`NpContext: x holds ${x.length} values, expected ${n}·${xDim}`);
    const xc = tf.tensor3d(x, [1, n, xDim]);
    const yc = tf.tensor3d(y, [1, n, 1]);
    try {
      return new NpContext(model, xc, yc, model.encode(xc, yc));
    } catch (error) {
      tf.dispose([xc, yc]);
      throw error;
    }
  }

  /** Points per row. */
  get size(): number {
    return this.xc.shape[1];
  }

  /** The model's encoding of the context (owned by this object; replaced by {@link NpContext.extend}). */
  get encoding(): ContextEncoding {
    return this.current;
  }

  /** Predictions at `xt [B, Nt, Dx]`; differentiable with respect to `xt`. */
  decode(xt: tf.Tensor3D): Prediction {
    return this.model.decode(this.current, xt);
  }

  /** Adds `x [B, U, Dx]`, `y [B, U, 1]` (the caller keeps ownership of both) to every row. */
  extend(x: tf.Tensor3D, y: tf.Tensor3D): void {
    const [xc, yc] = tf.tidy(() => [tf.concat([this.xc, x], 1) as tf.Tensor3D, tf.concat([this.yc, y], 1) as tf.Tensor3D]);
    let encoding: ContextEncoding;
    try {
      encoding = this.model instanceof Cmanp ? this.model.append(this.current as CmanpEncoding, x, y) : this.model.encode(xc, yc);
    } catch (error) {
      tf.dispose([xc, yc]);
      throw error;
    }
    tf.dispose([this.xc, this.yc, this.current]);
    this.xc = xc;
    this.yc = yc;
    this.current = encoding;
  }

  /** A fresh context of `batchSize` rows, each a copy of row 0 of this one (encoded anew). */
  replicate(batchSize: number): NpContext {
    const [xc, yc] = tf.tidy(() => {
      const [, n, xDim] = this.xc.shape;
      return [
        tf.tile(tf.slice(this.xc, [0, 0, 0], [1, n, xDim]), [batchSize, 1, 1]) as tf.Tensor3D,
        tf.tile(tf.slice(this.yc, [0, 0, 0], [1, n, 1]), [batchSize, 1, 1]) as tf.Tensor3D,
      ];
    });
    try {
      return new NpContext(this.model, xc, yc, this.model.encode(xc, yc));
    } catch (error) {
      tf.dispose([xc, yc]);
      throw error;
    }
  }

  /** Releases the context tensors and the encoding. */
  dispose(): void {
    tf.dispose([this.xc, this.yc, this.current]);
  }
}
