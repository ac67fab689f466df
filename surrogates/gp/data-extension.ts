/**
 * Whether a new data set extends an old one: every old observation (encoded inputs and raw output) reappears,
 * exactly, among the new observations, in any order. A GP's posterior does not depend on the order of its
 * observations, so the GP can keep the old rows (and their Cholesky factor) and append the others. The BO loop
 * conditions on the observations sorted by value, so a new observation usually lands among the old ones rather
 * than at the end.
 */

/**
 * Indices (ascending) of the rows of `newX`/`newY` left over after matching every row of `oldX`/`oldY` to an
 * identical new row (as many times as it occurs), or `undefined` when some old row has no match. Inputs are
 * row-major with `d` coordinates per row.
 */
export function addedRows(
  oldX: Float64Array,
  oldY: Float64Array,
  newX: Float64Array,
  newY: Float64Array,
  d: number,
): Int32Array | undefined {
  if (newY.length < oldY.length) return undefined;
  const key = (x: Float64Array, y: Float64Array, row: number): string =>
    `${x.subarray(row * d, (row + 1) * d).join(',')};${y[row]}`;
  // Unmatched new rows by content; `String(number)` round-trips, so equal keys mean equal values (up to the sign of
  // zero, which neither the kernel nor the output transform distinguishes).
  const unmatched = new Map<string, number[]>();
  for (let row = newY.length - 1; row >= 0; row--) {
    const k = key(newX, newY, row);
    const rows = unmatched.get(k);
    if (rows === undefined) unmatched.set(k, [row]);
    else rows.push(row);
  }
  const matched = new Uint8Array(newY.length);
  for (let row = 0; row < oldY.length; row++) {
    const match = unmatched.get(key(oldX, oldY, row))?.pop();
    if (match === undefined) return undefined;
    matched[match] = 1;
  }
  const added: number[] = [];
  matched.forEach((isMatched, row) => {
    if (!isMatched) added.push(row);
  });
  return Int32Array.from(added);
}
