import { describe, expect, it } from 'vitest';
import type { EncodedDimension } from '../../../src/core/types.js';
import { InputMap, NpUnsupportedSpaceError } from '../../../surrogates/np/input-map.js';

const continuous: EncodedDimension = { kind: 'continuous' };
const integer: EncodedDimension = { kind: 'integer', values: [0.125, 0.375, 0.625, 0.875] };
const colour: EncodedDimension = { kind: 'categorical', values: [1 / 6, 0.5, 5 / 6] };

describe('InputMap', () => {
  it('maps continuous and integer coordinates affinely onto the domain and chains gradients back', () => {
    const map = new InputMap([continuous, integer], [-2, 2], 'none', { name: 'm', xDim: 2 });
    expect(map.width).toBe(2);
    expect(Array.from(map.encode([Float64Array.of(0, 1), Float64Array.of(0.25, 0.375)], 'X'))).toEqual([-2, 2, -1, -0.5]);
    const sub = new InputMap([continuous], [-1, 1], 'none', { name: 'm', xDim: 1 });
    expect(Array.from(sub.encode([Float64Array.of(0.75)], 'X'))).toEqual([0.5]);
    const [g] = map.pullback([3, -1], 1);
    expect(Array.from(g)).toEqual([12, -4]);
    expect(Array.from(sub.pullback([3], 1)[0])).toEqual([6]);
  });

  it('refuses categorical coordinates unless the model was trained with one-hot inputs, naming the parameter kind', () => {
    const make = (): InputMap => new InputMap([continuous, colour], [-2, 2], 'none', { name: 'tnp-kr-sa', xDim: 2 });
    expect(make).toThrow(NpUnsupportedSpaceError);
    expect(make).toThrow(/context\.dims\[1\]: a categorical parameter \(3 choices\) cannot be served by model tnp-kr-sa/);
    try {
      make();
    } catch (error) {
      expect((error as NpUnsupportedSpaceError).name).toBe('NpUnsupportedSpaceError');
      expect((error as NpUnsupportedSpaceError).reason).toBe('categorical');
      expect((error as NpUnsupportedSpaceError).dimension).toBe(1);
    }
  });

  it('one-hot encodes categorical coordinates for a model trained so; their gradient is zero', () => {
    const map = new InputMap([colour, continuous], [-2, 2], 'one-hot', { name: 'm', xDim: 4 });
    expect(map.width).toBe(4);
    expect(Array.from(map.encode([Float64Array.of(0.5, 0.5), Float64Array.of(0.9, 0)], 'X'))).toEqual([0, 1, 0, 0, 0, 0, 1, -2]);
    expect(Array.from(map.pullback([5, 6, 7, 1], 1)[0])).toEqual([0, 4]);
  });

  it('requires the model input dimension to equal the encoded width', () => {
    const make = (): InputMap => new InputMap([continuous, continuous, integer], [-2, 2], 'none', { name: 'cnp', xDim: 2 });
    expect(make).toThrow(NpUnsupportedSpaceError);
    expect(make).toThrow(/model cnp takes 2 inputs, but the space \(continuous, continuous, integer\) encodes to 3/);
    expect(() => new InputMap([colour], [-2, 2], 'one-hot', { name: 'm', xDim: 1 })).toThrow(/encodes to 3/);
  });

  it('pads a narrower space with the constant a padded model was trained with; padding inputs get no gradient', () => {
    const padding = { minInputs: 1, value: 0 };
    const map = new InputMap([continuous, integer], [-2, 2], 'none', { name: 'tnp-kr', xDim: 4 }, padding);
    expect(map.width).toBe(4);
    expect(Array.from(map.encode([Float64Array.of(1, 0.375)], 'X'))).toEqual([2, -0.5, 0, 0]);
    expect(Array.from(map.pullback([1, 2, 3, 4], 1)[0])).toEqual([4, 8]);
    const exact = new InputMap([continuous, continuous, continuous, continuous], [-2, 2], 'none', { name: 'tnp-kr', xDim: 4 }, padding);
    expect(Array.from(exact.encode([Float64Array.of(0, 0.25, 0.5, 1)], 'X'))).toEqual([-2, -1, 0, 2]);
    const tooWide = (): InputMap => new InputMap(Array(5).fill(continuous), [-2, 2], 'none', { name: 'tnp-kr', xDim: 4 }, padding);
    expect(tooWide).toThrow(/model tnp-kr takes 1 to 4 inputs, but the space \(continuous, continuous, continuous, continuous, continuous\) encodes to 5/);
    const tooNarrow = (): InputMap => new InputMap([continuous], [-2, 2], 'none', { name: 'm', xDim: 4 }, { minInputs: 2, value: 0 });
    expect(tooNarrow).toThrow(/takes 2 to 4 inputs/);
  });

  it('rejects bad domains, options and points, naming them', () => {
    const model = { name: 'm', xDim: 1 };
    expect(() => new InputMap([continuous], [2, -2], 'none', model)).toThrow(/options\.npDomain: expected finite \[low, high\]/);
    expect(() => new InputMap([continuous], [0, Infinity], 'none', model)).toThrow(/options\.npDomain/);
    expect(() => new InputMap([continuous], [-2, 2], 'binary' as never, model)).toThrow(/options\.categorical/);
    expect(() => new InputMap([], [-2, 2], 'none', model)).toThrow(/context\.dims/);
    const map = new InputMap([continuous], [-2, 2], 'none', model);
    expect(() => map.encode([Float64Array.of(0.1, 0.2)], 'Xq')).toThrow(/Xq\[0\]: expected a Float64Array of length 1/);
    expect(() => map.encode([Float64Array.of(NaN)], 'Xq')).toThrow(/Xq\[0\]: non-finite/);
    expect(() => map.encode('x' as never, 'X')).toThrow(/X: expected an array/);
  });
});
