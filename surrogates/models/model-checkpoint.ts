/**
 * Saving and loading models in the checkpoint format of `surrogates/nn`: the manifest's `model` section holds the
 * complete configuration plus the seed (which fixes the model's own random draws), so a loaded model predicts
 * exactly what the saved one did.
 */

import { loadCheckpoint, readCheckpoint, saveCheckpoint, type CheckpointManifest, type Json } from '../nn/checkpoint.js';
import { validateModelConfig } from './config.js';
import { createModel } from './create-model.js';
import type { NeuralProcess } from './neural-process.js';

/** What a caller may add to a model checkpoint. */
export interface ModelCheckpointExtras {
  /** How the model was trained (protocol, optimiser, steps, seed, backend, …). */
  readonly training?: { readonly [key: string]: Json };
  /** Evaluation results. */
  readonly metrics?: { readonly [key: string]: Json };
}

/** The manifest's `model` section for a model. */
function modelSection(model: NeuralProcess): { [key: string]: Json } {
  return { ...(model.config as unknown as { [key: string]: Json }), seed: model.seed };
}

/** Saves `model` to `path` (a `.json` manifest, with the weights in the `.bin` next to it). Returns the manifest. */
export function saveModel(model: NeuralProcess, path: string, extras: ModelCheckpointExtras = {}): Promise<CheckpointManifest> {
  return saveCheckpoint(path, model.parameters(), { model: modelSection(model), ...extras });
}

/** Loads a model saved by {@link saveModel}; errors name the file and the problem. Returns the model and the manifest. */
export async function loadModel(path: string): Promise<{ model: NeuralProcess; manifest: CheckpointManifest }> {
  const { manifest } = await readCheckpoint(path);
  const { seed, ...config } = manifest.model;
  if (typeof seed !== 'string') throw new Error(`checkpoint ${path}: model.seed must be a string, got ${JSON.stringify(seed)}`);
  let model: NeuralProcess;
  try {
    model = createModel(validateModelConfig(config), seed);
  } catch (error) {
    throw new Error(`checkpoint ${path}: ${(error as Error).message}`);
  }
  try {
    await loadCheckpoint(path, model.parameters(), modelSection(model));
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, manifest };
}
