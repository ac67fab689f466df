/**
 * Deterministic first-order optimisers for the NP trainer (models.md §9): Adam and Yogi with bias-corrected
 * moments, global-norm gradient clipping, and learning-rate schedules (linear warm-up, then cosine decay to a
 * floor). tfjs has neither Yogi nor clipping; this file implements both, and keeps the moments in tensors whose
 * values can be copied out and back so that a resumed training run continues exactly.
 *
 * Per trainable tensor θ with gradient g, at step t (1-based):
 *
 *   m ← β1·m + (1 − β1)·g
 *   Adam: v ← β2·v + (1 − β2)·g²          Yogi: v ← v − (1 − β2)·sign(v − g²)·g²
 *   θ ← θ − lr_t · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 *
 * Yogi follows optax's `scale_by_yogi` (both moments start at 1e-6, ε outside the square root); Adam follows
 * PyTorch / optax (moments start at 0).
 */

import * as tf from '@tensorflow/tfjs';

/** The optimiser families. */
export type OptimizerName = 'adam' | 'yogi';

/** Every optimiser name. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adam', 'yogi'];

/** Hyper-parameters of an optimiser (the learning rate comes from a {@link LearningRateSchedule}). */
export interface OptimizerSettings {
  readonly name: OptimizerName;
  /** Decay of the first moment. */
  readonly beta1: number;
  /** Decay of the second moment. */
  readonly beta2: number;
  /** Added to the root of the second moment. */
  readonly epsilon: number;
  /** Initial value of both moments. */
  readonly initialAccumulator: number;
}

/** Adam (β1 0.9, β2 0.999, ε 1e-8, moments from 0), as in PyTorch and the standard TNP protocol. */
export const ADAM: OptimizerSettings = Object.freeze({ name: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8, initialAccumulator: 0 });

/** Yogi (β1 0.9, β2 0.999, ε 1e-3, moments from 1e-6), as in optax and the TNP-KR protocol. */
export const YOGI: OptimizerSettings = Object.freeze({ name: 'yogi', beta1: 0.9, beta2: 0.999, epsilon: 1e-3, initialAccumulator: 1e-6 });

/** The moments of an optimiser, copied out of tfjs: one array per trainable tensor, in variable order. */
export interface OptimizerState {
  /** Steps taken so far. */
  readonly step: number;
  /** First moments m. */
  readonly first: readonly Float32Array[];
  /** Second moments v. */
  readonly second: readonly Float32Array[];
}

/** Checks settings; errors name the field. */
export function validateOptimizerSettings(settings: OptimizerSettings): OptimizerSettings {
  if (!OPTIMIZER_NAMES.includes(settings.name)) throw new Error(`optimizer.name: '${String(settings.name)}' is not one of ${OPTIMIZER_NAMES.join(', ')}`);
  for (const key of ['beta1', 'beta2'] as const) {
    const value = settings[key];
    if (!(value >= 0 && value < 1)) throw new Error(`optimizer.${key}: expected a number in [0, 1), got ${value}`);
  }
  if (!(settings.epsilon > 0 && Number.isFinite(settings.epsilon))) throw new Error(`optimizer.epsilon: expected a positive number, got ${settings.epsilon}`);
  if (!(settings.initialAccumulator >= 0 && Number.isFinite(settings.initialAccumulator))) {
    throw new Error(`optimizer.initialAccumulator: expected a number ≥ 0, got ${settings.initialAccumulator}`);
  }
  return settings;
}

/** Adam or Yogi over a fixed list of variables; the moments live in tfjs variables owned by the optimiser. */
export class MomentOptimizer {
  private readonly first: tf.Variable[];
  private readonly second: tf.Variable[];
  private steps = 0;

  /** An optimiser of `variables` (the order fixes the order of gradients and of saved moments). */
  constructor(readonly settings: OptimizerSettings, private readonly variables: readonly tf.Variable[]) {
    validateOptimizerSettings(settings);
    const slot = (v: tf.Variable) => tf.tidy(() => tf.variable(tf.fill(v.shape, settings.initialAccumulator, 'float32'), false));
    this.first = variables.map(slot);
    this.second = variables.map(slot);
  }

  /** Steps taken so far. */
  get step(): number {
    return this.steps;
  }

  /** One update of every variable with `gradients` (same order and shapes as the variables) and the rate `learningRate`. */
  apply(gradients: readonly tf.Tensor[], learningRate: number): void {
    if (gradients.length !== this.variables.length) {
      throw new Error(`gradients: expected ${this.variables.length} tensors (one per variable), got ${gradients.length}`);
    }
    if (!(learningRate >= 0 && Number.isFinite(learningRate))) throw new Error(`learningRate: expected a number ≥ 0, got ${learningRate}`);
    const { beta1, beta2, epsilon, name } = this.settings;
    const t = this.steps + 1;
    const firstCorrection = 1 - Math.pow(beta1, t);
    const secondCorrection = 1 - Math.pow(beta2, t);
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const g = gradients[i];
        if (!sameShape(g.shape, variable.shape)) {
          throw new Error(`gradients[${i}]: shape [${g.shape.join(', ')}] differs from the variable's [${variable.shape.join(', ')}]`);
        }
        const m = this.first[i];
        const v = this.second[i];
        const g2 = tf.mul(g, g);
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const vNew =
          name === 'yogi'
            ? tf.sub(v, tf.mul(tf.sign(tf.sub(v, g2)), tf.mul(g2, 1 - beta2)))
            : tf.add(tf.mul(v, beta2), tf.mul(g2, 1 - beta2));
        const update = tf.div(tf.div(mNew, firstCorrection), tf.add(tf.sqrt(tf.div(vNew, secondCorrection)), epsilon));
        m.assign(mNew);
        v.assign(vNew);
        variable.assign(tf.sub(variable, tf.mul(update, learningRate)));
      });
    });
    this.steps = t;
  }

  /** A copy of the moments and the step count. */
  state(): OptimizerState {
    const copy = (list: tf.Variable[]) => list.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    return { step: this.steps, first: copy(this.first), second: copy(this.second) };
  }

  /** Restores moments and step count saved by {@link MomentOptimizer.state} for the same variables. */
  restore(state: OptimizerState): void {
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`optimizer state: step must be an integer ≥ 0, got ${state.step}`);
    for (const [label, saved, slots] of [['first', state.first, this.first], ['second', state.second, this.second]] as const) {
      if (saved.length !== slots.length) throw new Error(`optimizer state: ${saved.length} ${label} moments for ${slots.length} variables`);
      saved.forEach((values, i) => {
        if (values.length !== slots[i].size) throw new Error(`optimizer state: ${label} moment ${i} has ${values.length} values, the variable ${slots[i].size}`);
      });
    }
    const load = (slots: tf.Variable[], saved: readonly Float32Array[]) =>
      slots.forEach((slot, i) => tf.tidy(() => slot.assign(tf.tensor(saved[i], slot.shape, 'float32'))));
    load(this.first, state.first);
    load(this.second, state.second);
    this.steps = state.step;
  }

  /** Releases the moment tensors. */
  dispose(): void {
    tf.dispose([...this.first, ...this.second]);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** The global L2 norm `√Σ‖g‖²` of a list of tensors, as a scalar tensor. */
export function globalNorm(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(tensors.map((t) => tf.sum(tf.mul(t, t))))) as tf.Scalar);
}

/**
 * Gradients rescaled so that their global norm is at most `maxNorm` (unchanged when it already is; `maxNorm`
 * 0 disables clipping), and the norm before clipping.
 */
export function clipByGlobalNorm(tensors: readonly tf.Tensor[], maxNorm: number): { clipped: tf.Tensor[]; norm: tf.Scalar } {
  if (!(maxNorm >= 0 && Number.isFinite(maxNorm))) throw new Error(`maxNorm: expected a number ≥ 0 (0 = no clipping), got ${maxNorm}`);
  return tf.tidy(() => {
    const norm = globalNorm(tensors);
    if (maxNorm === 0) return { clipped: tensors.map((t) => t.clone()), norm };
    const factor = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    return { clipped: tensors.map((t) => tf.mul(t, factor)), norm };
  });
}

/** A learning-rate schedule over a run of `totalSteps` steps. */
export interface LearningRateSchedule {
  /** The rate at the end of the warm-up (and at step 1 without warm-up). */
  readonly peak: number;
  /** The rate cosine decay ends at (step `totalSteps`+1 and beyond). */
  readonly floor: number;
  /** Steps of linear warm-up from `peak / warmupSteps` to `peak` (0: none). */
  readonly warmupSteps: number;
  /** Length of the run; warm-up plus decay. */
  readonly totalSteps: number;
}

/** Checks a schedule; errors name the field. */
export function validateSchedule(schedule: LearningRateSchedule): LearningRateSchedule {
  const { peak, floor, warmupSteps, totalSteps } = schedule;
  if (!(peak > 0 && Number.isFinite(peak))) throw new Error(`schedule.peak: expected a positive number, got ${peak}`);
  if (!(floor >= 0 && floor <= peak)) throw new Error(`schedule.floor: expected a number in [0, peak = ${peak}], got ${floor}`);
  if (!Number.isInteger(totalSteps) || totalSteps < 1) throw new Error(`schedule.totalSteps: expected an integer ≥ 1, got ${totalSteps}`);
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0 || warmupSteps >= totalSteps) {
    throw new Error(`schedule.warmupSteps: expected an integer in [0, totalSteps = ${totalSteps}), got ${warmupSteps}`);
  }
  return schedule;
}

/**
 * The learning rate of step `step` (1-based): `peak·step/warmupSteps` during warm-up, then
 * `floor + (peak − floor)·(1 + cos(π·s/D))/2` with `s` the steps taken since the warm-up and `D` the decay length
 * (as PyTorch's CosineAnnealingLR and optax's cosine decay: the first decay step uses `peak`).
 */
export function learningRateAt(schedule: LearningRateSchedule, step: number): number {
  if (!Number.isInteger(step) || step < 1) throw new Error(`step: expected an integer ≥ 1, got ${step}`);
  const { peak, floor, warmupSteps, totalSteps } = schedule;
  if (step <= warmupSteps) return (peak * step) / warmupSteps;
  const progress = Math.min(1, (step - 1 - warmupSteps) / (totalSteps - warmupSteps));
  return floor + ((peak - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
}
