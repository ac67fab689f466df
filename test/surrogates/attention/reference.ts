/** Float64 reference implementations for the attention tests. */

/** Nested number arrays as returned by `arraySync`. */
export type Grid = number[][][][];

/** The TISA bias of head `h` at distance `d` from `[H, F]` parameter arrays. */
export function tisaReference(d: number, h: number, a: number[][], b: number[][], c: number[][]): number {
  let sum = 0;
  for (let f = 0; f < a[h].length; f++) sum += a[h][f] * Math.exp(-Math.abs(b[h][f]) * (d - c[h][f]) ** 2);
  return sum;
}

/**
 * Softmax attention in float64: `q [B][H][Q][dk]`, `k [B][H][K][dk]`, `v [B][H][K][dv]`, optional mask
 * `[B][K]` and bias function of (b, h, q, k). Rows without valid keys give 0.
 */
export function attentionReference(
  q: Grid, k: Grid, v: Grid, scale: number,
  mask?: number[][], bias?: (b: number, h: number, i: number, j: number) => number,
): Grid {
  return q.map((qb, b) => qb.map((qh, h) => qh.map((qi, i) => {
    const logits = k[b][h].map((kj, j) => scale * qi.reduce((s, x, t) => s + x * kj[t], 0) + (bias?.(b, h, i, j) ?? 0));
    const valid = logits.map((_, j) => (mask === undefined ? true : mask[b][j] > 0));
    const top = Math.max(...logits.filter((_, j) => valid[j]));
    const weights = logits.map((s, j) => (valid[j] ? Math.exp(s - top) : 0));
    const total = weights.reduce((s, w) => s + w, 0);
    const dv = v[b][h][0].length;
    return Array.from({ length: dv }, (_, t) => (total === 0 ? 0 : weights.reduce((s, w, j) => s + w * v[b][h][j][t], 0) / total));
  })));
}

/** Euclidean distance between two points. */
export function distance(x: number[], y: number[]): number {
  return Math.sqrt(x.reduce((s, xi, i) => s + (xi - y[i]) ** 2, 0));
}

/** Flattens nested arrays. */
export function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x as number];
}
