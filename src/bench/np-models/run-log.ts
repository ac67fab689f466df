/**
 * What a training run's JSON-lines log (written by the trainer, one {@link TrainingLogRecord} per line) says about
 * the run behind a best-validation checkpoint: how many steps it has run and its cumulative training seconds, in
 * total and up to the checkpoint's step. The log must be the checkpoint's own: it needs a line at the checkpoint's
 * step that marks the same validation score as the best.
 */

import type { TrainingLogRecord } from '../../../surrogates/training/trainer.js';

/** The checkpoint facts a log is matched against (its manifest's `training.step` and `metrics.validationLogLikelihood`). */
export interface CheckpointValidation {
  /** The step the checkpoint was saved at. */
  readonly step: number;
  /** Its validation log-likelihood. */
  readonly logLikelihood: number;
}

/** A run's progress according to its log. */
export interface RunLogSummary {
  /** The last step logged. */
  readonly completedSteps: number;
  /** Cumulative training seconds (steps and validations, over all sessions) at the last line. */
  readonly totalSeconds: number;
  /** Cumulative training seconds at the checkpoint's step. */
  readonly secondsToCheckpoint: number;
  /** A better validation logged after the checkpoint's step (the run went on after the checkpoint was copied), if any. */
  readonly laterBest: { readonly step: number; readonly logLikelihood: number } | null;
}

/**
 * The log's lines; an unreadable last line (a process killed or still writing) is dropped, an unreadable earlier
 * line is an error.
 */
function parseLines(text: string): TrainingLogRecord[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const records: TrainingLogRecord[] = [];
  for (const [i, line] of lines.entries()) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      if (i === lines.length - 1) break;
      throw new Error(`run log: line ${i + 1} is not JSON`);
    }
    const { step, seconds } = record as Partial<TrainingLogRecord>;
    if (!Number.isInteger(step) || typeof seconds !== 'number' || !Number.isFinite(seconds)) {
      throw new Error(`run log: line ${i + 1} has no integer 'step' and finite 'seconds'`);
    }
    records.push(record as TrainingLogRecord);
  }
  return records;
}

/** Summarises the log `text` of the run that saved `checkpoint`; throws if the log is empty, malformed or another run's. */
export function summariseRunLog(text: string, checkpoint: CheckpointValidation): RunLogSummary {
  const records = parseLines(text);
  if (records.length === 0) throw new Error('run log: no records');
  const atCheckpoint = records.find((r) => r.step === checkpoint.step);
  if (atCheckpoint === undefined) throw new Error(`run log: no line at the checkpoint's step ${checkpoint.step}`);
  const validation = atCheckpoint.validation;
  if (validation === undefined || !validation.best || validation.logLikelihood !== checkpoint.logLikelihood) {
    throw new Error(
      `run log: step ${checkpoint.step} does not record the checkpoint's best validation ${checkpoint.logLikelihood} ` +
        `(logged: ${validation === undefined ? 'no validation' : `${validation.logLikelihood}${validation.best ? '' : ', not best'}`})`,
    );
  }
  const later = records.filter((r) => r.step > checkpoint.step && r.validation?.best === true).at(-1);
  const last = records.at(-1)!;
  return {
    completedSteps: last.step,
    totalSeconds: last.seconds,
    secondsToCheckpoint: atCheckpoint.seconds,
    laterBest: later === undefined ? null : { step: later.step, logLikelihood: later.validation!.logLikelihood },
  };
}
