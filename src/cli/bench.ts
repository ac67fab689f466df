/**
 * `tnpbo bench`: surrogates × acquisitions × problems × seeds with regret curves and suggestion times (JSON,
 * a Markdown table, SVG plots); `tnpbo bench scale`: time and memory against context and query sizes.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchMarkdown, benchPlots, seriesLabel, type Plot } from '../bench/bench-report.js';
import { formatFigure, formatMilliseconds } from '../bench/format.js';
import { runBench, type BenchSettings } from '../bench/harness.js';
import { scaleMarkdown, scalePlots } from '../bench/scale-report.js';
import { runScale, SCALE_SURROGATES, type ScaleSettings } from '../bench/scale.js';
import { DEFAULT_INCUMBENT, INCUMBENT_RULES } from '../core/types.js';
import { getProblem } from '../problems/index.js';
import { ACQUISITION_NAMES, SURROGATE_NAMES } from '../registry.js';
import { formatSeconds, progressStyle, StepProgress } from './progress.js';
import { listOf, oneOf, positiveInteger, positiveIntegers, TRUST_REGION_OPTIONS, trustRegionFlag, UsageError } from './usage.js';

/** Flags every bench command shares. */
const COMMON = { out: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' } } as const;

function problemList(text: string): string[] {
  const names = [...new Set(text.split(',').map((name) => name.trim()))];
  for (const name of names) {
    try {
      getProblem(name);
    } catch (error) {
      throw new UsageError(`--problems: ${(error as Error).message.replace(/^problem: /, '')}`);
    }
  }
  return names;
}

/** Writes a report's files into `dir` and says so on stderr (unless quiet). */
function writeOutputs(dir: string, files: readonly { readonly file: string; readonly text: string }[], quiet: boolean): void {
  mkdirSync(dir, { recursive: true });
  for (const { file, text } of files) writeFileSync(path.join(dir, file), text);
  if (!quiet) process.stderr.write(`wrote ${files.map((f) => path.join(dir, f.file)).join(', ')}\n`);
}

const plotFiles = (plots: readonly Plot[]) => plots.map((p) => ({ file: p.file, text: p.svg }));

async function bench(args: string[], command: string): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      ...COMMON,
      problems: { type: 'string' },
      surrogates: { type: 'string' },
      acquisitions: { type: 'string' },
      incumbent: { type: 'string' },
      ...TRUST_REGION_OPTIONS,
      seeds: { type: 'string' },
      budget: { type: 'string' },
      jobs: { type: 'string' },
      fresh: { type: 'boolean' },
    },
  });
  const settings: BenchSettings = {
    problems: problemList(values.problems ?? 'branin,hartmann6'),
    surrogates: listOf('surrogates', values.surrogates ?? 'gp,random', SURROGATE_NAMES),
    acquisitions: listOf('acquisitions', values.acquisitions ?? 'logei', ACQUISITION_NAMES),
    incumbent: oneOf('incumbent', values.incumbent ?? DEFAULT_INCUMBENT, INCUMBENT_RULES),
    trustRegion: trustRegionFlag(values),
    seeds: positiveInteger('seeds', values.seeds, 3),
    budget: positiveInteger('budget', values.budget, 30),
    jobs: positiveInteger('jobs', values.jobs, 1),
  };
  const json = values.json ?? false;
  const quiet = values.quiet ?? false;
  let progress: StepProgress | undefined;
  const doc = await runBench(settings, {
    command,
    ...(values.out !== undefined ? { cacheFile: path.join(values.out, 'runs.jsonl') } : {}),
    fresh: values.fresh ?? false,
    onRun: (run, done, total) => {
      progress ??= new StepProgress(progressStyle({ quiet, json, isTTY: process.stderr.isTTY === true }), total);
      progress.step(done, `${seriesLabel(run.surrogate, run.acquisition)} on ${run.problem}, seed ${run.seed}: final regret ${formatFigure(run.regret.at(-1)!)} (${run.seconds.toFixed(1)} s)`);
    },
  });
  progress?.finish(`[${doc.runs.length}/${doc.runs.length}] runs done in ${formatSeconds(progress.elapsed())}`);
  for (const s of doc.skipped) process.stderr.write(`warning: not running ${s.surrogate}: ${s.reason}\n`);
  const plots = benchPlots(doc);
  const markdown = benchMarkdown(doc, plots);
  if (values.out !== undefined) {
    writeOutputs(values.out, [{ file: 'bench.json', text: JSON.stringify(doc, null, 1) + '\n' }, { file: 'bench.md', text: markdown }, ...plotFiles(plots)], quiet);
  }
  process.stdout.write(json ? JSON.stringify(doc) + '\n' : markdown);
}

async function scale(args: string[], command: string): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      ...COMMON,
      surrogates: { type: 'string' },
      contexts: { type: 'string' },
      queries: { type: 'string' },
      context: { type: 'string' },
      query: { type: 'string' },
      dim: { type: 'string' },
      repeats: { type: 'string' },
    },
  });
  const settings: ScaleSettings = {
    surrogates: values.surrogates === undefined ? SCALE_SURROGATES : listOf('surrogates', values.surrogates, SURROGATE_NAMES),
    contexts: positiveIntegers('contexts', values.contexts ?? '16,32,64,128,256,512'),
    queries: positiveIntegers('queries', values.queries ?? '64,256,1024,4096,16384'),
    context: positiveInteger('context', values.context, 128),
    query: positiveInteger('query', values.query, 1024),
    dim: positiveInteger('dim', values.dim, 2),
    repeats: positiveInteger('repeats', values.repeats, 3),
  };
  const json = values.json ?? false;
  const quiet = values.quiet ?? false;
  let progress: StepProgress | undefined;
  const doc = await runScale(settings, {
    command,
    onPoint: (m, done, total) => {
      progress ??= new StepProgress(progressStyle({ quiet, json, isTTY: process.stderr.isTTY === true }), total);
      progress.step(done, `${m.surrogate} context ${m.context}, query ${m.query}: condition ${formatMilliseconds(m.conditionSeconds)} ms, posterior ${formatMilliseconds(m.posteriorSeconds)} ms, +${formatFigure(m.memoryMiB)} MiB`);
    },
  });
  progress?.finish(`[${doc.measurements.length}/${doc.measurements.length}] points measured in ${formatSeconds(progress.elapsed())}`);
  for (const s of doc.skipped) process.stderr.write(`warning: not measuring ${s.surrogate}: ${s.reason}\n`);
  const plots = scalePlots(doc);
  const markdown = scaleMarkdown(doc, plots);
  if (values.out !== undefined) {
    writeOutputs(values.out, [{ file: 'scale.json', text: JSON.stringify(doc, null, 1) + '\n' }, { file: 'scale.md', text: markdown }, ...plotFiles(plots)], quiet);
  }
  process.stdout.write(json ? JSON.stringify(doc) + '\n' : markdown);
}

/** Runs `tnpbo bench [scale] ...` with `args` (after `bench`). */
export async function runBenchCommand(args: string[]): Promise<void> {
  const command = ['tnpbo', 'bench', ...args].map((a) => (/^[\w,.:/=+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  if (args[0] === 'scale') return scale(args.slice(1), command);
  return bench(args, command);
}
