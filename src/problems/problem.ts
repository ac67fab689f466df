/**
 * The benchmark-problem interface and the one constructor every benchmark family uses, so that all of them
 * check their input the same way.
 */

/** A benchmark objective to minimise, with its box domain and known optimum (bo.md §9). */
export interface Problem {
  /** Registry name, e.g. `branin` or `ackley:10`. */
  readonly name: string;
  /** Number of inputs. */
  readonly dimension: number;
  /** `[low, high]` per input: the search domain. */
  readonly bounds: readonly (readonly [number, number])[];
  /** The global minimum value `f*`. */
  readonly optimalValue: number;
  /** Points where the global minimum is attained (every one for problems with several). */
  readonly optimizers: readonly (readonly number[])[];
  /**
   * `f(x)`; throws if `x` is not an array of `dimension` numbers. Points outside `bounds` are evaluated too
   * (every benchmark is defined on all of ℝ^d).
   */
  evaluate(x: readonly number[]): number;
}

/** What a benchmark family provides to {@link defineProblem}: the problem's data and its raw formula. */
export interface ProblemDefinition {
  /** See {@link Problem.name}. */
  readonly name: string;
  /** See {@link Problem.bounds}; the dimension is its length. */
  readonly bounds: readonly (readonly [number, number])[];
  /** See {@link Problem.optimalValue}. */
  readonly optimalValue: number;
  /** See {@link Problem.optimizers}. */
  readonly optimizers: readonly (readonly number[])[];
  /** The formula, called with an input already checked to have the right length. */
  readonly objective: (x: readonly number[]) => number;
}

/** A {@link Problem} whose `evaluate` checks its input and then applies `definition.objective`. */
export function defineProblem(definition: ProblemDefinition): Problem {
  const { name, objective } = definition;
  const dimension = definition.bounds.length;
  return Object.freeze({
    name,
    dimension,
    bounds: Object.freeze(definition.bounds.map((b) => Object.freeze([b[0], b[1]] as const))),
    optimalValue: definition.optimalValue,
    optimizers: Object.freeze(definition.optimizers.map((x) => Object.freeze([...x]))),
    evaluate(x: readonly number[]): number {
      if (!Array.isArray(x) || x.length !== dimension) {
        const got = Array.isArray(x) ? `length ${x.length}` : typeof x;
        throw new Error(`${name}: x must be an array of ${dimension} numbers (got ${got})`);
      }
      for (let i = 0; i < dimension; i++) {
        if (typeof x[i] !== 'number' || Number.isNaN(x[i])) throw new Error(`${name}: x[${i}] must be a number (got ${String(x[i])})`);
      }
      return objective(x);
    },
  });
}

/** `dimension` copies of the interval `[low, high]`. */
export function cube(dimension: number, low: number, high: number): (readonly [number, number])[] {
  return Array.from({ length: dimension }, () => [low, high] as const);
}
