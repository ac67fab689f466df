import { describe, expect, it } from 'vitest';
import { expressionObjective } from '../../src/objectives/expression.js';

describe('expressionObjective', () => {
  it('evaluates with the parameters as variables and math.js constants and functions', () => {
    const f = expressionObjective('sin(3*x) + (y-1)^2 + pi', ['x', 'y']);
    expect(f({ x: 0.5, y: 3 })).toBeCloseTo(Math.sin(1.5) + 4 + Math.PI, 14);
  });

  it('lets a parameter shadow a constant and compares categorical strings', () => {
    expect(expressionObjective('e * 2', ['e'])({ e: 5 })).toBe(10);
    const f = expressionObjective('equalText(act, "relu") ? x : 10 * x', ['x', 'act']);
    expect(f({ x: 2, act: 'relu' })).toBe(2);
    expect(f({ x: 2, act: 'tanh' })).toBe(20);
  });

  it('rejects syntax errors, unknown variables and functions, and empty text at setup', () => {
    expect(() => expressionObjective('sin(3*x', ['x'])).toThrow(/^expr: syntax error in "sin\(3\*x": Parenthesis \) expected/);
    expect(() => expressionObjective('x + z', ['x', 'y'])).toThrow('expr: unknown variable "z" in "x + z"; the variables are x, y');
    expect(() => expressionObjective('foo(x)', ['x'])).toThrow('expr: unknown function "foo"');
    expect(() => expressionObjective('sin + x', ['x'])).toThrow('expr: "sin" is a function');
    expect(() => expressionObjective('  ', ['x'])).toThrow('expr: empty expression');
  });

  it('throws (a failed trial) for a complex, matrix or string result, and passes NaN on', () => {
    expect(() => expressionObjective('sqrt(x)', ['x'])({ x: -4 })).toThrow('complex number 2i');
    expect(() => expressionObjective('[x, 1]', ['x'])({ x: 1 })).toThrow('gave a DenseMatrix');
    expect(() => expressionObjective('"text"', ['x'])({ x: 1 })).toThrow('gave a string');
    expect(expressionObjective('sqrt(x)', ['x'])({ x: 4 })).toBe(2);
    expect(expressionObjective('0/x', ['x'])({ x: 0 })).toBeNaN();
  });
});
