/**
 * Orthogonal random feature directions for FAVOR+: `m` rows of dimension `d`, made of stacked `d × d` blocks with
 * orthonormal rows (Gram–Schmidt of a Gaussian matrix, in float64), each row rescaled to norm √d or to a
 * chi-distributed norm.
 */

import type { Rng } from '../../src/core/rng.js';

/** Row norms: all √d (TNP-KR), or the norm of an independent standard Gaussian vector (google-research default). */
export type FeatureNorms = 'fixed' | 'chi';

/** `d` orthonormal rows of length `d` (modified Gram–Schmidt on Gaussian rows; a redraw replaces a degenerate row). */
function orthonormalBlock(d: number, rng: Rng): Float64Array[] {
  const rows: Float64Array[] = [];
  while (rows.length < d) {
    const row = rng.normals(d);
    for (const basis of rows) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += row[i] * basis[i];
      for (let i = 0; i < d; i++) row[i] -= dot * basis[i];
    }
    const norm = Math.hypot(...row);
    if (norm < 1e-8) continue;
    for (let i = 0; i < d; i++) row[i] /= norm;
    rows.push(row);
  }
  return rows;
}

/** `m × d` feature directions, row-major, as float32. */
export function orthogonalFeatures(m: number, d: number, rng: Rng, norms: FeatureNorms = 'fixed'): Float32Array {
  if (!Number.isInteger(m) || m < 1 || !Number.isInteger(d) || d < 1) {
    throw new Error(`orthogonalFeatures: m and d must be positive integers, got ${m} and ${d}`);
  }
  const out = new Float32Array(m * d);
  let block: Float64Array[] = [];
  for (let r = 0; r < m; r++) {
    if (r % d === 0) block = orthonormalBlock(d, rng);
    const length = norms === 'fixed' ? Math.sqrt(d) : Math.hypot(...rng.normals(d));
    const row = block[r % d];
    for (let i = 0; i < d; i++) out[r * d + i] = length * row[i];
  }
  return out;
}
