/**
 * Progress of long commands on stderr. On a terminal: one bar redrawn in place. Elsewhere (logs, pipes): one
 * line per step, or, with `--json`, only a closing summary line, so that scripts reading the JSON get quiet
 * logs. `--quiet` prints nothing.
 */

import type { Trial } from '../core/optimizer.js';

/** How progress is shown. */
export type ProgressStyle = 'bar' | 'lines' | 'summary' | 'none';

/** The style for a run: `none` when quiet, a bar on a terminal, else lines (or only a summary with `--json`). */
export function progressStyle(options: { readonly quiet: boolean; readonly json: boolean; readonly isTTY: boolean }): ProgressStyle {
  if (options.quiet) return 'none';
  if (options.isTTY) return 'bar';
  return options.json ? 'summary' : 'lines';
}

/** Formats a number compactly for progress output. */
export function formatValue(value: number): string {
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(4) : value.toFixed(6);
}

/** Formats a duration: `12.3 s`, `4 min 5 s`, `2 h 3 min`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** Where progress goes (stderr by default). */
export type ProgressWriter = (text: string) => void;

const BAR_WIDTH = 24;

/** Progress through `total` steps in a {@link ProgressStyle}: numbered lines or a bar, then a summary. */
export class StepProgress {
  private readonly started = performance.now();
  private barShown = false;
  private lastBar = '';

  /** A display of `total` steps of which `startAt` were done before (a resumed run). */
  constructor(
    /** How progress is shown. */
    readonly style: ProgressStyle,
    private readonly total: number,
    private readonly startAt = 0,
    private readonly write: ProgressWriter = (text) => process.stderr.write(text),
  ) {}

  /** Seconds since the display was created. */
  elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Reports that `done` steps are done: a line `[done/total] detail`, or the bar with `detail` and the time left. */
  step(done: number, detail: string): void {
    if (this.style === 'lines') {
      this.write(`[${String(done).padStart(String(this.total).length)}/${this.total}] ${detail}\n`);
    } else if (this.style === 'bar') {
      const filled = Math.round((BAR_WIDTH * done) / this.total);
      const ran = done - this.startAt;
      const left = done < this.total && ran > 0 ? `, ~${formatSeconds((this.elapsed() / ran) * (this.total - done))} left` : '';
      this.lastBar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done}/${this.total}  ${detail}  ${formatSeconds(this.elapsed())}${left}`;
      this.write(`\r\x1b[K${this.lastBar}`);
      this.barShown = true;
    }
  }

  /** Writes a message (e.g. a warning) on its own line without garbling the bar; shown in every style. */
  message(text: string): void {
    if (this.barShown) this.write('\r\x1b[K');
    this.write(text + '\n');
    if (this.barShown) this.write(this.lastBar);
  }

  /** Ends the display: closes the bar's line; in `summary` style writes `summary`. */
  finish(summary: string): void {
    if (this.barShown) this.write('\n');
    if (this.style === 'summary') this.write(`${summary}\n`);
  }
}

/** Progress of an optimisation run: trials done, the best value so far, failures. */
export class ProgressReporter {
  private best = Infinity;
  private failed = 0;
  private count: number;
  private readonly display: StepProgress;

  /**
   * A reporter for a run of `budget` trials; `earlier` are the trials a resumed run already finished (they count
   * towards the best value and the position).
   */
  constructor(
    private readonly budget: number,
    style: ProgressStyle,
    earlier: readonly Trial[] = [],
    write?: ProgressWriter,
  ) {
    for (const trial of earlier) this.account(trial);
    this.count = earlier.length;
    this.display = new StepProgress(style, budget, this.count, write);
  }

  /** Reports a finished trial. */
  trial(trial: Trial): void {
    this.count++;
    this.account(trial);
    if (this.display.style === 'lines') {
      const outcome = trial.status === 'complete' ? formatValue(trial.value!) : `failed: ${trial.error}`;
      this.display.step(this.count, `${trial.source.padEnd(8)} value ${outcome}  best ${this.bestText()}`);
    } else this.display.step(this.count, `best ${this.bestText()}${this.failedText()}`);
  }

  /** Writes a message (e.g. a warning) on its own line. */
  message(text: string): void {
    this.display.message(text);
  }

  /** Ends the progress output (a summary line in `summary` style). */
  finish(): void {
    this.display.finish(`[${this.count}/${this.budget}] done in ${formatSeconds(this.display.elapsed())}, best ${this.bestText()}${this.failedText()}`);
  }

  private account(trial: Trial): void {
    if (trial.status === 'complete' && trial.value! < this.best) this.best = trial.value!;
    if (trial.status === 'failed') this.failed++;
  }

  private bestText(): string {
    return Number.isFinite(this.best) ? formatValue(this.best) : '-';
  }

  private failedText(): string {
    return this.failed > 0 ? `, ${this.failed} failed` : '';
  }
}
