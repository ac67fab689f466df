/**
 * A table row from a checkpoint manifest and its run log: checks that the checkpoint belongs to the table (the
 * right model, 1-D, trained on RBF tasks of the standard protocol), counts its parameters, states its metric and
 * summarises its training.
 */

import type { CheckpointManifest } from '../../../surrogates/nn/checkpoint.js';
import type { ModelName } from '../../../surrogates/models/config.js';
import type { RunLogEntry, TrainedRow, TrainingSummary } from './document.js';
import type { PublishedFigures } from './published-figures.js';
import { summariseRunLog } from './run-log.js';

/** A run log found for a checkpoint. */
export interface RunLogSource {
  readonly file: string;
  /** Its content. */
  readonly text: string;
}

/** What identifies a row besides its checkpoint. */
export interface RowIdentity {
  readonly model: ModelName;
  readonly checkpoint: string;
  readonly file: string;
  readonly published: PublishedFigures | null;
}

/** The target log-likelihood's definition for a model configuration (models.md §9.2). */
export function metricDefinition(modelSection: CheckpointManifest['model']): string {
  if (modelSection.name !== 'np') return 'marginal per point';
  return `marginal per point; per-target log-mean-exp over ${String(modelSection.evaluationSamples)} draws of z ~ q(z|C)`;
}

function integerField(section: { readonly [key: string]: unknown }, where: string, key: string): number {
  const value = section[key];
  if (!Number.isInteger(value)) throw new Error(`${where}.${key} is ${JSON.stringify(value)}, expected an integer`);
  return value as number;
}

function summariseTraining(manifest: CheckpointManifest, log: RunLogSource | undefined): TrainingSummary {
  const { training, metrics } = manifest;
  const bestStep = integerField(training, 'training', 'step');
  const validation = typeof metrics.validationLogLikelihood === 'number' ? metrics.validationLogLikelihood : null;
  let entry: RunLogEntry;
  if (log === undefined) entry = { file: null, notRecorded: 'no run log found' };
  else if (validation === null) entry = { file: log.file, notRecorded: 'the checkpoint records no validation score to match its run log against' };
  else {
    try {
      entry = { file: log.file, ...summariseRunLog(log.text, { step: bestStep, logLikelihood: validation }) };
    } catch (error) {
      entry = { file: log.file, notRecorded: (error as Error).message };
    }
  }
  return {
    bestStep,
    plannedSteps: integerField(training, 'training', 'steps'),
    validationLogLikelihood: validation,
    backend: typeof training.backend === 'string' ? training.backend : null,
    log: entry,
  };
}

/**
 * The row of `identity`'s checkpoint (no cells yet); throws, naming the field, when the checkpoint is not a 1-D
 * `identity.model` trained on gp-standard RBF tasks.
 */
export function trainedRow(identity: RowIdentity, manifest: CheckpointManifest, log: RunLogSource | undefined): TrainedRow {
  const { model, training } = manifest;
  if (model.name !== identity.model) throw new Error(`model.name is ${JSON.stringify(model.name)}, not "${identity.model}"`);
  if (model.xDim !== 1) throw new Error(`model.xDim is ${JSON.stringify(model.xDim)}; the table is of 1-D models`);
  if (training.protocol !== 'gp-standard' || training.kernel !== 'rbf') {
    throw new Error(`trained on ${JSON.stringify(training.protocol)}/${JSON.stringify(training.kernel)}, not gp-standard/rbf`);
  }
  const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
  return {
    ...identity,
    status: 'trained',
    sha256: manifest.weights.sha256,
    preset: typeof model.preset === 'string' ? model.preset : 'custom',
    parameters: manifest.tensors.filter((t) => t.trainable).reduce((sum, t) => sum + size(t.shape), 0),
    fixedParameters: manifest.tensors.filter((t) => !t.trainable).reduce((sum, t) => sum + size(t.shape), 0),
    metric: metricDefinition(model),
    training: summariseTraining(manifest, log),
    cells: [],
  };
}
