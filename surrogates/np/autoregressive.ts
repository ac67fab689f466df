/**
 * Autoregressive joint sampling for conditional neural processes (bo.md §6). Their predictive marginals are
 * independent given the context, so drawing each point independently is white noise around the mean, not a
 * function sample. Instead, points are visited in a given order; at each step the model predicts the next point
 * given the context plus every pair sampled so far, a value `ỹ = μ + σ·ε` is drawn, and the pair joins the
 * context (CMANP at constant cost through its `append`, other models by re-encoding, see {@link NpContext}).
 *
 * All samples advance together: sample s is batch row s, so one step is one forward pass and one readback for
 * every sample. Points past the sampled ones (the "rest") receive the model's mean given the context and the
 * row's sampled pairs — the conditional expectation of the sample there, without further noise.
 */

import * as tf from '@tensorflow/tfjs';
import type { NpContext } from './np-context.js';

/** What to sample on each batch row. */
export interface AutoregressivePlan {
  /** Per sample: the points to draw, in drawing order, row-major `M × Dx` (the same M on every row). */
  readonly ordered: readonly Float32Array[];
  /** Per sample: M standard-normal draws, one per ordered point. */
  readonly noise: readonly Float64Array[];
  /** Per sample: points completed by their conditional mean, row-major `R × Dx` (the same R on every row). */
  readonly rest: readonly Float32Array[];
}

/** Sampled values (model units) per sample: `sampled[s][k]` at ordered point k, `rest[s][r]` at rest point r. */
export interface AutoregressiveSample {
  /** Drawn values at the ordered points. */
  readonly sampled: Float64Array[];
  /** Conditional means at the rest points. */
  readonly rest: Float64Array[];
}

/** Rows `[first, first + count)` of every sample's point table as one `[S, count, Dx]` tensor. */
function pointBlock(tables: readonly Float32Array[], first: number, count: number, xDim: number): tf.Tensor3D {
  const block = new Float32Array(tables.length * count * xDim);
  tables.forEach((table, s) => block.set(table.subarray(first * xDim, (first + count) * xDim), s * count * xDim));
  return tf.tensor3d(block, [tables.length, count, xDim]);
}

/**
 * Draws the samples of `plan` on top of the single-row context `base` (left intact). The rest points are decoded
 * `chunkSize` at a time per sample.
 */
export async function sampleAutoregressively(base: NpContext, plan: AutoregressivePlan, chunkSize: number): Promise<AutoregressiveSample> {
  const samples = plan.ordered.length;
  const { xDim } = base.model.config;
  const steps = samples === 0 ? 0 : plan.ordered[0].length / xDim;
  const restCount = samples === 0 ? 0 : plan.rest[0].length / xDim;
  if (plan.noise.length !== samples || plan.rest.length !== samples) throw new Error('sampleAutoregressively: plan rows disagree');
  if (plan.ordered.some((t) => t.length !== steps * xDim) || plan.rest.some((t) => t.length !== restCount * xDim)) {
    throw new Error('sampleAutoregressively: every sample needs the same number of points');
  }
  if (plan.noise.some((n) => n.length !== steps)) throw new Error('sampleAutoregressively: one noise value per ordered point');
  const sampled = Array.from({ length: samples }, () => new Float64Array(steps));
  const rest = Array.from({ length: samples }, () => new Float64Array(restCount));
  if (samples === 0) return { sampled, rest };

  const context = base.replicate(samples);
  try {
    for (let k = 0; k < steps; k++) {
      const xt = pointBlock(plan.ordered, k, 1, xDim);
      try {
        const packed = tf.tidy(() => {
          const { mean, std } = context.decode(xt);
          return tf.concat([mean, std], 1);
        });
        const values = await packed.data();
        packed.dispose();
        const drawn = new Float32Array(samples);
        for (let s = 0; s < samples; s++) {
          sampled[s][k] = values[2 * s] + values[2 * s + 1] * plan.noise[s][k];
          drawn[s] = sampled[s][k];
        }
        const yt = tf.tensor3d(drawn, [samples, 1, 1]);
        try {
          context.extend(xt, yt);
        } finally {
          yt.dispose();
        }
      } finally {
        xt.dispose();
      }
    }
    for (let first = 0; first < restCount; first += chunkSize) {
      const count = Math.min(chunkSize, restCount - first);
      const means = tf.tidy(() => context.decode(pointBlock(plan.rest, first, count, xDim)).mean);
      const values = await means.data();
      means.dispose();
      for (let s = 0; s < samples; s++) rest[s].set(values.subarray(s * count, (s + 1) * count), first);
    }
  } finally {
    context.dispose();
  }
  return { sampled, rest };
}
