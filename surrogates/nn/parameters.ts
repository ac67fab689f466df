/**
 * Named model parameters with seeded initialisation. A {@link ParameterStore} owns every tfjs variable of one
 * model; modules receive a {@link ParameterScope} and create their parameters under a name prefix. Each
 * parameter's initial values come from the root seed forked by its full name, so they do not depend on the order
 * in which modules are built.
 */

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng.js';
import type { Initializer } from './initializers.js';

/** Options of {@link ParameterScope.create}. */
export interface ParameterOptions {
  /** Whether optimisers update it (default true). Non-trainable parameters, e.g. Performer's random features, are still saved in checkpoints. */
  readonly trainable?: boolean;
}

/** Where a module creates its parameters. */
export interface ParameterScope {
  /** Creates the parameter `<prefix>/<name>` with values from `init`. */
  create(name: string, shape: readonly number[], init: Initializer, options?: ParameterOptions): tf.Variable;
  /** A nested scope `<prefix>/<name>`. */
  scope(name: string): ParameterScope;
  /** A random stream for the module's own non-parameter draws (e.g. redrawing features), derived from the seed. */
  randomStream(name: string): Rng;
}

/** One stored parameter. */
export interface ParameterEntry {
  readonly name: string;
  readonly variable: tf.Variable;
  readonly trainable: boolean;
}

/** A nested view of a store that prefixes names. */
class PrefixedScope implements ParameterScope {
  constructor(private readonly store: ParameterStore, private readonly prefix: string) {}

  create(name: string, shape: readonly number[], init: Initializer, options?: ParameterOptions): tf.Variable {
    return this.store.create(`${this.prefix}/${name}`, shape, init, options);
  }

  scope(name: string): ParameterScope {
    return new PrefixedScope(this.store, `${this.prefix}/${name}`);
  }

  randomStream(name: string): Rng {
    return this.store.randomStream(`${this.prefix}/${name}`);
  }
}

const NAME_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** All parameters of one model, in creation order. */
export class ParameterStore implements ParameterScope {
  private readonly root: Rng;
  private readonly entries = new Map<string, ParameterEntry>();

  /** A store whose initial values derive from `seed`. */
  constructor(seed: string | number | Rng) {
    this.root = seed instanceof Rng ? seed : new Rng(seed);
  }

  create(name: string, shape: readonly number[], init: Initializer, options: ParameterOptions = {}): tf.Variable {
    if (!NAME_PATTERN.test(name)) throw new Error(`parameter name '${name}' must be '/'-separated words of [A-Za-z0-9_.-]`);
    if (this.entries.has(name)) throw new Error(`parameter '${name}' already exists`);
    if (!shape.every((n) => Number.isInteger(n) && n > 0)) {
      throw new Error(`parameter '${name}': shape [${shape.join(', ')}] must have positive integer sizes`);
    }
    const values = init(shape, this.root.fork(`param:${name}`));
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw new Error(`parameter '${name}': initialiser gave ${values.length} values for ${size}`);
    const trainable = options.trainable ?? true;
    const variable = tf.tidy(() => tf.variable(tf.tensor(values, [...shape], 'float32'), trainable));
    this.entries.set(name, { name, variable, trainable });
    return variable;
  }

  scope(name: string): ParameterScope {
    return new PrefixedScope(this, name);
  }

  randomStream(name: string): Rng {
    return this.root.fork(`stream:${name}`);
  }

  /** The parameter called `name`; throws if there is none. */
  get(name: string): tf.Variable {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new Error(`parameter '${name}' does not exist`);
    return entry.variable;
  }

  /** Every parameter, in creation order. */
  list(): readonly ParameterEntry[] {
    return [...this.entries.values()];
  }

  /** The variables optimisers should update (pass them as the optimiser's `varList`). */
  trainableVariables(): tf.Variable[] {
    return this.list().filter((e) => e.trainable).map((e) => e.variable);
  }

  /** Number of scalars, of all parameters or of the trainable ones only. */
  count(trainableOnly = false): number {
    return this.list()
      .filter((e) => !trainableOnly || e.trainable)
      .reduce((sum, e) => sum + e.variable.size, 0);
  }

  /** Overwrites a parameter's values (same shape). */
  assign(name: string, values: Float32Array): void {
    const variable = this.get(name);
    if (values.length !== variable.size) {
      throw new Error(`parameter '${name}': ${values.length} values for shape [${variable.shape.join(', ')}]`);
    }
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, 'float32')));
  }

  /** Releases every variable; the store is empty afterwards. */
  dispose(): void {
    for (const entry of this.entries.values()) entry.variable.dispose();
    this.entries.clear();
  }
}
