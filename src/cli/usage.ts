/** Command-line usage errors: bad arguments end the command with exit code 2 and a one-line reason. */

/** A bad command-line argument; the message is the one-line reason printed on stderr. */
export class UsageError extends Error {
  /** The error's class name. */
  override readonly name = 'UsageError';
}

/** Parses a strictly positive integer flag value; throws {@link UsageError} naming the flag. */
export function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${flag}: expected an integer >= 1, got "${text}"`);
  return value;
}

/** Parses an integer flag value (any sign); throws {@link UsageError} naming the flag. */
export function integer(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new UsageError(`--${flag}: expected an integer, got "${text}"`);
  return value;
}

/** Checks that `value` is one of `names`; throws {@link UsageError} naming the flag and the valid names. */
export function oneOf<T extends string>(flag: string, value: string, names: readonly T[]): T {
  if (!(names as readonly string[]).includes(value)) throw new UsageError(`--${flag}: unknown "${value}"; expected one of ${names.join(', ')}`);
  return value as T;
}

/** Parses a number >= 0 (e.g. seconds); throws {@link UsageError} naming the flag. */
export function nonNegativeNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = text.trim() === '' ? NaN : Number(text);
  if (!(value >= 0) || !Number.isFinite(value)) throw new UsageError(`--${flag}: expected a number >= 0, got "${text}"`);
  return value;
}

/** Parses a comma-separated list of names, each one of `names`; throws {@link UsageError} naming the flag. */
export function listOf<T extends string>(flag: string, text: string, names: readonly T[]): T[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new UsageError(`--${flag}: empty name in "${text}"`);
  return [...new Set(items.map((item) => oneOf(flag, item, names)))];
}

/** Parses a comma-separated list of integers >= 1; throws {@link UsageError} naming the flag. */
export function positiveIntegers(flag: string, text: string): number[] {
  return text.split(',').map((item) => positiveInteger(flag, item.trim(), 0));
}

/** The parsed values of the `--trust-region` and `--no-trust-region` flags. */
export interface TrustRegionFlags {
  /** `--trust-region` was given. */
  readonly 'trust-region'?: boolean;
  /** `--no-trust-region` was given. */
  readonly 'no-trust-region'?: boolean;
}

/** The options that declare `--trust-region` and `--no-trust-region` for `parseArgs`. */
export const TRUST_REGION_OPTIONS = {
  'trust-region': { type: 'boolean' },
  'no-trust-region': { type: 'boolean' },
} as const;

/**
 * `true` for `--trust-region`, `false` for `--no-trust-region`, undefined for neither (each surrogate's default);
 * throws {@link UsageError} when both are given.
 */
export function trustRegionFlag(values: TrustRegionFlags): boolean | undefined {
  const on = values['trust-region'] === true;
  const off = values['no-trust-region'] === true;
  if (on && off) throw new UsageError('--trust-region: cannot be combined with --no-trust-region');
  return on ? true : off ? false : undefined;
}
