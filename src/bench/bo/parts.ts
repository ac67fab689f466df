/**
 * Runs the three parts of the BO benchmark with the benchmark harness (runs cached in a JSON-lines file per part,
 * so a killed run resumes) and condenses each into its record of `bo.json`:
 * 1. `table`: every surrogate with logei, and tnp-kr, np and gp also with Thompson sampling, on the six problems;
 * 2. `np1d`: every surrogate with logei on the GP-sampled 1-D tasks `gp1d:K` (the NP papers' protocol);
 * 3. `long`: gp, tnp-kr-dka and cmanp with logei (and random search) on hartmann6 up to a large budget, one run
 *    after another in this process so that their suggestion times do not compete for the CPU.
 * Surrogates this version cannot create are skipped by the harness and listed with the reason.
 */

import os from 'node:os';
import path from 'node:path';
import { benchPlots, seriesLabel, shapedRegionRuns, trustRegionSurrogates, type Plot } from '../bench-report.js';
import { UsageError } from '../../cli/usage.js';
import { describeMachine } from '../environment.js';
import { formatFigure } from '../format.js';
import { runBench, type BenchDocument, type BenchSettings, type SkippedSurrogate } from '../harness.js';
import type { RunResult } from '../run.js';
import { summarise } from '../summary.js';
import type { IncumbentRule } from '../../core/types.js';
import type { AcquisitionName, SurrogateName } from '../../registry.js';
import type { BoPart, LongPart, Np1dPart, PartHeader, TablePart } from './document.js';
import { LONG_NP_SURROGATES, longChecks, longRows } from './long.js';
import { np1dRows } from './np1d.js';
import { tableChecks, tableRows } from './table.js';

/** The six problems of part 1. */
export const TABLE_PROBLEMS: readonly string[] = ['branin', 'hartmann3', 'hartmann6', 'ackley5', 'levy4', 'rosenbrock4'];

/** The surrogates part 1 also runs with Thompson sampling. */
export const TS_SURROGATES: readonly SurrogateName[] = ['tnp-kr', 'np', 'gp'];

/** The acquisitions of part 1: logei for every surrogate, ts for {@link TS_SURROGATES}. */
export const TABLE_ACQUISITIONS = ['logei', 'ts'] as const;

/** An acquisition of part 1. */
export type TableAcquisition = (typeof TABLE_ACQUISITIONS)[number];

/** The surrogates of part 3: the GP, the fast neural processes, and random search as the floor to beat. */
export const LONG_SURROGATES: readonly SurrogateName[] = ['gp', ...LONG_NP_SURROGATES, 'random'];

/** The problem of part 3. */
export const LONG_PROBLEM = 'hartmann6';

/** What the parts run. */
export interface BoSettings {
  /** The surrogates allowed in any part (each part keeps those of its own it finds here). */
  readonly surrogates: readonly SurrogateName[];
  /** Part 1: problems, seeds `0 … seeds−1`, evaluations per run, and which of its acquisitions run. */
  readonly table: {
    readonly problems: readonly string[];
    readonly seeds: number;
    readonly budget: number;
    readonly acquisitions: readonly TableAcquisition[];
    readonly incumbent: IncumbentRule;
  };
  /** Part 2: tasks `gp1d:0 … gp1d:(tasks−1)`, evaluations per task (BO seed 0). */
  readonly np1d: { readonly tasks: number; readonly budget: number };
  /** Part 3: seeds, evaluations per run, the observation counts timed and the suggestions each is timed over. */
  readonly long: { readonly seeds: number; readonly budget: number; readonly at: readonly number[]; readonly window: number };
  /** Whether every run searches a trust region; undefined: each surrogate's own choice (see `BenchSettings`). */
  readonly trustRegion?: boolean;
  /** Worker processes of parts 1 and 2 (1: in this process). */
  readonly jobs: number;
  /** Whether this is the `--quick` smoke configuration. */
  readonly quick: boolean;
}

/** Where and how a part runs. */
export interface PartContext {
  /** The command line, recorded in the report. */
  readonly command: string;
  /** Folder of the per-part run caches (`<part>.jsonl`). */
  readonly cacheDir: string;
  /** Called after each run of the part, with how many of how many are done. */
  readonly onRun?: (part: BoPart, run: RunResult, done: number, total: number) => void;
}

/** A part's record and the plots to write next to the report. */
export interface PartOutcome<T> {
  /** The record for `bo.json`. */
  readonly record: T;
  /** The plots its record lists. */
  readonly plots: readonly Plot[];
}

/** One sweep of the harness for `part`, cached in the part's file. */
function sweep(part: BoPart, settings: BenchSettings, context: PartContext): Promise<BenchDocument> {
  return runBench(settings, {
    command: context.command,
    cacheFile: path.join(context.cacheDir, `${part}.jsonl`),
    onRun: (run, done, total) => context.onRun?.(part, run, done, total),
  });
}

/** The header of a part of `runs` that started with load average `startLoad`. */
function header(context: PartContext, settings: BoSettings, jobs: number, skipped: readonly SkippedSurrogate[], plots: readonly Plot[], startLoad: number, runs: readonly RunResult[]): PartHeader {
  return {
    created: new Date().toISOString(),
    machine: describeMachine(),
    load: { start: startLoad, end: os.loadavg()[0] },
    command: context.command,
    quick: settings.quick,
    jobs,
    skipped,
    trustRegion: trustRegionSurrogates(runs),
    shapedRegion: shapedRegionRuns(runs),
    plots: plots.map(({ file, title }) => ({ file, title })),
  };
}

/** The plots of `doc` with their file names prefixed by `bo-<part>-`. */
function partPlots(part: BoPart, doc: BenchDocument): Plot[] {
  return benchPlots(doc).map((plot) => ({ ...plot, file: `bo-${part}-${plot.file}` }));
}

/** Part 1. */
export async function runTablePart(settings: BoSettings, context: PartContext): Promise<PartOutcome<TablePart>> {
  const startLoad = os.loadavg()[0];
  const { problems, seeds, budget, incumbent } = settings.table;
  const base = { problems, seeds, budget, incumbent, trustRegion: settings.trustRegion, jobs: settings.jobs };
  const wanted = (acquisition: TableAcquisition): boolean => settings.table.acquisitions.includes(acquisition);
  const logeiSurrogates = wanted('logei') ? settings.surrogates : [];
  const tsSurrogates = wanted('ts') ? settings.surrogates.filter((s) => TS_SURROGATES.includes(s)) : [];
  const sweeps: BenchDocument[] = [];
  if (logeiSurrogates.length > 0) sweeps.push(await sweep('table', { ...base, surrogates: logeiSurrogates, acquisitions: ['logei'] }, context));
  if (tsSurrogates.length > 0) sweeps.push(await sweep('table', { ...base, surrogates: tsSurrogates, acquisitions: ['ts'] }, context));
  if (sweeps.length === 0) throw new UsageError(`--acquisitions: ts runs only for ${TS_SURROGATES.join(', ')}, none of which is among --surrogates`);
  const runs = sweeps.flatMap((doc) => doc.runs);
  const skipped = [...new Map(sweeps.flatMap((doc) => doc.skipped).map((s) => [s.surrogate, s])).values()];
  const acquisitions: AcquisitionName[] = [...(logeiSurrogates.length > 0 ? ['logei' as const] : []), ...(tsSurrogates.length > 0 ? ['ts' as const] : [])];
  const plots = partPlots('table', { ...sweeps[0], settings: { ...sweeps[0].settings, acquisitions }, runs, summary: summarise(runs) });
  const rows = tableRows(runs, problems);
  return {
    record: { ...header(context, settings, settings.jobs, skipped, plots, startLoad, runs), settings: { problems, seeds, budget, incumbent }, rows, checks: tableChecks(rows, skipped) },
    plots,
  };
}

/** The problem names of the GP-sampled tasks `0 … tasks−1`. */
export function np1dProblems(tasks: number): string[] {
  return Array.from({ length: tasks }, (_, k) => `gp1d:${k}`);
}

/** Part 2. */
export async function runNp1dPart(settings: BoSettings, context: PartContext): Promise<PartOutcome<Np1dPart>> {
  const startLoad = os.loadavg()[0];
  const { tasks, budget } = settings.np1d;
  const doc = await sweep('np1d', { problems: np1dProblems(tasks), surrogates: settings.surrogates, acquisitions: ['logei'], seeds: 1, budget, trustRegion: settings.trustRegion, jobs: settings.jobs }, context);
  return {
    record: { ...header(context, settings, settings.jobs, doc.skipped, [], startLoad, doc.runs), settings: { tasks, budget, seed: 0 }, rows: np1dRows(doc.runs) },
    plots: [],
  };
}

/** Part 3 (always in this process: the timings are the point). */
export async function runLongPart(settings: BoSettings, context: PartContext): Promise<PartOutcome<LongPart>> {
  const startLoad = os.loadavg()[0];
  const { seeds, budget, at, window } = settings.long;
  const surrogates = LONG_SURROGATES.filter((s) => settings.surrogates.includes(s));
  const doc = await sweep('long', { problems: [LONG_PROBLEM], surrogates, acquisitions: ['logei'], seeds, budget, trustRegion: settings.trustRegion, jobs: 1 }, context);
  const plots = partPlots('long', doc);
  const rows = longRows(doc.runs, at, window);
  return {
    record: { ...header(context, settings, 1, doc.skipped, plots, startLoad, doc.runs), settings: { problem: LONG_PROBLEM, seeds, budget, at, window }, rows, checks: longChecks(rows, doc.skipped) },
    plots,
  };
}

/** A one-line description of a finished run, for progress output. */
export function describeRun(part: BoPart, run: RunResult, done: number, total: number): string {
  return `[${part} ${done}/${total}] ${seriesLabel(run.surrogate, run.acquisition)} on ${run.problem}, seed ${run.seed}: final regret ${formatFigure(run.regret.at(-1)!)} (${run.seconds.toFixed(1)} s)`;
}
