/**
 * When the GP's `condition` refits its hyper-parameters θ. A fit costs dozens of O(n³) likelihood evaluations,
 * so refitting on every new observation dominates a BO loop's time at a few hundred observations or more.
 *
 * - `always`: every `condition` refits (warm-started from the previous θ).
 * - `growth` (default): every `condition` on at most `threshold` observations refits, exactly as `always` does.
 *   Beyond it, θ is refitted only when the number of observations has grown by the fraction `growth` since the
 *   last fit (see {@link nextRefitSize}), or when the data are not an extension of the data last conditioned on
 *   (an earlier observation changed or disappeared). In between, θ is kept and the GP only updates its
 *   factorisation and output transform for the new data.
 *
 * With the defaults (threshold 100, growth 5 %) a loop that conditions on n = 1, 2, …, 1000 refits at every
 * n ≤ 100, then at n = 105, 111, 117, 123, …: 45 fits between 101 and 1000 observations instead of 900.
 */

/** Name of a refit policy. */
export type RefitPolicyName = 'always' | 'growth';

/** Every {@link RefitPolicyName}. */
export const REFIT_POLICY_NAMES: readonly RefitPolicyName[] = ['always', 'growth'];
/** Default `threshold` of the `growth` policy: conditions on up to this many observations always refit. */
export const DEFAULT_REFIT_THRESHOLD = 100;
/** Default `growth` of the `growth` policy: beyond the threshold, refit once n has grown by 5 %. */
export const DEFAULT_REFIT_GROWTH = 0.05;

/** A validated refit policy. */
export interface RefitPolicy {
  /** Which policy. */
  readonly name: RefitPolicyName;
  /** `growth` only: conditions on at most this many observations refit. */
  readonly threshold: number;
  /** `growth` only: the relative growth of n since the last fit that triggers a refit. */
  readonly growth: number;
}

/**
 * When the GP's `condition` refits the hyper-parameters. `growth` (default) refits on every condition with at
 * most `refitThreshold` observations; beyond that, once the number of observations has grown by the fraction
 * `refitGrowth` since the last fit, or when the data do not extend the previous data; in between it keeps θ.
 * `always` refits on every condition.
 */
export interface RefitOptions {
  /** The policy (default `growth`). */
  refit?: RefitPolicyName;
  /** Threshold of the `growth` policy (default {@link DEFAULT_REFIT_THRESHOLD}); an integer ≥ 0. */
  refitThreshold?: number;
  /** Growth fraction of the `growth` policy (default {@link DEFAULT_REFIT_GROWTH}); finite and ≥ 0. */
  refitGrowth?: number;
}

/** The policy described by `options`; throws an Error naming the option when a setting is invalid. */
export function refitPolicy(options: RefitOptions): RefitPolicy {
  const name = options.refit ?? 'growth';
  if (!REFIT_POLICY_NAMES.includes(name)) {
    throw new Error(`options.refit: expected one of ${REFIT_POLICY_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  }
  const threshold = options.refitThreshold ?? DEFAULT_REFIT_THRESHOLD;
  if (!(Number.isInteger(threshold) && threshold >= 0)) {
    throw new Error(`options.refitThreshold: expected an integer ≥ 0, got ${threshold}`);
  }
  const growth = options.refitGrowth ?? DEFAULT_REFIT_GROWTH;
  if (!(Number.isFinite(growth) && growth >= 0)) {
    throw new Error(`options.refitGrowth: expected a finite number ≥ 0, got ${growth}`);
  }
  return { name, threshold, growth };
}

/**
 * The smallest number of observations at which the `growth` policy refits after a fit on `fitted`
 * observations: the first n with `n − fitted ≥ growth·fitted`, and at least `fitted + 1`.
 */
export function nextRefitSize(fitted: number, growth: number): number {
  // The tolerance keeps products such as 0.05·100 from rounding up past the integer they denote.
  return fitted + Math.max(1, Math.ceil(growth * fitted - 1e-9));
}

/**
 * Whether the schedule of `policy` makes a `condition` on `n` observations refit θ, given the number of
 * observations `fitted` of the last fit (`undefined` before any fit). A `condition` whose data do not extend the
 * previous data refits regardless; the GP checks that itself.
 */
export function refitDue(policy: RefitPolicy, n: number, fitted: number | undefined): boolean {
  if (policy.name === 'always' || n <= policy.threshold || fitted === undefined) return true;
  return n >= nextRefitSize(fitted, policy.growth);
}
