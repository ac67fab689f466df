/** Which surrogates of the contract this build can create (the NP ones need shipped weights). */

import { createSurrogate, RegistryError, type SurrogateName } from '../registry.js';

/** Why the surrogate `name` cannot be used in this version, or undefined when it can. */
export function unavailableReason(name: SurrogateName): string | undefined {
  try {
    createSurrogate(name, { dims: [{ kind: 'continuous' }], seed: 'probe' });
    return undefined;
  } catch (error) {
    if (error instanceof RegistryError) return error.message.replace(/^surrogate: /, '');
    throw error;
  }
}
