/**
 * Objectives written as math.js expressions, e.g. `sin(3*x) + (y-1)^2`, with the search-space parameters as
 * variables. math.js is loaded on first use, from its single-file bundle: the same library, but it loads in a
 * fraction of a second where the module tree takes seconds.
 */

import { createRequire } from 'node:module';
import type { Params } from '../core/space.js';
import { ObjectiveError } from './objective-error.js';

/** An objective built from an expression: evaluating it gives a number or throws why it could not. */
export type ExpressionObjective = (params: Params) => number;

function fail(problem: string): never {
  throw new ObjectiveError('expr', problem);
}

/** Converts what math.js returned to a real number, or throws a one-line reason (a failed trial). */
function toReal(typeOf: (value: unknown) => string, value: unknown): number {
  const type = typeOf(value);
  if (type === 'number') return value as number;
  if (type === 'boolean' || type === 'BigNumber' || type === 'Fraction') return Number(value);
  if (type === 'Complex') {
    const { re, im } = value as { re: number; im: number };
    if (im === 0) return re;
    throw new Error(`expression gave the complex number ${String(value)}, not a real number`);
  }
  throw new Error(`expression gave a ${type}, not a number`);
}

/**
 * Compiles `text` with the parameters `names` as its variables. Throws {@link ObjectiveError} (`expr: ...`) for
 * a syntax error, an unknown variable or function, or an empty expression; math.js constants (`pi`, `e`, ...)
 * and functions are available, and a parameter shadows a constant of the same name. An evaluation that gives
 * a complex number, a matrix or a string throws, so the trial is recorded as failed.
 */
export function expressionObjective(text: string, names: readonly string[]): ExpressionObjective {
  const math = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof import('mathjs');
  if (typeof text !== 'string' || text.trim() === '') fail('empty expression');
  let node: import('mathjs').MathNode;
  try {
    node = math.parse(text);
  } catch (error) {
    fail(`syntax error in "${text}": ${(error as Error).message}`);
  }
  const variables = new Set(names);
  const builtIn = (name: string): unknown => {
    try {
      return math.evaluate(name);
    } catch {
      return undefined;
    }
  };
  node.traverse((child, path, parent) => {
    if (!(child as { isSymbolNode?: boolean }).isSymbolNode) return;
    const name = (child as import('mathjs').SymbolNode).name;
    const isCall = path === 'fn' && (parent as { isFunctionNode?: boolean } | null)?.isFunctionNode === true;
    if (isCall) {
      if (typeof builtIn(name) !== 'function') fail(`unknown function "${name}" in "${text}"`);
    } else if (!variables.has(name)) {
      const value = builtIn(name);
      if (value === undefined) fail(`unknown variable "${name}" in "${text}"; the variables are ${names.join(', ')}`);
      if (typeof value === 'function') fail(`"${name}" is a function; call it, e.g. ${name}(x)`);
    }
  });
  const compiled = node.compile();
  return (params) => toReal(math.typeOf, compiled.evaluate({ ...params }));
}
