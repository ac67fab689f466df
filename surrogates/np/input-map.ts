/**
 * How points of the unit cube become a neural process's inputs (bo.md §2–§3).
 *
 * - Continuous and integer coordinates map affinely onto the NP's training domain: `x = low + (high − low)·u`
 *   with `npDomain = [low, high]` (default `[−2, 2]`; a sub-box such as `[−1, 1]` lengthens the model's
 *   effective lengthscale).
 * - A categorical coordinate with k choices can only be served by a model trained with one-hot inputs: with
 *   `categorical: 'one-hot'` it becomes k model inputs, 1 for the chosen level and 0 for the others (its
 *   gradient is 0: the acquisition maximiser moves categorical coordinates by discrete sweeps only). Without
 *   that declaration a categorical coordinate is an {@link NpUnsupportedSpaceError}, so that the caller can
 *   fall back to the GP.
 * - A model trained on tasks of several dimensions padded to its input width (the BO prior's `minDim`) declares
 *   {@link InputPadding}: a space whose encoding is narrower, but at least `minInputs` wide, fills the remaining
 *   model inputs with the constant the training tasks held them at.
 *
 * Otherwise the model's input dimension must equal the width of this encoding.
 */

import { nearestIndex } from '../../src/core/space.js';
import type { EncodedDimension, Point } from '../../src/core/types.js';

/** The NP input domain of the published protocols and of the toolkit's training priors. */
export const DEFAULT_NP_DOMAIN: readonly [number, number] = [-2, 2];

/** How the model was trained to see categorical parameters: not at all (`none`) or as one-hot inputs. */
export type CategoricalEncoding = 'none' | 'one-hot';

/** Why a model cannot serve a search space. */
export type UnsupportedSpaceReason = 'categorical' | 'dimension';

/**
 * A neural process cannot serve this search space: it has a categorical parameter the model was not trained
 * to encode, or its encoded width differs from the model's input dimension. The facade can catch it and fall
 * back to the GP.
 */
export class NpUnsupportedSpaceError extends Error {
  /** Error class name. */
  override readonly name = 'NpUnsupportedSpaceError';

  /**
   * @param message what is unsupported and why
   * @param reason `categorical` (an unencodable parameter kind) or `dimension` (width mismatch)
   * @param dimension index of the offending unit-cube coordinate (categorical only)
   */
  constructor(message: string, readonly reason: UnsupportedSpaceReason, readonly dimension?: number) {
    super(message);
  }
}

/** How a model trained on padded tasks fills the inputs a narrower space leaves free. */
export interface InputPadding {
  /** The narrowest encoding the model was trained for. */
  readonly minInputs: number;
  /** The value every free input takes (in model units). */
  readonly value: number;
}

/**
 * The input padding a checkpoint's `training` section implies: a `bo-prior` run with `minDim < dim` held the
 * free inputs at the centre of the training domain ({@link DEFAULT_NP_DOMAIN}); otherwise none.
 */
export function trainedInputPadding(training: { readonly [key: string]: unknown } | undefined): InputPadding | undefined {
  const { protocol, dim, minDim } = training ?? {};
  if (protocol !== 'bo-prior' || typeof minDim !== 'number' || typeof dim !== 'number' || !(minDim < dim)) return undefined;
  return { minInputs: minDim, value: (DEFAULT_NP_DOMAIN[0] + DEFAULT_NP_DOMAIN[1]) / 2 };
}

/** One model input: which unit-cube coordinate feeds it and how (or a constant padding input). */
type Column =
  | { readonly kind: 'affine'; readonly source: number }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'one-hot'; readonly source: number; readonly level: number; readonly values: readonly number[] };

/** The map from unit-cube points to model inputs, with the chain rule back to the cube. */
export class InputMap {
  /** Number of unit-cube coordinates. */
  readonly dimension: number;
  /** Number of model inputs. */
  readonly width: number;
  private readonly columns: readonly Column[];
  private readonly low: number;
  private readonly span: number;

  /**
   * @param dims the space's coordinates
   * @param domain the model's input box `[low, high]` for affine coordinates
   * @param categorical how the model was trained to see categorical parameters
   * @param model the model's name and input dimension, for the checks and their messages
   * @param padding how the model fills inputs a narrower space leaves free (absent: widths must match)
   * @throws NpUnsupportedSpaceError for a categorical coordinate the model cannot encode, or a width mismatch
   */
  constructor(
    dims: readonly EncodedDimension[],
    domain: readonly [number, number],
    categorical: CategoricalEncoding,
    model: { readonly name: string; readonly xDim: number },
    padding?: InputPadding,
  ) {
    if (!Array.isArray(dims as unknown) || dims.length === 0) throw new Error('context.dims: expected at least one encoded dimension');
    if (!Array.isArray(domain) || domain.length !== 2 || !domain.every(Number.isFinite) || !(domain[0] < domain[1])) {
      throw new Error(`options.npDomain: expected finite [low, high] with low < high, got ${JSON.stringify(domain)}`);
    }
    if (categorical !== 'none' && categorical !== 'one-hot') {
      throw new Error(`options.categorical: expected 'none' or 'one-hot', got ${JSON.stringify(categorical)}`);
    }
    const columns: Column[] = [];
    dims.forEach((dim, j) => {
      if (dim.kind !== 'categorical') {
        columns.push({ kind: 'affine', source: j });
        return;
      }
      if (categorical === 'none') {
        throw new NpUnsupportedSpaceError(
          `context.dims[${j}]: a categorical parameter (${dim.values.length} choices) cannot be served by model ${model.name}: ` +
            `it was not trained with one-hot categorical inputs (options.categorical 'one-hot'); use the GP for this space`,
          'categorical',
          j,
        );
      }
      dim.values.forEach((_, level) => columns.push({ kind: 'one-hot', source: j, level, values: dim.values }));
    });
    const minInputs = padding?.minInputs ?? model.xDim;
    if (columns.length < minInputs || columns.length > model.xDim) {
      const kinds = dims.map((d) => d.kind).join(', ');
      const accepted = minInputs === model.xDim ? `${model.xDim} inputs` : `${minInputs} to ${model.xDim} inputs`;
      throw new NpUnsupportedSpaceError(`model ${model.name} takes ${accepted}, but the space (${kinds}) encodes to ${columns.length}`, 'dimension');
    }
    while (columns.length < model.xDim) columns.push({ kind: 'constant', value: padding?.value ?? 0 });
    this.dimension = dims.length;
    this.width = columns.length;
    this.columns = columns;
    this.low = domain[0];
    this.span = domain[1] - domain[0];
  }

  /** Model inputs of `points`, row-major `n × width` (float32); `name` labels errors. */
  encode(points: readonly Point[], name: string): Float32Array {
    if (!Array.isArray(points)) throw new Error(`${name}: expected an array of points`);
    const out = new Float32Array(points.length * this.width);
    points.forEach((point, i) => {
      if (!(point instanceof Float64Array) || point.length !== this.dimension) {
        throw new Error(`${name}[${i}]: expected a Float64Array of length ${this.dimension}`);
      }
      if (!point.every(Number.isFinite)) throw new Error(`${name}[${i}]: non-finite coordinate`);
      this.columns.forEach((column, c) => {
        out[i * this.width + c] =
          column.kind === 'constant' ? column.value
            : column.kind === 'affine' ? this.low + this.span * point[column.source]
              : nearestIndex(column.values, point[column.source]) === column.level ? 1 : 0;
      });
    });
    return out;
  }

  /**
   * The chain rule back to the cube: gradients with respect to the model inputs of `count` points (row-major
   * `count × width`) → one gradient per point with respect to its unit-cube coordinates.
   */
  pullback(gradients: ArrayLike<number>, count: number): Float64Array[] {
    return Array.from({ length: count }, (_, i) => {
      const g = new Float64Array(this.dimension);
      this.columns.forEach((column, c) => {
        if (column.kind === 'affine') g[column.source] += this.span * gradients[i * this.width + c];
      });
      return g;
    });
  }
}
