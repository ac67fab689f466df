/**
 * The benchmark harness behind `tnpbo bench`: every problem × surrogate × acquisition × seed, run in this
 * process or in several worker processes. Finished runs can be cached in a JSON-lines file so that an
 * interrupted benchmark resumes where it stopped. Surrogates this version cannot create (the NP models before
 * their weights ship) are skipped with the reason.
 */

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SearchSpace } from '../core/space.js';
import { canShapeRegion } from '../core/trust-region.js';
import { DEFAULT_INCUMBENT, LEGACY_INCUMBENT, type EncodedDimension, type IncumbentRule } from '../core/types.js';
import { getProblem, problemSpace } from '../problems/index.js';
import { createSurrogate, type AcquisitionName, type SurrogateName } from '../registry.js';
import { NP_SURROGATE_ARCHITECTURES, NP_SURROGATE_NAMES, readShippedManifest, shippedWeightsFile, type NpSurrogateName } from '../shipped-weights.js';
import { unavailableReason } from './availability.js';
import { describeMachine } from './environment.js';
import { ProcessPool } from './process-pool.js';
import { runBenchmark, type RunResult, type RunSpec } from './run.js';
import { summarise, type BenchSummary } from './summary.js';

/** What to run. */
export interface BenchSettings {
  /** Problem names (see `getProblem`). */
  readonly problems: readonly string[];
  /** Surrogate names; unavailable ones are skipped. */
  readonly surrogates: readonly SurrogateName[];
  /** Acquisition names. */
  readonly acquisitions: readonly AcquisitionName[];
  /** Seeds `0 … seeds-1`. */
  readonly seeds: number;
  /** Evaluations per run, initial design included. */
  readonly budget: number;
  /** The incumbent rule of every run (default {@link DEFAULT_INCUMBENT}). */
  readonly incumbent?: IncumbentRule;
  /**
   * Whether every run searches a trust region; undefined (the default): each surrogate's own default, on for the
   * neural processes and off for the others, as in `minimize`.
   */
  readonly trustRegion?: boolean;
  /** Worker processes; 1 runs everything in this process. */
  readonly jobs: number;
}

/** A surrogate that was not run, and why. */
export interface SkippedSurrogate {
  /** The surrogate name. */
  readonly surrogate: string;
  /** Why it cannot be created in this version. */
  readonly reason: string;
}

/** The JSON document of a benchmark (`bench.json`). */
export interface BenchDocument {
  /** Format version. */
  readonly version: 1;
  /** ISO date and time the benchmark finished. */
  readonly created: string;
  /** CPU, memory and Node version of the machine. */
  readonly machine: string;
  /** The command that produced it. */
  readonly command: string;
  /** What was run. */
  readonly settings: BenchSettings;
  /** Surrogates that were not run, with the reason. */
  readonly skipped: readonly SkippedSurrogate[];
  /** Every run, in the order problem, surrogate, acquisition, seed. */
  readonly runs: readonly RunResult[];
  /** Quartile summaries of the runs. */
  readonly summary: BenchSummary;
}

/** Options of {@link runBench}. */
export interface BenchOptions {
  /** The command line, recorded in the document. */
  readonly command: string;
  /** JSON-lines file of finished runs: runs found there are not repeated; new ones are appended. */
  readonly cacheFile?: string;
  /** Ignore (and replace) the runs already in `cacheFile`. */
  readonly fresh?: boolean;
  /**
   * Called after each run, with how many of how many distinct runs are done (cached ones included; names of one
   * model share a run).
   */
  readonly onRun?: (run: RunResult, done: number, total: number) => void;
}

/**
 * The SHA-256 of the shipped weights behind an NP surrogate, recorded in its runs and part of their cache key, so
 * that retrained weights are benchmarked afresh rather than answered from the cache.
 */
function weightsOf(surrogate: SurrogateName): { weights?: string } {
  if (!(NP_SURROGATE_NAMES as readonly string[]).includes(surrogate)) return {};
  return { weights: readShippedManifest(shippedWeightsFile(surrogate as NpSurrogateName)).weightsSha256 };
}

/**
 * Whether the runs of `surrogate` on `problem` search a trust region: `given` when it is set, else what the loop
 * would choose, which the surrogate built for the problem's space says. Recorded in each run spec, so that the
 * cache tells runs with and without one apart.
 */
function searchesTrustRegion(surrogate: SurrogateName, dims: readonly EncodedDimension[], given: boolean | undefined): boolean {
  if (given !== undefined) return given;
  return createSurrogate(surrogate, { dims, seed: '0' }).prefersTrustRegion === true;
}

/** Random search ignores the acquisition, so it runs once per problem and seed, with the first acquisition. */
function plannedRuns(settings: BenchSettings, surrogates: readonly SurrogateName[]): RunSpec[] {
  const specs: RunSpec[] = [];
  const incumbent = settings.incumbent ?? DEFAULT_INCUMBENT;
  for (const problem of settings.problems) {
    const dims = new SearchSpace(problemSpace(getProblem(problem))).dims;
    // A trust region is shaped by default (the package's Optimizer can always estimate lengthscales) where a shape
    // is possible; elsewhere the run is the same as with a cube, and recorded as one.
    const shaped = canShapeRegion(dims) ? { shapedRegion: true } : {};
    for (const surrogate of surrogates) {
      const acquisitions = surrogate === 'random' ? settings.acquisitions.slice(0, 1) : settings.acquisitions;
      const weights = weightsOf(surrogate);
      const trustRegion = searchesTrustRegion(surrogate, dims, settings.trustRegion) ? { trustRegion: true, ...shaped } : {};
      for (const acquisition of acquisitions) {
        for (let seed = 0; seed < settings.seeds; seed++) specs.push({ problem, surrogate, acquisition, seed, budget: settings.budget, incumbent, ...trustRegion, ...weights });
      }
    }
  }
  return specs;
}

/** The model behind a surrogate name: names of one architecture (`tnp-kr`, `tnp-kr-sa`) share their runs. */
const modelOf = (surrogate: SurrogateName): string => NP_SURROGATE_ARCHITECTURES[surrogate as NpSurrogateName] ?? surrogate;

const keyOf = (spec: RunSpec): string =>
  [spec.problem, modelOf(spec.surrogate), spec.acquisition, spec.seed, spec.budget, spec.weights ?? '', spec.incumbent ?? LEGACY_INCUMBENT, ...(spec.trustRegion ? [spec.shapedRegion ? 'shaped-region' : 'trust-region'] : [])].join('|');

function readCache(file: string | undefined): Map<string, RunResult> {
  const cached = new Map<string, RunResult>();
  if (file === undefined || !existsSync(file)) return cached;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    try {
      if (line.trim() !== '') {
        const run = JSON.parse(line) as RunResult;
        cached.set(keyOf(run), run);
      }
    } catch {
      // A line cut short by an interruption: that run is repeated.
    }
  }
  return cached;
}

/** Runs the benchmark described by `settings`. */
export async function runBench(settings: BenchSettings, options: BenchOptions): Promise<BenchDocument> {
  const skipped: SkippedSurrogate[] = [];
  const surrogates = settings.surrogates.filter((surrogate) => {
    const reason = unavailableReason(surrogate);
    if (reason !== undefined) skipped.push({ surrogate, reason });
    return reason === undefined;
  });
  const specs = plannedRuns(settings, surrogates);
  const cached = options.fresh ? new Map<string, RunResult>() : readCache(options.cacheFile);
  if (options.cacheFile !== undefined) {
    mkdirSync(path.dirname(options.cacheFile), { recursive: true });
    if (options.fresh) writeFileSync(options.cacheFile, '');
  }
  // One run per key, under the first name that asks for it.
  const distinct = new Map<string, RunSpec>();
  for (const spec of specs) {
    const key = keyOf(spec);
    if (!distinct.has(key)) distinct.set(key, spec);
  }
  const results = new Map<string, RunResult>();
  const finish = (run: RunResult): void => {
    results.set(keyOf(run), run);
    options.onRun?.(run, results.size, distinct.size);
  };
  for (const key of distinct.keys()) if (cached.has(key)) finish(cached.get(key)!);
  const todo = [...distinct].filter(([key]) => !results.has(key)).map(([, spec]) => spec);
  const record = (run: RunResult): void => {
    if (options.cacheFile !== undefined) appendFileSync(options.cacheFile, JSON.stringify(run) + '\n');
    finish(run);
  };
  if (settings.jobs <= 1) {
    for (const spec of todo) record(await runBenchmark(spec));
  } else {
    const pool = new ProcessPool(settings.jobs);
    try {
      await Promise.all(todo.map((spec) => pool.run<RunResult>({ kind: 'run', spec }).then(record)));
    } finally {
      pool.close();
    }
  }
  const runs = specs.map((spec) => ({ ...results.get(keyOf(spec))!, surrogate: spec.surrogate }));
  return {
    version: 1,
    created: new Date().toISOString(),
    machine: describeMachine(),
    command: options.command,
    settings,
    skipped,
    runs,
    summary: summarise(runs),
  };
}
