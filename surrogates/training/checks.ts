/** Argument checks shared by the task samplers. */

/** `value` if it is an integer in `[low, high]`; otherwise an Error naming `name` and the allowed range. */
export function checkedInteger(name: string, value: number, low: number, high = Infinity): number {
  if (!Number.isInteger(value) || value < low || value > high) {
    const range = high === Infinity ? `≥ ${low}` : `in [${low}, ${high}]`;
    throw new Error(`${name}: expected an integer ${range}, got ${value}`);
  }
  return value;
}
