/** Progress lines on stderr while a run goes on, and the final summary. */

import type { Trial } from '../core/optimizer.js';

/** Formats a number compactly for progress output. */
export function formatValue(value: number): string {
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(4) : value.toFixed(6);
}

/** Writes one line per finished trial: index, value or failure, best so far. */
export class ProgressReporter {
  private best = Infinity;
  private count = 0;

  /** A reporter for a run of `budget` trials writing to `write` (stderr by default). */
  constructor(
    private readonly budget: number,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {}

  /** Reports a finished trial. */
  trial(trial: Trial): void {
    this.count++;
    if (trial.status === 'complete' && trial.value! < this.best) this.best = trial.value!;
    const outcome = trial.status === 'complete' ? formatValue(trial.value!) : `failed: ${trial.error}`;
    const best = Number.isFinite(this.best) ? formatValue(this.best) : '-';
    const width = String(this.budget).length;
    this.write(`[${String(this.count).padStart(width)}/${this.budget}] ${trial.source.padEnd(8)} value ${outcome}  best ${best}`);
  }
}
