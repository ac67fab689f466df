import { describe, it, expect } from 'vitest';
import { addedRows } from '../../../surrogates/gp/data-extension.js';

const rows = (values: number[][]) => Float64Array.from(values.flat());

describe('addedRows', () => {
  const oldX = rows([
    [0.1, 0.2],
    [0.3, 0.4],
    [0.1, 0.2],
  ]);
  const oldY = Float64Array.of(1, 2, 1);

  it('returns the rows after an unchanged prefix', () => {
    const newX = rows([
      [0.1, 0.2],
      [0.3, 0.4],
      [0.1, 0.2],
      [0.5, 0.6],
      [0.7, 0.8],
    ]);
    expect(Array.from(addedRows(oldX, oldY, newX, Float64Array.of(1, 2, 1, 3, 4), 2)!)).toEqual([3, 4]);
  });

  it('finds the old rows in any order, duplicates counted, and returns the others in their order', () => {
    // Sorted by value, as the BO loop conditions: the new rows land among the old ones.
    const newX = rows([
      [0.9, 0.9],
      [0.1, 0.2],
      [0.1, 0.2],
      [0.5, 0.6],
      [0.3, 0.4],
      [0.1, 0.2],
    ]);
    expect(Array.from(addedRows(oldX, oldY, newX, Float64Array.of(0, 1, 1, 1.5, 2, 1), 2)!)).toEqual([0, 3, 5]);
    expect(Array.from(addedRows(oldX, oldY, oldX, oldY, 2)!)).toEqual([]);
  });

  it('returns undefined when an old row is missing, changed or no longer duplicated', () => {
    const fewer = rows([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
    expect(addedRows(oldX, oldY, fewer, Float64Array.of(1, 2), 2)).toBeUndefined();
    const once = rows([
      [0.1, 0.2],
      [0.3, 0.4],
      [0.5, 0.6],
    ]);
    expect(addedRows(oldX, oldY, once, Float64Array.of(1, 2, 1), 2)).toBeUndefined();
    expect(addedRows(oldX, oldY, oldX, Float64Array.of(1, 2.5, 1), 2)).toBeUndefined();
    const moved = rows([
      [0.1, 0.2],
      [0.3, 0.40000000000000013],
      [0.1, 0.2],
    ]);
    expect(addedRows(oldX, oldY, moved, oldY, 2)).toBeUndefined();
  });
});
