/**
 * The random-search baseline as a surrogate: it knows nothing about the objective (`modelFree`), so the loop
 * keeps drawing points from its scrambled Sobol design. Its posterior is the standard-normal prior, which lets
 * it stand wherever a surrogate is expected (e.g. in benchmarks).
 */

import type { Rng } from '../src/core/rng.js';
import type { Point, Posterior, Surrogate } from '../src/core/types.js';

/** Random search (Sobol design points throughout the run). */
export class RandomSearch implements Surrogate {
  /** Registry name. */
  readonly name = 'random';
  /** The loop never maximises an acquisition for this surrogate. */
  readonly modelFree = true;

  /** Ignores the data: random search learns nothing. */
  async condition(): Promise<void> {}

  /** The prior: mean 0, std 1 everywhere. */
  async posterior(Xq: readonly Point[]): Promise<Posterior> {
    return { mean: new Float64Array(Xq.length), std: new Float64Array(Xq.length).fill(1) };
  }

  /** Independent standard-normal values (the prior has no correlation to respect). */
  async sample(Xq: readonly Point[], nSamples: number, rng: Rng): Promise<Float64Array[]> {
    return Array.from({ length: nSamples }, () => rng.normals(Xq.length));
  }
}
