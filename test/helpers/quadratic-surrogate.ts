/**
 * A surrogate with a closed-form posterior for testing acquisitions and the loop: mean `Σ_j (x_j − c_j)²`,
 * std `s·(1 + Σ_j sin(3x_j)²)`, with exact gradients. Its samples are the mean plus independent noise.
 */

import type { Rng } from '../../src/core/rng.js';
import type { DifferentiablePosterior, Point, Posterior, Surrogate } from '../../src/core/types.js';

export class QuadraticSurrogate implements Surrogate {
  readonly name = 'quadratic';
  conditionCalls = 0;
  appended: Point[] = [];

  constructor(
    private readonly centre: readonly number[],
    private readonly scale = 0.1,
    private readonly withGradient = true,
  ) {
    if (!withGradient) this.posteriorWithGradient = undefined;
  }

  async condition(): Promise<void> {
    this.conditionCalls++;
    this.appended = [];
  }

  async append(X: readonly Point[]): Promise<void> {
    this.appended.push(...X);
  }

  mean(x: Point): number {
    return x.reduce((s, v, j) => s + (v - this.centre[j]) ** 2, 0);
  }

  std(x: Point): number {
    return this.scale * (1 + x.reduce((s, v) => s + Math.sin(3 * v) ** 2, 0));
  }

  async posterior(Xq: readonly Point[]): Promise<Posterior> {
    return { mean: Float64Array.from(Xq, (x) => this.mean(x)), std: Float64Array.from(Xq, (x) => this.std(x)) };
  }

  posteriorWithGradient?: (Xq: readonly Point[]) => Promise<DifferentiablePosterior> = async (Xq) => {
    const base = await this.posterior(Xq);
    return {
      ...base,
      pullback: async (gMean, gStd) =>
        Xq.map((x, i) => Float64Array.from(x, (v, j) => gMean[i] * 2 * (v - this.centre[j]) + gStd[i] * this.scale * 3 * Math.sin(6 * v))),
    };
  };

  async sample(Xq: readonly Point[], nSamples: number, rng: Rng): Promise<Float64Array[]> {
    return Array.from({ length: nSamples }, () => Float64Array.from(Xq, (x) => this.mean(x) + 1e-3 * rng.normal()));
  }
}
