/**
 * A trained neural process behind the {@link Surrogate} interface (bo.md §1–§3, §5–§7).
 *
 * - Inputs: unit-cube points map affinely onto the model's training domain `npDomain` (default `[−2, 2]^d`);
 *   categorical parameters need a model trained with one-hot inputs, else {@link NpUnsupportedSpaceError}
 *   (see `np/input-map.ts`).
 * - Outputs: raw values never reach the model. `condition` fits the GP's output transform (`standardize` by
 *   default, as bo.md §3; `yeo-johnson` on request) and the model sees transformed values; predictions come back
 *   through the affine map tangent to the inverse transform at the best observed value, exactly as the GP does
 *   (exact for `standardize`).
 * - `condition` encodes the context once and keeps the encoding; `append` (fantasies, pending points) grows it
 *   through CMANP's constant-cost `append` or, for other models, by re-encoding the enlarged context.
 * - `posterior` decodes all query points in chunks of `chunkSize` targets (one forward pass and one readback of
 *   the concatenated mean and std per chunk); `posteriorWithGradient` gets the per-point input gradients of the
 *   mean and the std in the same forward pass plus one backward pass per chunk, so its pullback is plain
 *   arithmetic chained back through the domain map. The acquisition and its seeds stay float64 in JS.
 * - `sample`: the latent NP draws one z per sample from q(z | C) and returns the decoder mean at every query
 *   point (a coherent function). Conditional models (TNP-KR, TNP-D, CNP, CMANP) sample autoregressively
 *   (`np/autoregressive.ts`) over a random subset of at most `autoregressivePoints` distinct query points
 *   (default 128, bo.md §6) in random order; every other query point receives the model's mean given the
 *   context and that sample's drawn pairs. Repeated query points get one value per sample.
 */

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../src/core/rng.js';
import type { DifferentiablePosterior, Point, Posterior, Surrogate, SurrogateContext } from '../src/core/types.js';
import { initBackend, type BackendOptions } from './backend/select-backend.js';
import { OUTPUT_TRANSFORM_NAMES, fitOutputTransform, type OutputTransformName } from './gp/output-transform.js';
import { LatentNp, type LatentNpEncoding } from './models/latent-np.js';
import { loadModel } from './models/model-checkpoint.js';
import type { NeuralProcess } from './models/neural-process.js';
import { sampleAutoregressively } from './np/autoregressive.js';
import { DEFAULT_NP_DOMAIN, InputMap, trainedInputPadding, type CategoricalEncoding, type InputPadding } from './np/input-map.js';
import { NpContext } from './np/np-context.js';
import { checkObservations } from './observations.js';

export {
  DEFAULT_NP_DOMAIN,
  NpUnsupportedSpaceError,
  trainedInputPadding,
  type CategoricalEncoding,
  type InputPadding,
  type UnsupportedSpaceReason,
} from './np/input-map.js';

/** Options of {@link createNpSurrogate}. */
export interface NpSurrogateOptions {
  /** Registry name reported by the surrogate (default: the model's configuration name). */
  readonly name?: string;
  /** The box `[low, high]` every continuous/integer coordinate maps onto (default `[−2, 2]`). */
  readonly npDomain?: readonly [number, number];
  /** How the model was trained to see categorical parameters (default `none`: it cannot serve them). */
  readonly categorical?: CategoricalEncoding;
  /**
   * How a model trained on padded tasks of several dimensions fills the inputs of a narrower space (default:
   * none, the space must be exactly as wide as the model; {@link loadNpSurrogate} reads it from the checkpoint).
   */
  readonly inputPadding?: InputPadding;
  /** Output transform fitted on every `condition` (default `standardize`, bo.md §3). */
  readonly outputTransform?: OutputTransformName;
  /** Query points decoded per forward pass (default {@link DEFAULT_NP_CHUNK_SIZE}). */
  readonly chunkSize?: number;
  /** Distinct query points sampled autoregressively per sample by conditional models (default 128). */
  readonly autoregressivePoints?: number;
}

/** Query points per forward pass unless configured: small models stay far below the 64 MiB tensor budget. */
export const DEFAULT_NP_CHUNK_SIZE = 512;
/** Points per autoregressive sample (M of bo.md §6). */
export const DEFAULT_AUTOREGRESSIVE_POINTS = 128;
/** The NP surrogate's output transform unless configured (bo.md §3). */
export const DEFAULT_NP_OUTPUT_TRANSFORM: OutputTransformName = 'standardize';

/** The data the surrogate is conditioned on. */
interface Conditioned {
  /** The encoded context (model units). */
  readonly context: NpContext;
  /** Raw value → model units (the output transform of the last `condition`). */
  readonly forward: (y: number) => number;
  /** Model units → raw units: `raw = offset + scale·ỹ`. */
  readonly offset: number;
  /** See `offset`. */
  readonly scale: number;
}

/** A neural-process surrogate; build it with {@link createNpSurrogate} or {@link loadNpSurrogate}. */
export class NpSurrogate implements Surrogate {
  /** Registry name. */
  readonly name: string;
  /** A forward pass costs about as much for hundreds of query points as for ten: search in few large calls. */
  readonly searchStyle = 'batched';
  /** It resolves about 1–3 % of its data's spread, so the loop frames the data around the incumbent. */
  readonly prefersTrustRegion = true;
  private readonly inputs: InputMap;
  private readonly outputTransform: OutputTransformName;
  private readonly chunkSize: number;
  private readonly autoregressivePoints: number;
  private data: Conditioned | undefined;
  /** Incremented whenever the data change, so that stale pullbacks are refused. */
  private version = 0;

  /**
   * @param context the space's coordinates (`context.seed` is unused: the surrogate draws randomness only in
   *   `sample`, from the stream it is given)
   * @param model a trained model with `Dx` equal to the encoded width of the space and `Dy = 1`
   * @param options see {@link NpSurrogateOptions}
   * @param ownsModel whether {@link NpSurrogate.dispose} also releases the model
   * @throws NpUnsupportedSpaceError when the model cannot serve the space
   */
  constructor(
    context: SurrogateContext,
    /** The neural process. */
    readonly model: NeuralProcess,
    options: NpSurrogateOptions = {},
    private readonly ownsModel = false,
  ) {
    const { config } = model;
    if (config.yDim !== 1) throw new Error(`model ${config.name}: yDim must be 1 for a surrogate of one objective, got ${config.yDim}`);
    this.name = options.name ?? config.name;
    if (typeof this.name !== 'string' || this.name === '') throw new Error(`options.name: expected a non-empty string, got ${JSON.stringify(options.name)}`);
    this.inputs = new InputMap(context?.dims, options.npDomain ?? DEFAULT_NP_DOMAIN, options.categorical ?? 'none', config, options.inputPadding);
    this.outputTransform = options.outputTransform ?? DEFAULT_NP_OUTPUT_TRANSFORM;
    if (!OUTPUT_TRANSFORM_NAMES.includes(this.outputTransform)) {
      throw new Error(`options.outputTransform: expected one of ${OUTPUT_TRANSFORM_NAMES.join(', ')}, got ${JSON.stringify(this.outputTransform)}`);
    }
    this.chunkSize = positiveInteger(options.chunkSize ?? DEFAULT_NP_CHUNK_SIZE, 'options.chunkSize');
    this.autoregressivePoints = positiveInteger(options.autoregressivePoints ?? DEFAULT_AUTOREGRESSIVE_POINTS, 'options.autoregressivePoints');
  }

  /** Replaces the data: fits the output transform to `y` and encodes the context once. */
  async condition(X: readonly Point[], y: Float64Array): Promise<void> {
    checkObservations(X, y);
    if (y.length === 0) throw new Error('y: empty data (at least one observation is needed)');
    const x = this.inputs.encode(X, 'X');
    const transform = fitOutputTransform(y, this.outputTransform);
    const { offset, scale } = transform.tangentAt(y.reduce((a, b) => Math.min(a, b)));
    const context = NpContext.encode(this.model, x, Float32Array.from(y, transform.forward));
    this.data?.context.dispose();
    this.data = { context, forward: transform.forward, offset, scale };
    this.version++;
  }

  /**
   * Adds observations (real or fantasised) to the context, transformed with the output transform of the last
   * `condition`: CMANP absorbs them at constant cost, other models re-encode the enlarged context.
   */
  async append(X: readonly Point[], y: Float64Array): Promise<void> {
    checkObservations(X, y);
    const data = this.conditioned('append');
    if (y.length === 0) return;
    const x = this.inputs.encode(X, 'X');
    const [xt, yt] = [tf.tensor3d(x, [1, y.length, this.inputs.width]), tf.tensor3d(Float32Array.from(y, data.forward), [1, y.length, 1])];
    try {
      data.context.extend(xt, yt);
    } finally {
      tf.dispose([xt, yt]);
    }
    this.version++;
  }

  /** Mean and standard deviation of the latent objective at `Xq`, in raw units. */
  async posterior(Xq: readonly Point[]): Promise<Posterior> {
    const data = this.conditioned('posterior');
    return this.decodePosterior(data, this.inputs.encode(Xq, 'Xq'));
  }

  /**
   * Like {@link NpSurrogate.posterior}, with a pullback. Every model here predicts each query point from the
   * context alone (queries never attend to each other), so `∂μ̃_i/∂x_j` and `∂σ̃_i/∂x_j` vanish for `i ≠ j`: one
   * forward and one backward pass per chunk over the queries taken twice, of `Σ_i μ̃_i` on the first copy plus
   * `Σ_i σ̃_i` on the second, give the posterior and both per-point input gradients at once. The pullback is
   * then plain arithmetic, `scale·(g_μ·∂μ̃ + g_σ·∂σ̃)`, chained back through the domain map; it is refused once
   * the data have changed.
   */
  async posteriorWithGradient(Xq: readonly Point[]): Promise<DifferentiablePosterior> {
    const data = this.conditioned('posteriorWithGradient');
    const version = this.version;
    const x = this.inputs.encode(Xq, 'Xq');
    const count = Xq.length;
    const width = this.inputs.width;
    const mean = new Float64Array(count);
    const std = new Float64Array(count);
    const dMean = new Float32Array(count * width);
    const dStd = new Float32Array(count * width);
    for (const { first, length } of chunks(count, Math.max(1, Math.floor(this.chunkSize / 2)))) {
      const [predicted, gradient] = tf.tidy(() => {
        const queries = this.queryBlock(x, first, length);
        let outputs: tf.Tensor | undefined;
        const inputGradient = tf.grad((doubled: tf.Tensor) => {
          const prediction = data.context.decode(doubled as tf.Tensor3D);
          const meanPart = tf.slice(prediction.mean, [0, 0, 0], [1, length, 1]);
          const stdPart = tf.slice(prediction.std, [0, length, 0], [1, length, 1]);
          outputs = tf.keep(tf.concat([meanPart, stdPart], 1));
          return tf.add(tf.sum(meanPart), tf.sum(stdPart));
        })(tf.concat([queries, queries], 1));
        return [outputs!, inputGradient];
      });
      const [values, slopes] = await Promise.all([predicted.data(), gradient.data()]);
      tf.dispose([predicted, gradient]);
      writeRawPosterior(data, values, first, { mean, std });
      dMean.set(slopes.subarray(0, length * width), first * width);
      dStd.set(slopes.subarray(length * width), first * width);
    }
    const pullback = async (gMean: Float64Array, gStd: Float64Array): Promise<Float64Array[]> => {
      if (this.version !== version) throw new Error('pullback: the surrogate was conditioned on other data since this posterior was computed');
      if (!(gMean instanceof Float64Array) || gMean.length !== count) throw new Error(`gMean: expected a Float64Array of length ${count}`);
      if (!(gStd instanceof Float64Array) || gStd.length !== count) throw new Error(`gStd: expected a Float64Array of length ${count}`);
      const gradient = Float64Array.from(dMean, (d, k) => data.scale * (gMean[Math.floor(k / width)] * d + gStd[Math.floor(k / width)] * dStd[k]));
      return this.inputs.pullback(gradient, count);
    };
    return { mean, std, pullback };
  }

  /**
   * `nSamples` joint samples of the latent objective over `Xq` (raw units), drawn from `rng`: coherent decoder
   * means for the latent NP, autoregressive samples for conditional models (see the module comment).
   */
  async sample(Xq: readonly Point[], nSamples: number, rng: Rng): Promise<Float64Array[]> {
    if (!Number.isInteger(nSamples) || nSamples < 0) throw new Error(`nSamples: expected an integer ≥ 0, got ${nSamples}`);
    if (typeof rng?.normals !== 'function' || typeof rng.permutation !== 'function') throw new Error('rng: expected an Rng');
    const data = this.conditioned('sample');
    const x = this.inputs.encode(Xq, 'Xq');
    const { distinct, slot } = distinctPoints(x, this.inputs.width);
    const count = distinct.length / this.inputs.width;
    if (nSamples === 0) return [];
    const values = count === 0 ? Array.from({ length: nSamples }, () => new Float64Array(0))
      : this.model instanceof LatentNp ? await this.latentSamples(this.model, data.context, distinct, nSamples, rng)
        : await this.autoregressiveSamples(data.context, distinct, nSamples, rng);
    return values.map((sample) => Float64Array.from(slot, (k) => data.offset + data.scale * sample[k]));
  }

  /** Releases the encoded context (and the model, for a surrogate made by {@link loadNpSurrogate}). */
  dispose(): void {
    this.data?.context.dispose();
    this.data = undefined;
    this.version++;
    if (this.ownsModel) this.model.dispose();
  }

  /** The conditioned data; `where` names the caller in the error raised before any `condition`. */
  private conditioned(where: string): Conditioned {
    if (this.data === undefined) throw new Error(`${where}: no data yet (call condition first)`);
    return this.data;
  }

  /** Raw-unit mean and std at the model inputs `x` (row-major), one forward pass and one readback per chunk. */
  private async decodePosterior(data: Conditioned, x: Float32Array): Promise<Posterior> {
    const count = x.length / this.inputs.width;
    const mean = new Float64Array(count);
    const std = new Float64Array(count);
    for (const { first, length } of chunks(count, this.chunkSize)) {
      const packed = tf.tidy(() => {
        const prediction = data.context.decode(this.queryBlock(x, first, length));
        return tf.concat([prediction.mean, prediction.std], 1);
      });
      const values = await packed.data();
      packed.dispose();
      writeRawPosterior(data, values, first, { mean, std });
    }
    return { mean, std };
  }

  /** Model inputs `[first, first + length)` of the table `x` as a `[1, length, Dx]` tensor. */
  private queryBlock(x: Float32Array, first: number, length: number): tf.Tensor3D {
    const width = this.inputs.width;
    return tf.tensor3d(x.subarray(first * width, (first + length) * width), [1, length, width]);
  }

  /** Decoder means at the `points` (model units) for one z ~ q(z | C) per sample. */
  private async latentSamples(model: LatentNp, context: NpContext, points: Float32Array, nSamples: number, rng: Rng): Promise<Float64Array[]> {
    const encoding = context.encoding as LatentNpEncoding;
    const count = points.length / this.inputs.width;
    const samples = Array.from({ length: nSamples }, () => new Float64Array(count));
    const z = model.sampleLatents(encoding, nSamples, rng);
    try {
      for (const { first, length } of chunks(count, Math.max(1, Math.floor(this.chunkSize / nSamples)))) {
        const means = tf.tidy(() => model.decodeWithLatents(encoding, z, this.queryBlock(points, first, length)).mean);
        const values = await means.data();
        means.dispose();
        samples.forEach((sample, s) => sample.set(values.subarray(s * length, (s + 1) * length), first));
      }
    } finally {
      z.dispose();
    }
    return samples;
  }

  /** Autoregressive samples (model units) over a random subset of the `points` in random order, per sample. */
  private async autoregressiveSamples(context: NpContext, points: Float32Array, nSamples: number, rng: Rng): Promise<Float64Array[]> {
    const width = this.inputs.width;
    const count = points.length / width;
    const steps = Math.min(count, this.autoregressivePoints);
    const orders = Array.from({ length: nSamples }, () => rng.permutation(count));
    const table = (order: readonly number[]): Float32Array => {
      const out = new Float32Array(order.length * width);
      order.forEach((p, i) => out.set(points.subarray(p * width, (p + 1) * width), i * width));
      return out;
    };
    const drawn = await sampleAutoregressively(context, {
      ordered: orders.map((order) => table(order.slice(0, steps))),
      noise: orders.map(() => rng.normals(steps)),
      rest: orders.map((order) => table(order.slice(steps))),
    }, this.chunkSize);
    return orders.map((order, s) => {
      const sample = new Float64Array(count);
      order.forEach((p, i) => (sample[p] = i < steps ? drawn.sampled[s][i] : drawn.rest[s][i - steps]));
      return sample;
    });
  }
}

/** A surrogate serving `model` on the space of `context` (see {@link NpSurrogate}). */
export function createNpSurrogate(context: SurrogateContext, model: NeuralProcess, options?: NpSurrogateOptions): NpSurrogate {
  return new NpSurrogate(context, model, options);
}

/** Options of {@link loadNpSurrogate}. */
export interface NpSurrogateLoadOptions extends NpSurrogateOptions {
  /** Backend selection passed to `initBackend` before the weights are read (default: its automatic choice). */
  readonly backend?: BackendOptions;
}

/**
 * Initialises the TensorFlow.js backend, loads the model checkpoint at `path` (a `.json` manifest written by
 * `saveModel`) and serves it on the space of `context`, with the input padding its training implies unless
 * `options.inputPadding` says otherwise. The surrogate owns the model: `dispose()` releases both.
 * @throws NpUnsupportedSpaceError when the model cannot serve the space (the model is released)
 */
export async function loadNpSurrogate(context: SurrogateContext, path: string, options: NpSurrogateLoadOptions = {}): Promise<NpSurrogate> {
  await initBackend(options.backend);
  const { model, manifest } = await loadModel(path);
  try {
    return new NpSurrogate(context, model, { inputPadding: trainedInputPadding(manifest.training), ...options }, true);
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Writes a chunk's packed model-unit prediction (`length` means, then `length` stds) into `out` at `first`, in
 * raw units.
 */
function writeRawPosterior(data: Conditioned, packed: ArrayLike<number>, first: number, out: Posterior): void {
  const length = packed.length / 2;
  for (let i = 0; i < length; i++) {
    out.mean[first + i] = data.offset + data.scale * packed[i];
    out.std[first + i] = data.scale * packed[length + i];
  }
}

/** Consecutive `[first, first + length)` ranges covering `count` items, `size` at a time. */
function chunks(count: number, size: number): { first: number; length: number }[] {
  const out: { first: number; length: number }[] = [];
  for (let first = 0; first < count; first += size) out.push({ first, length: Math.min(size, count - first) });
  return out;
}

/** The distinct rows of the `n × width` table `x` and, per row, the index of its distinct row. */
function distinctPoints(x: Float32Array, width: number): { distinct: Float32Array; slot: Int32Array } {
  const n = x.length / width;
  const index = new Map<string, number>();
  const slot = new Int32Array(n);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = x.subarray(i * width, (i + 1) * width).join(',');
    let k = index.get(key);
    if (k === undefined) {
      k = rows.length;
      index.set(key, k);
      rows.push(i);
    }
    slot[i] = k;
  }
  const distinct = new Float32Array(rows.length * width);
  rows.forEach((row, k) => distinct.set(x.subarray(row * width, (row + 1) * width), k * width));
  return { distinct, slot };
}

/** `value` if it is a positive integer, else an Error naming `name`. */
function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive integer, got ${value}`);
  return value;
}

