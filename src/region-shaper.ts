/**
 * The package's {@link RegionShaper}: a GP's fitted ARD lengthscales (bo.md §4), the estimate TuRBO shapes its
 * trust regions with. Each call fits a fresh GP, so the estimate depends only on the observations and the seed:
 * a resumed run shapes its regions exactly as the uninterrupted run would.
 */

import type { SurrogateContext } from './core/types.js';
import type { RegionShaper } from './core/trust-region.js';
import { GaussianProcess } from '../surrogates/gp/index.js';

/** Lengthscales of a GP fitted to the observations; undefined when its fit failed (the region is then a cube). */
export function gpRegionShaper(context: SurrogateContext): RegionShaper {
  return async (X, y) => {
    const gp = new GaussianProcess(context);
    await gp.condition(X, y);
    const fit = gp.lastFit;
    if (!fit || fit.flagged) return undefined;
    return Float64Array.from(context.dims, (_, j) => Math.exp(fit.logTheta[j]));
  };
}
