/**
 * Search spaces: named parameters (float, log-float, int, categorical) and their encoding to the unit cube.
 *
 * Encoding (bo.md §2): a float maps affinely (log-floats in log space) onto `[0,1]`; an int with `k` values is
 * relaxed to `[low−0.5, high+0.5]` and scaled, so value `i` sits at the centre `(i+0.5)/k` of its cell; a
 * categorical with `k` choices puts choice `i` at `(i+0.5)/k` too. Decoding rounds discrete coordinates to their
 * cell, so every decoded point is a valid point of the space.
 */

import type { EncodedDimension, Point } from './types.js';

/** Raised when a search space (or a point of it) is invalid; the message names the parameter. */
export class SearchSpaceError extends Error {
  /** Error class name. */
  override readonly name = 'SearchSpaceError';
}

/** A real-valued parameter in `[low, high]`, optionally on a log scale or a grid of `step`. */
export interface FloatParam {
  /** Discriminant. */
  readonly type: 'float';
  /** Smallest value. */
  readonly low: number;
  /** Largest value. */
  readonly high: number;
  /** Search on a logarithmic scale. */
  readonly log: boolean;
  /** Grid spacing from `low`, if the values lie on a grid. */
  readonly step?: number;
}

/** An integer parameter in `[low, high]` (both included), optionally on a log scale or a grid of `step`. */
export interface IntParam {
  /** Discriminant. */
  readonly type: 'int';
  /** Smallest value. */
  readonly low: number;
  /** Largest value. */
  readonly high: number;
  /** Search on a logarithmic scale. */
  readonly log: boolean;
  /** Spacing of the allowed values from `low` (default 1). */
  readonly step?: number;
}

/** A parameter taking one of a finite list of choices. */
export interface CategoricalParam {
  /** Discriminant. */
  readonly type: 'categorical';
  /** The allowed values, distinct. */
  readonly choices: readonly (string | number | boolean)[];
}

/** Any parameter declaration. */
export type ParamSpec = FloatParam | IntParam | CategoricalParam;

/** Parameter declarations keyed by parameter name. */
export type SpaceSpec = Readonly<Record<string, ParamSpec>>;

/** A value of a parameter. */
export type ParamValue = number | string | boolean;

/** A point of the search space in user units, keyed by parameter name. */
export type Params = Record<string, ParamValue>;

/** Options of {@link float} and {@link int}. */
export interface NumericOptions {
  /** Search on a logarithmic scale (requires `low > 0`). */
  readonly log?: boolean;
  /** Restrict values to `low + k·step`. */
  readonly step?: number;
}

/** Declares a real-valued parameter in `[low, high]`. */
export function float(low: number, high: number, options: NumericOptions = {}): FloatParam {
  return { type: 'float', low, high, log: options.log ?? false, ...(options.step !== undefined ? { step: options.step } : {}) };
}

/** Declares an integer parameter in `[low, high]` (both included). */
export function int(low: number, high: number, options: NumericOptions = {}): IntParam {
  return { type: 'int', low, high, log: options.log ?? false, ...(options.step !== undefined ? { step: options.step } : {}) };
}

/** Declares a categorical parameter. */
export function categorical<T extends string | number | boolean>(choices: readonly T[]): CategoricalParam {
  return { type: 'categorical', choices: [...choices] };
}

function validate(name: string, spec: ParamSpec): void {
  const fail = (problem: string): never => {
    throw new SearchSpaceError(`parameter "${name}": ${problem}`);
  };
  if (spec === null || typeof spec !== 'object') fail('is not a parameter declaration');
  if (spec.type === 'categorical') {
    if (!Array.isArray(spec.choices) || spec.choices.length === 0) fail('categorical needs at least one choice');
    if (new Set(spec.choices).size !== spec.choices.length) fail('categorical choices must be distinct');
    return;
  }
  if (spec.type !== 'float' && spec.type !== 'int') fail(`unknown type "${(spec as { type: unknown }).type}"`);
  const { low, high } = spec;
  if (!Number.isFinite(low) || !Number.isFinite(high)) fail(`bounds must be finite numbers (got low=${low}, high=${high})`);
  if (!(low < high)) fail(`low must be < high (got low=${low}, high=${high})`);
  if (spec.log && !(low > 0)) fail(`log scale needs low > 0 (got low=${low})`);
  if (spec.type === 'int' && (!Number.isInteger(low) || !Number.isInteger(high))) fail(`int bounds must be integers (got ${low}, ${high})`);
  if (spec.step !== undefined) {
    if (!(spec.step > 0) || !Number.isFinite(spec.step)) fail(`step must be a positive number (got ${spec.step})`);
    if (spec.log) fail('step cannot be combined with log scale');
    const k = (high - low) / spec.step;
    if (Math.abs(k - Math.round(k)) > 1e-9 * Math.max(1, k)) fail(`step ${spec.step} does not divide the range [${low}, ${high}]`);
    if (spec.type === 'int' && !Number.isInteger(spec.step)) fail(`int step must be an integer (got ${spec.step})`);
  }
}

const clamp01 = (u: number): number => (u < 0 ? 0 : u > 1 ? 1 : u);

/** Index of the entry of the ascending array `values` nearest to `u`. */
export function nearestIndex(values: readonly number[], u: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= u) lo = mid;
    else hi = mid;
  }
  return Math.abs(values[hi] - u) < Math.abs(u - values[lo]) ? hi : lo;
}

/**
 * Moves every discrete coordinate of `point` to the nearest allowed value, so that the point decodes to the
 * same parameters and two points with equal decoded values have equal coordinates. Continuous coordinates
 * are clamped to `[0,1]`. Returns a new point.
 */
export function snapPoint(point: Point, dims: readonly EncodedDimension[]): Point {
  const out = new Float64Array(point.length);
  for (let j = 0; j < point.length; j++) {
    const dim = dims[j];
    out[j] = dim.kind === 'continuous' ? clamp01(point[j]) : dim.values[nearestIndex(dim.values, point[j])];
  }
  return out;
}

/** Distance (L∞, unit cube) under which two points count as the same point (bo.md §7). */
export const DUPLICATE_TOLERANCE = 1e-6;

/** Whether `points` holds a point within `tolerance` (L∞; default {@link DUPLICATE_TOLERANCE}) of `point`. */
export function containsPoint(points: readonly Point[], point: Point, tolerance = DUPLICATE_TOLERANCE): boolean {
  return points.some((other) => {
    for (let j = 0; j < point.length; j++) if (Math.abs(point[j] - other[j]) > tolerance) return false;
    return true;
  });
}

/** A validated search space with its unit-cube encoding. */
export class SearchSpace {
  /** Parameter names, in declaration order (= coordinate order of the unit cube). */
  readonly names: readonly string[];
  /** The declarations, by name. */
  readonly spec: SpaceSpec;
  /** One encoded dimension per parameter. */
  readonly dims: readonly EncodedDimension[];

  /** Validates `spec`; throws {@link SearchSpaceError} naming the offending parameter. */
  constructor(spec: SpaceSpec) {
    if (spec === null || typeof spec !== 'object' || Object.keys(spec).length === 0) {
      throw new SearchSpaceError('space: must declare at least one parameter');
    }
    for (const [name, param] of Object.entries(spec)) validate(name, param);
    this.spec = spec;
    this.names = Object.keys(spec);
    this.dims = this.names.map((name) => encodedDimension(spec[name]));
  }

  /** Number of unit-cube coordinates. */
  get dimension(): number {
    return this.names.length;
  }

  /** Encodes a point in user units; throws {@link SearchSpaceError} for missing or out-of-range values. */
  encode(params: Params): Point {
    const out = new Float64Array(this.names.length);
    this.names.forEach((name, j) => {
      const param = this.spec[name];
      const value = params[name];
      if (value === undefined) throw new SearchSpaceError(`parameter "${name}": missing value`);
      if (param.type === 'categorical') {
        const i = param.choices.indexOf(value);
        if (i < 0) throw new SearchSpaceError(`parameter "${name}": ${JSON.stringify(value)} is not one of ${JSON.stringify(param.choices)}`);
        out[j] = (this.dims[j] as { values: readonly number[] }).values[i];
        return;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new SearchSpaceError(`parameter "${name}": expected a finite number, got ${JSON.stringify(value)}`);
      const slack = 1e-9 * Math.max(1, Math.abs(param.high), Math.abs(param.low));
      if (value < param.low - slack || value > param.high + slack) {
        throw new SearchSpaceError(`parameter "${name}": ${value} is outside [${param.low}, ${param.high}]`);
      }
      out[j] = this.encodeNumber(param, this.dims[j], value);
    });
    return out;
  }

  /** Decodes a unit-cube point (coordinates clamped to `[0,1]`) to user units; always a valid point. */
  decode(point: Point): Params {
    const out: Params = {};
    this.names.forEach((name, j) => {
      const param = this.spec[name];
      const dim = this.dims[j];
      const u = clamp01(point[j]);
      if (param.type === 'categorical') {
        out[name] = param.choices[nearestIndex((dim as { values: readonly number[] }).values, u)];
        return;
      }
      out[name] = this.decodeNumber(param, dim, u);
    });
    return out;
  }

  private encodeNumber(param: FloatParam | IntParam, dim: EncodedDimension, value: number): number {
    const u = encodeContinuous(param, value);
    return dim.kind === 'continuous' ? u : dim.values[nearestIndex(dim.values, u)];
  }

  private decodeNumber(param: FloatParam | IntParam, dim: EncodedDimension, u: number): number {
    if (dim.kind === 'continuous') return decodeContinuous(param, u);
    const i = nearestIndex(dim.values, u);
    return param.step !== undefined ? Math.min(param.high, param.low + i * param.step) : param.low + i;
  }
}

/** The interval a numeric parameter's unit coordinate maps onto (log space for log scale; ints padded by ½). */
function relaxedRange(param: FloatParam | IntParam): [number, number] {
  const pad = param.type === 'int' ? 0.5 : 0;
  const low = param.low - pad;
  const high = param.high + pad;
  return param.log ? [Math.log(low), Math.log(high)] : [low, high];
}

function encodeContinuous(param: FloatParam | IntParam, value: number): number {
  const [a, b] = relaxedRange(param);
  return clamp01(((param.log ? Math.log(value) : value) - a) / (b - a));
}

function decodeContinuous(param: FloatParam | IntParam, u: number): number {
  const [a, b] = relaxedRange(param);
  const v = a + u * (b - a);
  return Math.min(param.high, Math.max(param.low, param.log ? Math.exp(v) : v));
}

/** The unit-cube coordinate of a declaration: continuous, or discrete with the coordinate of every value. */
function encodedDimension(param: ParamSpec): EncodedDimension {
  if (param.type === 'categorical') {
    const k = param.choices.length;
    return { kind: 'categorical', values: param.choices.map((_, i) => (i + 0.5) / k) };
  }
  if (param.type === 'float' && param.step === undefined) return { kind: 'continuous' };
  const step = param.step ?? 1;
  const count = Math.round((param.high - param.low) / step) + 1;
  const values = Array.from({ length: count }, (_, i) => encodeContinuous(param, param.low + i * step));
  return { kind: 'integer', values };
}
