/**
 * `tnpbo bench scale`: how a surrogate's time and memory grow with the number of context (observed) points
 * and of query points. Two sweeps per surrogate: context sizes at a fixed query size, and query sizes at a
 * fixed context size. Every point runs in a fresh worker process, one at a time, so that timings do not
 * compete and the peak memory is that point's own. Surrogates are chosen by name, so every registered model
 * (the GP now, the TNP-KR variants once their weights ship) is measured the same way.
 */

import type { SurrogateName } from '../registry.js';
import { unavailableReason } from './availability.js';
import { describeMachine } from './environment.js';
import type { SkippedSurrogate } from './harness.js';
import { ProcessPool } from './process-pool.js';
import type { ScaleMeasurement, ScalePoint } from './scale-point.js';

/** The surrogates `bench scale` measures by default: the GP and the TNP-KR variants. */
export const SCALE_SURROGATES: readonly SurrogateName[] = ['gp', 'tnp-kr', 'tnp-kr-sa', 'tnp-kr-dka', 'tnp-kr-performer'];

/** What to sweep. */
export interface ScaleSettings {
  /** Surrogate names; unavailable ones are skipped. */
  readonly surrogates: readonly SurrogateName[];
  /** Context sizes of the context sweep. */
  readonly contexts: readonly number[];
  /** Query sizes of the query sweep. */
  readonly queries: readonly number[];
  /** The context size of the query sweep. */
  readonly context: number;
  /** The query size of the context sweep. */
  readonly query: number;
  /** Input dimension. */
  readonly dim: number;
  /** Timed repetitions per point (the median is reported). */
  readonly repeats: number;
}

/** The JSON document of a scaling benchmark (`scale.json`). */
export interface ScaleDocument {
  /** Format version. */
  readonly version: 1;
  /** ISO date and time the measurements finished. */
  readonly created: string;
  /** CPU, memory and Node version of the machine. */
  readonly machine: string;
  /** The command that produced it. */
  readonly command: string;
  /** What was swept. */
  readonly settings: ScaleSettings;
  /** Surrogates that were not measured, with the reason. */
  readonly skipped: readonly SkippedSurrogate[];
  /** Every point of both sweeps, per surrogate. */
  readonly measurements: readonly ScaleMeasurement[];
}

/** The points of both sweeps for one surrogate. */
export function scalePoints(settings: ScaleSettings, surrogate: SurrogateName): ScalePoint[] {
  const common = { surrogate, dim: settings.dim, repeats: settings.repeats };
  return [
    ...settings.contexts.map((context) => ({ ...common, sweep: 'context' as const, context, query: settings.query })),
    ...settings.queries.map((query) => ({ ...common, sweep: 'query' as const, context: settings.context, query })),
  ];
}

/** Runs both sweeps for every available surrogate; `onPoint` hears of each measurement. */
export async function runScale(settings: ScaleSettings, options: { readonly command: string; readonly onPoint?: (m: ScaleMeasurement, done: number, total: number) => void }): Promise<ScaleDocument> {
  const skipped: SkippedSurrogate[] = [];
  const points = settings.surrogates.flatMap((surrogate) => {
    const reason = unavailableReason(surrogate);
    if (reason === undefined) return scalePoints(settings, surrogate);
    skipped.push({ surrogate, reason });
    return [];
  });
  const pool = new ProcessPool(1, { recycle: true, execArgv: ['--expose-gc'] });
  const measurements: ScaleMeasurement[] = [];
  try {
    for (const point of points) {
      measurements.push(await pool.run<ScaleMeasurement>({ kind: 'scale', point }));
      options.onPoint?.(measurements.at(-1)!, measurements.length, points.length);
    }
  } finally {
    pool.close();
  }
  return { version: 1, created: new Date().toISOString(), machine: describeMachine(), command: options.command, settings, skipped, measurements };
}
