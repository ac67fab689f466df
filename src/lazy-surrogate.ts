/**
 * A surrogate that builds its real implementation on first use: the registry hands one out synchronously while
 * the heavy part (TensorFlow.js and the model weights) loads only when the loop first conditions it, so a run
 * that never gets past its initial design, or a process that only lists surrogates, never pays for it.
 */

import type { Rng } from './core/rng.js';
import type { DifferentiablePosterior, Point, Posterior, SearchStyle, Surrogate } from './core/types.js';

/** Delegates every call to the surrogate `load` resolves to, calling `load` once. */
export class LazySurrogate implements Surrogate {
  private target: Promise<Surrogate> | undefined;
  private resolved: Surrogate | undefined;

  /**
   * @param name the registry name reported before and after loading
   * @param load builds the real surrogate; a rejection is reported by every call that needs it
   * @param prefersTrustRegion the loaded surrogate's {@link Surrogate.prefersTrustRegion}, known before it loads
   *   because the loop decides on its trust region when it is built
   */
  constructor(
    readonly name: string,
    private readonly load: () => Promise<Surrogate>,
    readonly prefersTrustRegion = false,
  ) {}

  /** The real surrogate (loaded on the first call). */
  private loaded(): Promise<Surrogate> {
    this.target ??= this.load().then((surrogate) => (this.resolved = surrogate));
    return this.target;
  }

  /** The loaded surrogate's {@link Surrogate.searchStyle} (undefined before it loads). */
  get searchStyle(): SearchStyle | undefined {
    return this.resolved?.searchStyle;
  }

  /** See {@link Surrogate.condition}. */
  async condition(X: readonly Point[], y: Float64Array): Promise<void> {
    await (await this.loaded()).condition(X, y);
  }

  /** See {@link Surrogate.append} (the loaded surrogate must implement it). */
  async append(X: readonly Point[], y: Float64Array): Promise<void> {
    const surrogate = await this.loaded();
    if (!surrogate.append) throw new Error(`surrogate ${this.name}: append is not supported`);
    await surrogate.append(X, y);
  }

  /** See {@link Surrogate.posterior}. */
  async posterior(Xq: readonly Point[]): Promise<Posterior> {
    return (await this.loaded()).posterior(Xq);
  }

  /** See {@link Surrogate.posteriorWithGradient} (the loaded surrogate must implement it). */
  async posteriorWithGradient(Xq: readonly Point[]): Promise<DifferentiablePosterior> {
    const surrogate = await this.loaded();
    if (!surrogate.posteriorWithGradient) throw new Error(`surrogate ${this.name}: gradients are not supported`);
    return surrogate.posteriorWithGradient(Xq);
  }

  /** See {@link Surrogate.sample}. */
  async sample(Xq: readonly Point[], nSamples: number, rng: Rng): Promise<Float64Array[]> {
    return (await this.loaded()).sample(Xq, nSamples, rng);
  }
}
