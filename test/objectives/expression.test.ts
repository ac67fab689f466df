import { describe, expect, it } from 'vitest';
import { expressionObjective } from '../../src/objectives/expression.js';

describe('expressionObjective', () => {
  it('evaluates with the parameters as variables and math.js constants and functions', async () => {
    const f = await expressionObjective('sin(3*x) + (y-1)^2 + pi', ['x', 'y']);
    expect(f({ x: 0.5, y: 3 })).toBeCloseTo(Math.sin(1.5) + 4 + Math.PI, 14);
  });

  it('lets a parameter shadow a constant and compares categorical strings', async () => {
    expect((await expressionObjective('e * 2', ['e']))({ e: 5 })).toBe(10);
    const f = await expressionObjective('equalText(act, "relu") ? x : 10 * x', ['x', 'act']);
    expect(f({ x: 2, act: 'relu' })).toBe(2);
    expect(f({ x: 2, act: 'tanh' })).toBe(20);
  });

  it('rejects syntax errors, unknown variables and functions, and empty text at setup', async () => {
    await expect(expressionObjective('sin(3*x', ['x'])).rejects.toThrow(/^expr: syntax error in "sin\(3\*x": Parenthesis \) expected/);
    await expect(expressionObjective('x + z', ['x', 'y'])).rejects.toThrow('expr: unknown variable "z" in "x + z"; the variables are x, y');
    await expect(expressionObjective('foo(x)', ['x'])).rejects.toThrow('expr: unknown function "foo"');
    await expect(expressionObjective('sin + x', ['x'])).rejects.toThrow('expr: "sin" is a function');
    await expect(expressionObjective('  ', ['x'])).rejects.toThrow('expr: empty expression');
  });

  it('throws (a failed trial) for a complex, matrix or string result, and passes NaN on', async () => {
    await expect(expressionObjective('sqrt(x)', ['x']).then((f) => f({ x: -4 }))).rejects.toThrow('complex number 2i');
    await expect(expressionObjective('[x, 1]', ['x']).then((f) => f({ x: 1 }))).rejects.toThrow('gave a DenseMatrix');
    expect((await expressionObjective('sqrt(x)', ['x']))({ x: 4 })).toBe(2);
    expect((await expressionObjective('0/x', ['x']))({ x: 0 })).toBeNaN();
  });
});
