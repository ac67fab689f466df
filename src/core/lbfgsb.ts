/**
 * Bounded limited-memory BFGS (L-BFGS-B) for minimising a smooth function over a box `lower ≤ x ≤ upper`.
 *
 * The method follows Byrd, Lu, Nocedal & Zhu (1995) with the projection refinement of Morales & Nocedal (2011):
 * each iteration (1) finds the generalized Cauchy point, the first local minimiser of the quadratic model along
 * the projected steepest-descent path, which fixes the variables that hit a bound; (2) minimises the model
 * over the remaining free variables (direct primal method, compact limited-memory representation); (3) runs a
 * backtracking Armijo line search from the current point towards the result. Non-finite objective values or
 * gradients count as `+∞`, so the line search backs away from them.
 *
 * One search is a generator that yields every point it needs evaluated and receives the value and gradient
 * there; {@link minimizeBox} feeds one search synchronously, {@link minimizeBoxBatch} runs many in lock-step
 * with one batched evaluation per round.
 */

/** An objective value with its gradient at the same point. */
export interface ValueAndGradient {
  value: number;
  gradient: Float64Array;
}

/** Tuning of {@link minimizeBox} and {@link minimizeBoxBatch}. */
export interface LbfgsbOptions {
  /** Number of correction pairs kept (default 10). */
  memory?: number;
  /** Maximum number of iterations (accepted steps; default 200). */
  maxIterations?: number;
  /** Stop when the infinity norm of the projected gradient falls below this (default 1e-5). */
  pgTolerance?: number;
  /** Stop when `(f_old − f_new) ≤ relTolerance·max(|f_old|, |f_new|, 1)` after a step (default 1e-9). */
  relTolerance?: number;
}

/** The outcome of one bounded minimisation. */
export interface LbfgsbResult {
  /** The best point found (inside the box). */
  x: Float64Array;
  /** The objective at `x` (`Infinity` if no finite value was ever seen). */
  value: number;
  /** Number of accepted steps. */
  iterations: number;
  /** Number of objective evaluations, the start point included. */
  evaluations: number;
  /** Whether a tolerance was met (as opposed to the iteration cap or a failure). */
  converged: boolean;
  /** Why the search stopped, in words. */
  reason: string;
}

/**
 * Minimise `f` over the box `[lower, upper]` starting from `x0` (projected into the box first). Variables with
 * `lower[i] === upper[i]` stay fixed; bounds may be infinite.
 */
export function minimizeBox(
  f: (x: Float64Array) => ValueAndGradient,
  x0: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  options: LbfgsbOptions = {},
): LbfgsbResult {
  const settings = resolveOptions(options);
  validateBox(x0, lower, upper, 'x0');
  const search = boxSearch(x0, lower, upper, settings);
  let step = search.next();
  while (!step.done) step = search.next(f(step.value));
  return step.value;
}

/**
 * Run one {@link minimizeBox} search per start in lock-step: every round, the trial points of all searches that
 * are still running are evaluated in one call of `f` (which must return one result per point, in order).
 * Results are identical to running each start on its own.
 */
export async function minimizeBoxBatch(
  f: (xs: readonly Float64Array[]) => Promise<ValueAndGradient[]>,
  starts: readonly Float64Array[],
  lower: Float64Array,
  upper: Float64Array,
  options: LbfgsbOptions = {},
): Promise<LbfgsbResult[]> {
  const settings = resolveOptions(options);
  starts.forEach((x0, i) => validateBox(x0, lower, upper, `starts[${i}]`));
  const searches = starts.map((x0) => boxSearch(x0, lower, upper, settings));
  const steps = searches.map((search) => search.next());
  for (;;) {
    const running = steps.flatMap((step, i) => (step.done ? [] : [i]));
    if (running.length === 0) break;
    const points = running.map((i) => steps[i].value as Float64Array);
    const evaluated = await f(points);
    if (evaluated.length !== points.length) {
      throw new Error(`f: returned ${evaluated.length} results for ${points.length} points`);
    }
    running.forEach((i, j) => (steps[i] = searches[i].next(evaluated[j])));
  }
  return steps.map((step) => step.value as LbfgsbResult);
}

const DEFAULTS: Required<LbfgsbOptions> = { memory: 10, maxIterations: 200, pgTolerance: 1e-5, relTolerance: 1e-9 };

/** Sufficient-decrease constant of the Armijo condition. */
const ARMIJO = 1e-4;
/** Trial points per line search before it is declared failed. */
const MAX_LINE_SEARCH_TRIALS = 20;
const EPSILON = 2.220446049250313e-16;

function resolveOptions(options: LbfgsbOptions): Required<LbfgsbOptions> {
  const settings = { ...DEFAULTS, ...options };
  if (!Number.isInteger(settings.memory) || settings.memory < 1) {
    throw new Error(`options.memory: expected an integer ≥ 1, got ${settings.memory}`);
  }
  if (!Number.isInteger(settings.maxIterations) || settings.maxIterations < 0) {
    throw new Error(`options.maxIterations: expected an integer ≥ 0, got ${settings.maxIterations}`);
  }
  for (const key of ['pgTolerance', 'relTolerance'] as const) {
    if (!(settings[key] >= 0)) throw new Error(`options.${key}: expected a number ≥ 0, got ${settings[key]}`);
  }
  return settings;
}

function validateBox(x0: Float64Array, lower: Float64Array, upper: Float64Array, startName: string): void {
  const n = lower.length;
  if (upper.length !== n) throw new Error(`upper: length ${upper.length} differs from lower's ${n}`);
  if (x0.length !== n) throw new Error(`${startName}: length ${x0.length} differs from the bounds' ${n}`);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(lower[i]) || Number.isNaN(upper[i]) || lower[i] > upper[i]) {
      throw new Error(`lower/upper: invalid bounds [${lower[i]}, ${upper[i]}] at index ${i}`);
    }
    if (!Number.isFinite(x0[i])) throw new Error(`${startName}: non-finite coordinate ${x0[i]} at index ${i}`);
  }
}

/**
 * One L-BFGS-B search: yields each point to evaluate, receives its value and gradient, returns the result.
 * Every yielded array is fresh; received gradients are copied, so callers may reuse their buffers.
 */
function* boxSearch(
  x0: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  settings: Required<LbfgsbOptions>,
): Generator<Float64Array, LbfgsbResult, ValueAndGradient> {
  const n = x0.length;
  let x: Float64Array = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clamp(x0[i], lower[i], upper[i]);
  let evaluations = 1;
  let iterations = 0;
  const finish = (value: number, reason: string, converged: boolean): LbfgsbResult => ({
    x,
    value,
    iterations,
    evaluations,
    converged,
    reason,
  });
  const first = readEvaluation(yield x.slice(), n);
  if (first === undefined) return finish(Infinity, 'non-finite objective at the start point', false);
  let value = first.value;
  let gradient = first.gradient;
  const memory = new CompactMemory(n, settings.memory);

  for (;;) {
    if (projectedGradientNorm(x, gradient, lower, upper) <= settings.pgTolerance) {
      return finish(value, 'projected gradient below tolerance', true);
    }
    if (iterations >= settings.maxIterations) return finish(value, 'maximum iterations', false);

    const direction = searchDirection(x, gradient, lower, upper, memory);
    const slope = dot(gradient, direction);
    if (!(slope < 0)) {
      if (memory.size > 0) {
        memory.reset();
        continue;
      }
      return finish(value, 'no descent direction', false);
    }

    // Backtracking line search on x + step·direction; step ≤ 1 keeps the trial points inside the box.
    let step = memory.size === 0 ? Math.min(1, 1 / Math.sqrt(dot(direction, direction))) : 1;
    let accepted: { point: Float64Array; value: number; gradient: Float64Array } | undefined;
    for (let trial = 0; trial < MAX_LINE_SEARCH_TRIALS && accepted === undefined; trial++) {
      const point = new Float64Array(n);
      for (let i = 0; i < n; i++) point[i] = clamp(x[i] + step * direction[i], lower[i], upper[i]);
      evaluations++;
      const evaluation = readEvaluation(yield point.slice(), n);
      if (evaluation !== undefined && evaluation.value <= value + ARMIJO * step * slope) {
        accepted = { point, value: evaluation.value, gradient: evaluation.gradient };
      } else if (evaluation === undefined) {
        step *= 0.5;
      } else {
        // Minimiser of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5]·step.
        const curvature = evaluation.value - value - slope * step;
        const interpolated = (-slope * step * step) / (2 * curvature);
        step = Math.min(0.5 * step, Math.max(0.1 * step, interpolated));
      }
    }
    if (accepted === undefined) {
      if (memory.size > 0) {
        memory.reset();
        continue;
      }
      return finish(value, 'line search failed', false);
    }

    memory.update(accepted.point, x, accepted.gradient, gradient);
    const previous = value;
    x = accepted.point;
    value = accepted.value;
    gradient = accepted.gradient;
    iterations++;
    if (previous - value <= settings.relTolerance * Math.max(Math.abs(previous), Math.abs(value), 1)) {
      return finish(value, 'relative reduction below tolerance', true);
    }
  }
}

/** A private copy of an evaluation, or `undefined` if its value or any gradient entry is not finite. */
function readEvaluation(evaluation: ValueAndGradient, n: number): ValueAndGradient | undefined {
  if (evaluation.gradient.length !== n) {
    throw new Error(`f: gradient has length ${evaluation.gradient.length}, expected ${n}`);
  }
  if (!Number.isFinite(evaluation.value)) return undefined;
  for (let i = 0; i < n; i++) if (!Number.isFinite(evaluation.gradient[i])) return undefined;
  return { value: evaluation.value, gradient: evaluation.gradient.slice() };
}

/** Infinity norm of `P(x − g) − x`, with `P` the projection onto the box. */
function projectedGradientNorm(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) norm = Math.max(norm, Math.abs(clamp(x[i] - g[i], lower[i], upper[i]) - x[i]));
  return norm;
}

/**
 * The step `x̄ − x` towards the approximate minimiser `x̄` of the quadratic model inside the box: the
 * generalized Cauchy point, refined on its free variables by subspace minimisation.
 */
function searchDirection(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  memory: CompactMemory,
): Float64Array {
  const cauchy = generalizedCauchyPoint(x, g, lower, upper, memory);
  const target = memory.size > 0 ? minimizeSubspace(x, g, lower, upper, memory, cauchy) : cauchy.point;
  const direction = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) direction[i] = target[i] - x[i];
  return direction;
}

/** The generalized Cauchy point, `c = Wᵀ(point − x)`, and which variables are still free there. */
interface CauchyPoint {
  point: Float64Array;
  c: Float64Array;
  free: Uint8Array;
}

/**
 * First local minimiser of the model `m(z) = gᵀ(z−x) + ½(z−x)ᵀB(z−x)` along the projected path
 * `P(x − t·g)`, walking the breakpoints in order (Byrd et al. 1995, algorithm CP).
 */
function generalizedCauchyPoint(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  memory: CompactMemory,
): CauchyPoint {
  const n = x.length;
  const width = 2 * memory.size;
  const theta = memory.theta;
  const point = x.slice();
  const free = new Uint8Array(n);
  const d = new Float64Array(n);
  const breaks = new Float64Array(n);
  const order: number[] = [];
  let f1 = 0;
  for (let i = 0; i < n; i++) {
    const atLower = x[i] <= lower[i] && g[i] >= 0;
    const atUpper = x[i] >= upper[i] && g[i] <= 0;
    if (lower[i] === upper[i] || atLower || atUpper) continue;
    free[i] = 1;
    if (g[i] < 0) breaks[i] = (x[i] - upper[i]) / g[i];
    else if (g[i] > 0) breaks[i] = (x[i] - lower[i]) / g[i];
    else breaks[i] = Infinity;
    if (g[i] !== 0) {
      d[i] = -g[i];
      f1 -= g[i] * g[i];
      if (breaks[i] < Infinity) order.push(i);
    }
  }
  const c = new Float64Array(width);
  if (f1 === 0) return { point, c, free };
  order.sort((a, b) => breaks[a] - breaks[b]);

  const p = memory.multiplyTransposed(d);
  const mp = new Float64Array(width);
  const mc = new Float64Array(width);
  const w = new Float64Array(width);
  const mw = new Float64Array(width);
  memory.multiplyMiddle(p, mp);
  let f2 = -theta * f1 - dot(p, mp);
  if (!(f2 > 0)) f2 = -theta * f1;
  const f2Floor = EPSILON * f2;
  let tDone = 0;
  let dtMin = -f1 / f2;
  for (const b of order) {
    const dt = breaks[b] - tDone;
    if (dtMin < dt) break;
    tDone = breaks[b];
    point[b] = d[b] > 0 ? upper[b] : lower[b];
    const zb = point[b] - x[b];
    const gb = g[b];
    for (let j = 0; j < width; j++) c[j] += dt * p[j];
    memory.row(b, w);
    memory.multiplyMiddle(c, mc);
    memory.multiplyMiddle(p, mp);
    memory.multiplyMiddle(w, mw);
    f1 += dt * f2 + gb * gb + theta * gb * zb - gb * dot(w, mc);
    f2 = Math.max(f2Floor, f2 - theta * gb * gb - 2 * gb * dot(w, mp) - gb * gb * dot(w, mw));
    for (let j = 0; j < width; j++) p[j] += gb * w[j];
    d[b] = 0;
    free[b] = 0;
    dtMin = -f1 / f2;
  }
  dtMin = Math.max(0, dtMin);
  tDone += dtMin;
  for (let i = 0; i < n; i++) {
    if (d[i] !== 0) point[i] = clamp(x[i] + tDone * d[i], lower[i], upper[i]);
  }
  for (let j = 0; j < width; j++) c[j] += dtMin * p[j];
  return { point, c, free };
}

/**
 * Minimise the model over the variables free at the Cauchy point (direct primal method), then project the
 * result into the box; if the projected step is not a descent direction, truncate the unprojected step at the
 * box instead (Morales & Nocedal 2011).
 */
function minimizeSubspace(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  memory: CompactMemory,
  cauchy: CauchyPoint,
): Float64Array {
  const n = x.length;
  const width = 2 * memory.size;
  const theta = memory.theta;
  const freeIndices: number[] = [];
  for (let i = 0; i < n; i++) if (cauchy.free[i]) freeIndices.push(i);
  if (freeIndices.length === 0) return cauchy.point;

  // Reduced gradient of the model at the Cauchy point: r = Zᵀ(g + θ(x_c − x) − W·M·c).
  const mc = new Float64Array(width);
  memory.multiplyMiddle(cauchy.c, mc);
  const w = new Float64Array(width);
  const r = new Float64Array(freeIndices.length);
  const wtr = new Float64Array(width);
  const wtw = new Float64Array(width * width);
  freeIndices.forEach((i, k) => {
    memory.row(i, w);
    r[k] = g[i] + theta * (cauchy.point[i] - x[i]) - dot(w, mc);
    for (let a = 0; a < width; a++) {
      wtr[a] += w[a] * r[k];
      for (let b = 0; b < width; b++) wtw[a * width + b] += w[a] * w[b];
    }
  });
  // B_Z = θI − W_Z·M·W_Zᵀ, so by Sherman–Morrison–Woodbury the model minimiser d = −B_Z⁻¹r is
  // d = −r/θ − W_Z·(M⁻¹ − W_ZᵀW_Z/θ)⁻¹·W_Zᵀr/θ².
  const system = memory.middleInverse().slice();
  for (let a = 0; a < width * width; a++) system[a] -= wtw[a] / theta;
  const pivots = new Int32Array(width);
  if (!luFactor(system, width, pivots)) return cauchy.point;
  luSolve(system, width, pivots, wtr);

  const step = new Float64Array(freeIndices.length);
  freeIndices.forEach((i, k) => {
    memory.row(i, w);
    step[k] = -r[k] / theta - dot(w, wtr) / (theta * theta);
  });
  const projected = cauchy.point.slice();
  let descent = 0;
  freeIndices.forEach((i, k) => (projected[i] = clamp(cauchy.point[i] + step[k], lower[i], upper[i])));
  for (let i = 0; i < n; i++) descent += (projected[i] - x[i]) * g[i];
  if (descent < 0) return projected;

  let fraction = 1;
  freeIndices.forEach((i, k) => {
    if (step[k] > 0) fraction = Math.min(fraction, (upper[i] - cauchy.point[i]) / step[k]);
    else if (step[k] < 0) fraction = Math.min(fraction, (lower[i] - cauchy.point[i]) / step[k]);
  });
  const truncated = cauchy.point.slice();
  freeIndices.forEach((i, k) => (truncated[i] = clamp(cauchy.point[i] + fraction * step[k], lower[i], upper[i])));
  return truncated;
}

/**
 * The compact limited-memory BFGS matrix `B = θI − W·M·Wᵀ` with `W = [Y, θS]` and
 * `M⁻¹ = [[−D, Lᵀ], [L, θSᵀS]]` (`D = diag(sᵢᵀyᵢ)`, `L` the strictly lower part of `SᵀY`), oldest pair first.
 * `M` itself is never formed: products with it are solves with the LU factors of `M⁻¹`.
 */
class CompactMemory {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private middle = new Float64Array(0);
  private factors = new Float64Array(0);
  private pivots = new Int32Array(0);
  /** Scaling of the identity part of `B`. */
  theta = 1;

  constructor(
    private readonly n: number,
    private readonly capacity: number,
  ) {}

  /** Number of stored correction pairs. */
  get size(): number {
    return this.s.length;
  }

  /** Forget all pairs (B becomes the identity). */
  reset(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.middle = new Float64Array(0);
    this.factors = new Float64Array(0);
    this.pivots = new Int32Array(0);
    this.theta = 1;
  }

  /** Add the pair (x_new − x_old, g_new − g_old) unless its curvature `sᵀy` is not safely positive. */
  update(xNew: Float64Array, xOld: Float64Array, gNew: Float64Array, gOld: Float64Array): void {
    const s = new Float64Array(this.n);
    const y = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      s[i] = xNew[i] - xOld[i];
      y[i] = gNew[i] - gOld[i];
    }
    const sy = dot(s, y);
    const yy = dot(y, y);
    if (!(sy > EPSILON * yy)) return;
    if (this.s.length === this.capacity) {
      this.s.shift();
      this.y.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.theta = yy / sy;
    if (!this.rebuildMiddle()) this.reset();
  }

  /** Row `i` of `W` (length 2·size) into `out`. */
  row(i: number, out: Float64Array): void {
    const k = this.s.length;
    for (let j = 0; j < k; j++) {
      out[j] = this.y[j][i];
      out[k + j] = this.theta * this.s[j][i];
    }
  }

  /** `Wᵀv` for a length-n vector. */
  multiplyTransposed(v: Float64Array): Float64Array {
    const k = this.s.length;
    const out = new Float64Array(2 * k);
    for (let j = 0; j < k; j++) {
      out[j] = dot(this.y[j], v);
      out[k + j] = this.theta * dot(this.s[j], v);
    }
    return out;
  }

  /** `M·v` for a length-2·size vector, into `out`. */
  multiplyMiddle(v: Float64Array, out: Float64Array): void {
    out.set(v);
    luSolve(this.factors, 2 * this.s.length, this.pivots, out);
  }

  /** `M⁻¹` (row-major, 2·size square); callers must not modify it. */
  middleInverse(): Float64Array {
    return this.middle;
  }

  /** Recompute `M⁻¹` and its factors; false if it is numerically singular. */
  private rebuildMiddle(): boolean {
    const k = this.s.length;
    const width = 2 * k;
    const matrix = new Float64Array(width * width);
    for (let i = 0; i < k; i++) {
      matrix[i * width + i] = -dot(this.s[i], this.y[i]);
      for (let j = 0; j < i; j++) {
        const sy = dot(this.s[i], this.y[j]);
        matrix[(k + i) * width + j] = sy; // L
        matrix[j * width + k + i] = sy; // Lᵀ
      }
      for (let j = 0; j < k; j++) matrix[(k + i) * width + k + j] = this.theta * dot(this.s[i], this.s[j]);
    }
    this.middle = matrix;
    this.factors = matrix.slice();
    this.pivots = new Int32Array(width);
    return luFactor(this.factors, width, this.pivots);
  }
}

/** In-place LU factorisation with partial pivoting of a row-major `n×n` matrix; false if singular. */
function luFactor(a: Float64Array, n: number, pivots: Int32Array): boolean {
  for (let col = 0; col < n; col++) {
    let best = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[best * n + col])) best = r;
    pivots[col] = best;
    if (best !== col) {
      for (let c = 0; c < n; c++) {
        const t = a[col * n + c];
        a[col * n + c] = a[best * n + c];
        a[best * n + c] = t;
      }
    }
    const pivot = a[col * n + col];
    if (pivot === 0 || !Number.isFinite(pivot)) return false;
    for (let r = col + 1; r < n; r++) {
      const factor = (a[r * n + col] /= pivot);
      for (let c = col + 1; c < n; c++) a[r * n + c] -= factor * a[col * n + c];
    }
  }
  return true;
}

/** Solve `A·x = b` in place with the factors of {@link luFactor}. */
function luSolve(a: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const p = pivots[i];
    if (p !== i) {
      const t = b[i];
      b[i] = b[p];
      b[p] = t;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) b[i] -= a[i * n + j] * b[j];
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) b[i] -= a[i * n + j] * b[j];
    b[i] /= a[i * n + i];
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
