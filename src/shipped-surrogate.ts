/**
 * A neural-process surrogate served from the package's shipped BO weights (see `shipped-weights.ts`).
 *
 * The registry calls {@link createShippedSurrogate} synchronously: it reads the checkpoint's manifest, checks
 * that the model can serve the space (input width, padding, categorical parameters) and returns a
 * {@link LazySurrogate}; TensorFlow.js, the backend and the weights load on the first `condition`. Each weights
 * file loads once per process and is shared by every surrogate built on it (the weights are read-only; each
 * surrogate keeps its own context). A space the model cannot serve — a categorical parameter, or more
 * parameters than the model's inputs — gets the fallback surrogate (the GP) and a warning saying why.
 */

import type { Surrogate, SurrogateContext } from './core/types.js';
import { LazySurrogate } from './lazy-surrogate.js';
import { DEFAULT_NP_DOMAIN, InputMap, NpUnsupportedSpaceError, trainedInputPadding } from '../surrogates/np/input-map.js';
import type { NeuralProcess } from '../surrogates/models/neural-process.js';
import type { NpSurrogateOptions } from '../surrogates/np-surrogate.js';
import { readShippedManifest, shippedWeightsFile, type NpSurrogateName } from './shipped-weights.js';

/** Settings of {@link createShippedSurrogate}. */
export interface ShippedSurrogateOptions {
  /** Builds the surrogate used when the model cannot serve the space. */
  readonly fallback: (context: SurrogateContext) => Surrogate;
  /** Receives the fallback warning (default: none). */
  readonly onWarning?: (message: string) => void;
  /** Folder of the weights (default: the package's `surrogates/weights`). */
  readonly weightsDir?: string;
  /** Settings of the neural-process surrogate itself (the output transform, say); its name and padding come from the checkpoint. */
  readonly np?: Omit<NpSurrogateOptions, 'name' | 'inputPadding'>;
}

/** Loaded models by manifest path: each file loads once per process. */
const loadedModels = new Map<string, Promise<NeuralProcess>>();

/** The model of the checkpoint at `file`, loaded (with the backend initialised) on the first request. */
function sharedModel(file: string): Promise<NeuralProcess> {
  let model = loadedModels.get(file);
  if (!model) {
    model = (async () => {
      const { initBackend } = await import('../surrogates/backend/select-backend.js');
      const { loadModel } = await import('../surrogates/models/model-checkpoint.js');
      await initBackend();
      return (await loadModel(file)).model;
    })();
    // A failed load is reported to its callers and retried by the next surrogate rather than cached.
    model.catch(() => loadedModels.delete(file));
    loadedModels.set(file, model);
  }
  return model;
}

/**
 * The surrogate `name` on the space of `context`, from the shipped weights.
 * @throws ShippedWeightsError when the weights file is missing or its manifest is corrupt (naming the file)
 */
export function createShippedSurrogate(name: NpSurrogateName, context: SurrogateContext, options: ShippedSurrogateOptions): Surrogate {
  const { file, model, training } = readShippedManifest(shippedWeightsFile(name, options.weightsDir));
  const inputPadding = trainedInputPadding(training);
  try {
    // The map the surrogate will build, made now only for its checks, so that the fallback is decided up front.
    new InputMap(context.dims, DEFAULT_NP_DOMAIN, 'none', { name, xDim: model.xDim }, inputPadding);
  } catch (error) {
    if (!(error instanceof NpUnsupportedSpaceError)) throw error;
    options.onWarning?.(`${error.message.replace(/; use the GP for this space$/, '')}; using the GP surrogate instead`);
    return options.fallback(context);
  }
  const load = async (): Promise<Surrogate> => {
    const { createNpSurrogate } = await import('../surrogates/np-surrogate.js');
    return createNpSurrogate(context, await sharedModel(file), { ...options.np, name, inputPadding });
  };
  // True like every NpSurrogate's, stated here because the loop asks before the model loads.
  return new LazySurrogate(name, load, true);
}
