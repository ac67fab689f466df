import { describe, expect, it } from 'vitest';
import { categorical, float, int } from '../../src/core/space.js';
import { formatSpace, parseSpace } from '../../src/objectives/space-syntax.js';

describe('parseSpace', () => {
  it('reads floats, log floats, ints, steps and categoricals', () => {
    expect(parseSpace('x=-2:2, lr=1e-5:1e-1:log ,n=int:1:8,act=cat:relu|tanh,k=int:1:64:log,s=float:0:1:step=0.25')).toEqual({
      x: float(-2, 2),
      lr: float(1e-5, 1e-1, { log: true }),
      n: int(1, 8),
      act: categorical(['relu', 'tanh']),
      k: int(1, 64, { log: true }),
      s: float(0, 1, { step: 0.25 }),
    });
  });

  it('makes categorical choices numbers only when every choice is one', () => {
    expect(parseSpace('w=cat:16|32|64').w).toEqual(categorical([16, 32, 64]));
    expect(parseSpace('w=cat:16|wide').w).toEqual(categorical(['16', 'wide']));
  });

  it('round-trips through formatSpace', () => {
    const text = 'x=-2:2,lr=0.00001:0.1:log,n=int:1:8,act=cat:relu|tanh,s=0:1:step=0.25';
    expect(parseSpace(formatSpace(parseSpace(text)))).toEqual(parseSpace(text));
    expect(formatSpace(parseSpace('x=-2:2,n=int:1:8:log,act=cat:a|b'))).toBe('x=-2:2,n=int:1:8:log,act=cat:a|b');
  });

  const bad: [string, RegExp][] = [
    ['', /^space: empty/],
    ['x', /^space: "x": missing "="/],
    ['x=1', /^space: "x=1": expected name=low:high/],
    ['x=a:2', /^space: "x=a:2": low "a" is not a number/],
    ['x=0:', /^space: "x=0:": high "" is not a number/],
    ['x=2:1', /^space: parameter "x": low must be < high/],
    ['x=0:1:log', /^space: parameter "x": log scale needs low > 0/],
    ['n=int:0.5:3', /^space: parameter "n": int bounds must be integers/],
    ['x=0:1:cubic', /^space: "x=0:1:cubic": unknown option "cubic"/],
    ['x=0:1,x=1:2', /^space: parameter "x" is declared twice/],
    ['1x=0:1', /^space: "1x=0:1": parameter name "1x" must be an identifier/],
    ['x=0:1,,y=0:1', /^space: empty entry/],
    ['a=cat:u||v', /^space: "a=cat:u\|\|v": empty categorical choice/],
    ['a=cat:u|u', /^space: parameter "a": categorical choices must be distinct/],
  ];
  for (const [text, pattern] of bad) {
    it(`rejects ${JSON.stringify(text)} with a one-line reason`, () => {
      expect(() => parseSpace(text)).toThrow(pattern);
    });
  }
});
