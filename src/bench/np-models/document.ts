/**
 * The model table's document (written as docs/benchmarks/models.json and rendered as models.md): one row per
 * neural-process model trained on RBF tasks of the standard 1-D GP protocol, with its checkpoint, its training
 * run and its scores on each kernel's evaluation set next to the oracle GP's on the same tasks.
 */

import type { ModelName } from '../../../surrogates/models/config.js';
import type { ProtocolKernel } from '../../../surrogates/training/tasks.js';
import type { PublishedFigures } from './published-figures.js';
import type { RunLogSummary } from './run-log.js';

/** One model scored on one kernel's evaluation set. */
export interface CellResult {
  readonly kernel: ProtocolKernel;
  readonly batches: number;
  /** Tasks (functions) scored. */
  readonly tasks: number;
  /** The model's mean of batch-mean target log-likelihoods. */
  readonly logLikelihood: number;
  /** Its standard error over batches (null for a single batch). */
  readonly standardError: number | null;
  /** The oracle GP's score on the same tasks, aggregated the same way. */
  readonly oracleLogLikelihood: number;
  readonly oracleStandardError: number | null;
  /** Seconds the model spent scoring. */
  readonly seconds: number;
  /** The TensorFlow.js backend that scored it, e.g. `wasm (SIMD, fast kernels)`. */
  readonly backend: string;
}

/** A cell whose evaluation failed. */
export interface CellFailure {
  readonly kernel: ProtocolKernel;
  /** What went wrong. */
  readonly error: string;
}

/** A cell of a trained row: its result, its failure, or nothing yet (absent from the row's list). */
export type Cell = CellResult | CellFailure;

/** Whether `cell` holds a result. */
export function isCellResult(cell: Cell): cell is CellResult {
  return !('error' in cell);
}

/** What the run log adds to the checkpoint: where it is and what it says, or why nothing is recorded. */
export type RunLogEntry = ({ readonly file: string } & RunLogSummary) | { readonly file: string | null; readonly notRecorded: string };

/** How the checkpoint was trained. */
export interface TrainingSummary {
  /** The step of the best-validation checkpoint. */
  readonly bestStep: number;
  /** The run's configured number of steps. */
  readonly plannedSteps: number;
  /** The validation log-likelihood that made it the best (from the manifest's metrics), if recorded. */
  readonly validationLogLikelihood: number | null;
  /** The backend it was trained on, if recorded. */
  readonly backend: string | null;
  readonly log: RunLogEntry;
}

/** Fields of every row. */
interface RowBase {
  readonly model: ModelName;
  /** The checkpoint's name, `<model>-gp1d`. */
  readonly checkpoint: string;
  /** Its manifest path. */
  readonly file: string;
  /** models.md §9.2's published RBF / Matérn-5/2 figures, or null when there are none. */
  readonly published: PublishedFigures | null;
}

/** A model whose checkpoint does not exist. */
export interface MissingRow extends RowBase {
  readonly status: 'not trained yet';
}

/** A checkpoint that cannot be used for this table (unreadable, another protocol, …). */
export interface UnusableRow extends RowBase {
  readonly status: 'unusable';
  readonly reason: string;
}

/** A checkpoint of this table, with the cells evaluated so far. */
export interface TrainedRow extends RowBase {
  readonly status: 'trained';
  /** SHA-256 of the weights. */
  readonly sha256: string;
  /** The size preset the model was built from. */
  readonly preset: string;
  /** Trainable parameters. */
  readonly parameters: number;
  /** Fixed (non-trainable) parameters, e.g. the Performer's random features. */
  readonly fixedParameters: number;
  /** How the target log-likelihood is defined for this model (models.md §9.2 asks every row to say). */
  readonly metric: string;
  readonly training: TrainingSummary;
  readonly cells: readonly Cell[];
}

/** One model of the table. */
export type ModelRow = MissingRow | UnusableRow | TrainedRow;

/** The whole table with the conditions it was measured under. */
export interface ModelTableDocument {
  /** ISO date of the run. */
  readonly date: string;
  /** {@link describeMachine}'s line. */
  readonly machine: string;
  /** 1-minute load average at the start and at the time of writing. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly tfjsVersion: string;
  /** The command that reproduces the table. */
  readonly command: string;
  readonly protocol: 'gp-standard';
  /** Batches of 16 tasks per kernel. */
  readonly batches: number;
  /** Evaluation-set seed. */
  readonly seed: number;
  readonly kernels: readonly ProtocolKernel[];
  readonly rows: readonly ModelRow[];
}
