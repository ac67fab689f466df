/**
 * The command behind `scripts/bench-bo.ts` (`npm run bench:bo`): runs the chosen parts of the BO benchmark and,
 * after each, rewrites `bo.json` (the parts run before are kept) and `bo.md` in the output folder.
 *
 * Options:
 * - `--part table,np1d,long` (default all three, in that order);
 * - `--quick`: the smoke configuration (1 seed, budget 10, 3 tasks, a long run of 60), written by default to
 *   `.bench-cache/bo/quick` rather than the output folder of the benchmark;
 * - `--surrogates a,b`: only these surrogates in any part (default every surrogate name);
 * - part 1: `--problems a,b` (default the six), `--seeds N` (10: seeds 0…N−1), `--budget N` (50),
 *   `--acquisitions logei,ts` (default both: logei for every surrogate, ts for tnp-kr, np and gp),
 *   `--incumbent best-observed|best-mean` (default best-observed) for every run of the part;
 * - `--trust-region` / `--no-trust-region`: every run of every part searches a trust region / none does (default:
 *   each surrogate's own choice, as in `minimize`: the neural processes search one, the GP does not);
 * - part 2: `--tasks N` (100: tasks gp1d:0…gp1d:N−1), `--np1d-budget N` (50);
 * - part 3: `--long-budget N` (1000), `--long-seeds N` (1), `--long-at a,b` (100,500,1000 observations),
 *   `--long-window N` (10 suggestions up to each count);
 * - `--jobs N` worker processes for parts 1 and 2 (default 1; part 3 always runs in this process);
 * - `--out DIR` (default docs/benchmarks), `--cache DIR` (default .bench-cache/bo), `--fresh` (forget the cached
 *   runs of the parts run).
 */

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { problemNames } from '../../problems/index.js';
import { SURROGATE_NAMES } from '../../registry.js';
import { listOf, oneOf, positiveInteger, positiveIntegers, TRUST_REGION_OPTIONS, trustRegionFlag } from '../../cli/usage.js';
import { DEFAULT_INCUMBENT, INCUMBENT_RULES } from '../../core/types.js';
import { BO_PARTS, type BoDocument, type BoPart } from './document.js';
import { describeRun, runLongPart, runNp1dPart, runTablePart, TABLE_ACQUISITIONS, TABLE_PROBLEMS, type BoSettings, type PartContext, type PartOutcome } from './parts.js';
import { boMarkdown } from './report.js';

/** A parsed command line. */
export interface BoCommand {
  /** The parts to run, in order. */
  readonly parts: readonly BoPart[];
  /** What they run. */
  readonly settings: BoSettings;
  /** Folder of bo.json, bo.md and the plots. */
  readonly out: string;
  /** Folder of the run caches. */
  readonly cache: string;
  /** Forget the cached runs of the parts run. */
  readonly fresh: boolean;
  /** The command line that reruns this, for the report. */
  readonly command: string;
}

/** The benchmark's configuration and the `--quick` smoke one (flags override either). */
const CONFIGURATIONS = {
  full: {
    table: { problems: TABLE_PROBLEMS, seeds: 10, budget: 50, acquisitions: TABLE_ACQUISITIONS },
    np1d: { tasks: 100, budget: 50 },
    long: { seeds: 1, budget: 1000, at: [100, 500, 1000], window: 10 },
    out: 'docs/benchmarks',
  },
  quick: {
    table: { problems: TABLE_PROBLEMS, seeds: 1, budget: 10, acquisitions: TABLE_ACQUISITIONS },
    np1d: { tasks: 3, budget: 10 },
    long: { seeds: 1, budget: 60, at: [20, 40, 60], window: 5 },
    out: '.bench-cache/bo/quick',
  },
} as const;

/** `node dist/scripts/bench-bo.js` with `args`, quoted where a shell needs it. */
function commandLine(args: readonly string[]): string {
  return ['node', 'dist/scripts/bench-bo.js', ...args].map((a) => (/^[\w,.:/=+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** Parses the command line (after the script name); throws UsageError naming a bad flag. */
export function parseBoArgs(args: readonly string[]): BoCommand {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      part: { type: 'string' },
      quick: { type: 'boolean' },
      surrogates: { type: 'string' },
      problems: { type: 'string' },
      seeds: { type: 'string' },
      budget: { type: 'string' },
      acquisitions: { type: 'string' },
      incumbent: { type: 'string' },
      ...TRUST_REGION_OPTIONS,
      tasks: { type: 'string' },
      'np1d-budget': { type: 'string' },
      'long-budget': { type: 'string' },
      'long-seeds': { type: 'string' },
      'long-at': { type: 'string' },
      'long-window': { type: 'string' },
      jobs: { type: 'string' },
      out: { type: 'string' },
      cache: { type: 'string' },
      fresh: { type: 'boolean' },
    },
  });
  const quick = values.quick ?? false;
  const base = quick ? CONFIGURATIONS.quick : CONFIGURATIONS.full;
  const settings: BoSettings = {
    surrogates: values.surrogates === undefined ? SURROGATE_NAMES : listOf('surrogates', values.surrogates, SURROGATE_NAMES),
    table: {
      problems: values.problems === undefined ? base.table.problems : listOf('problems', values.problems, problemNames),
      seeds: positiveInteger('seeds', values.seeds, base.table.seeds),
      budget: positiveInteger('budget', values.budget, base.table.budget),
      acquisitions: values.acquisitions === undefined ? base.table.acquisitions : listOf('acquisitions', values.acquisitions, TABLE_ACQUISITIONS),
      incumbent: oneOf('incumbent', values.incumbent ?? DEFAULT_INCUMBENT, INCUMBENT_RULES),
    },
    np1d: { tasks: positiveInteger('tasks', values.tasks, base.np1d.tasks), budget: positiveInteger('np1d-budget', values['np1d-budget'], base.np1d.budget) },
    long: {
      seeds: positiveInteger('long-seeds', values['long-seeds'], base.long.seeds),
      budget: positiveInteger('long-budget', values['long-budget'], base.long.budget),
      at: values['long-at'] === undefined ? base.long.at : [...new Set(positiveIntegers('long-at', values['long-at']))].sort((a, b) => a - b),
      window: positiveInteger('long-window', values['long-window'], base.long.window),
    },
    trustRegion: trustRegionFlag(values),
    jobs: positiveInteger('jobs', values.jobs, 1),
    quick,
  };
  return {
    parts: values.part === undefined ? BO_PARTS : listOf('part', values.part, BO_PARTS),
    settings,
    out: values.out ?? base.out,
    cache: values.cache ?? '.bench-cache/bo',
    fresh: values.fresh ?? false,
    command: commandLine(args),
  };
}

/** The document in `file`, or an empty one when there is none yet; throws naming the file if it is not one. */
function readDocument(file: string): BoDocument {
  if (!existsSync(file)) return { version: 1 };
  let doc: BoDocument | undefined;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as BoDocument;
  } catch {
    doc = undefined;
  }
  if (doc?.version !== 1) throw new Error(`${file}: not a version-1 BO benchmark document; move it away to start a new one`);
  return doc;
}

const RUNNERS: Record<BoPart, (settings: BoSettings, context: PartContext) => Promise<PartOutcome<unknown>>> = {
  table: runTablePart,
  np1d: runNp1dPart,
  long: runLongPart,
};

/** Runs the parts of `command`, rewriting bo.json and bo.md after each; `log` receives progress lines. */
export async function runBoBenchmark(command: BoCommand, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<BoDocument> {
  mkdirSync(command.out, { recursive: true });
  const jsonFile = path.join(command.out, 'bo.json');
  let doc = readDocument(jsonFile);
  const context: PartContext = { command: command.command, cacheDir: command.cache, onRun: (part, run, done, total) => log(describeRun(part, run, done, total)) };
  for (const part of command.parts) {
    if (command.fresh) rmSync(path.join(command.cache, `${part}.jsonl`), { force: true });
    const { record, plots } = await RUNNERS[part](command.settings, context);
    doc = { ...doc, [part]: record };
    for (const plot of plots) writeFileSync(path.join(command.out, plot.file), plot.svg);
    writeFileSync(jsonFile, JSON.stringify(doc, null, 1) + '\n');
    writeFileSync(path.join(command.out, 'bo.md'), boMarkdown(doc));
    for (const s of doc[part]!.skipped) log(`warning: ${part}: not running ${s.surrogate}: ${s.reason}`);
    log(`${part}: wrote ${jsonFile} and bo.md`);
  }
  return doc;
}
