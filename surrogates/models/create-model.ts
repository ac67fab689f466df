/** Builds a model of any family from a specification or a complete configuration. */

import { Cmanp } from './cmanp.js';
import { Cnp } from './cnp.js';
import { LatentNp } from './latent-np.js';
import type { NeuralProcess } from './neural-process.js';
import { resolveModelConfig, type ModelSpec } from './presets.js';
import { TnpD } from './tnp-d.js';
import { TnpKr } from './tnp-kr.js';

/**
 * A model with freshly initialised weights: `spec` (or a complete configuration) is resolved against its preset (see {@link resolveModelConfig});
 * `seed` determines every initial weight and the model's fixed random draws.
 */
export function createModel(spec: ModelSpec, seed: string | number): NeuralProcess {
  const config = resolveModelConfig(spec);
  switch (config.name) {
    case 'tnp-kr-sa':
    case 'tnp-kr-dka':
    case 'tnp-kr-performer':
      return new TnpKr(config, seed);
    case 'tnp-d':
      return new TnpD(config, seed);
    case 'cnp':
      return new Cnp(config, seed);
    case 'np':
      return new LatentNp(config, seed);
    case 'cmanp':
      return new Cmanp(config, seed);
  }
}
