/**
 * The exact float64 Gaussian-process surrogate: {@link GaussianProcess} and its building blocks' public
 * surface (kernel names, refit policies, the numerical error it may throw).
 */

export {
  GaussianProcess,
  createGaussianProcess,
  type GaussianProcessOptions,
  type GaussianProcessFitReport,
} from './gp.js';
export { GPNumericalError } from './linalg.js';
export type { KernelName } from './kernel.js';
export { DEFAULT_LENGTHSCALE_PRIOR, type LengthscalePrior } from './hyperparameters.js';
export type { OutputTransformName } from './output-transform.js';
export {
  DEFAULT_REFIT_GROWTH,
  DEFAULT_REFIT_THRESHOLD,
  REFIT_POLICY_NAMES,
  type RefitOptions,
  type RefitPolicyName,
} from './refit-policy.js';
