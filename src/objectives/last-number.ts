/** Finds the objective value in a program's output: the last number it printed. */

/**
 * A number standing alone: decimal or scientific notation with an optional sign, or `inf`, `infinity`, `nan`
 * in any case. It may not touch a letter, digit or `_` on either side (so `epoch3`, `3ms` or `info` hold no
 * number), nor a `.` before it.
 */
const NUMBER = /(?<![\w.])[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf(?:inity)?|nan)(?!\w)/gi;

/** The last number in `text` (`NaN` or `±Infinity` when that is what was printed), or undefined when none. */
export function lastNumber(text: string): number | undefined {
  let last: string | undefined;
  for (const match of text.matchAll(NUMBER)) last = match[0];
  if (last === undefined) return undefined;
  const lower = last.toLowerCase();
  if (lower.endsWith('nan')) return Number.NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(last);
}
