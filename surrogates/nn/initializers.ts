/**
 * Seeded weight initialisers. Each fills a float32 array from an {@link Rng} stream in plain JavaScript, so the
 * initial weights are identical on every backend and in every process for the same seed.
 */

import type { Rng } from '../../src/core/rng.js';

/** Fills a parameter of the given shape from a random stream. */
export type Initializer = (shape: readonly number[], rng: Rng) => Float32Array;

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** All zeros. */
export const zeros: Initializer = (shape) => new Float32Array(sizeOf(shape));

/** All ones. */
export const ones: Initializer = (shape) => new Float32Array(sizeOf(shape)).fill(1);

/** Every element equal to `value`. */
export function constant(value: number): Initializer {
  return (shape) => new Float32Array(sizeOf(shape)).fill(value);
}

/** Exactly these values (row-major); the length must match the shape. */
export function fromValues(values: ArrayLike<number>): Initializer {
  return (shape) => {
    if (values.length !== sizeOf(shape)) {
      throw new Error(`fromValues: ${values.length} values do not fill shape [${shape.join(', ')}]`);
    }
    return Float32Array.from(values);
  };
}

/** Independent N(0, std²) draws. */
export function normal(std: number): Initializer {
  return (shape, rng) => {
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = std * rng.normal();
    return out;
  };
}

/**
 * Glorot (Xavier) uniform for a weight matrix `[fanIn, fanOut]`: U(−l, l) with `l = √(6 / (fanIn + fanOut))`.
 * For higher ranks the last axis is fan-out and the product of the others fan-in.
 */
export const glorotUniform: Initializer = (shape, rng) => {
  if (shape.length < 2) throw new Error(`glorotUniform: shape [${shape.join(', ')}] needs at least two axes`);
  const fanOut = shape[shape.length - 1];
  const fanIn = sizeOf(shape) / fanOut;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = rng.uniformIn(-limit, limit);
  return out;
};
