/** The Markdown report of the BO benchmark (`bo.md`), rendered from `bo.json` alone. */

import { CANDIDATE_SEARCH_DEFAULTS } from '../../../acquisition/candidate-search.js';
import { seriesLabel, trustRegionSentence } from '../bench-report.js';
import { formatFigure, formatMilliseconds } from '../format.js';
import { LEGACY_INCUMBENT } from '../../core/types.js';
import { RATIO_FLOOR } from '../stats.js';
import type { Quartiles } from '../summary.js';
import type { BoDocument, BoPart, Check, LongPart, Np1dPart, PartHeader, TablePart } from './document.js';
import { GP1D_TASKS } from '../../problems/gp-sample.js';

/** The command that runs one part with its defaults. */
const PART_COMMAND = (part: BoPart): string => `node dist/scripts/bench-bo.js --part ${part}`;

const figure = (value: number | null): string => (value === null ? '–' : formatFigure(value));
const milliseconds = (seconds: number | null): string => (seconds === null ? '–' : formatMilliseconds(seconds));
const withQuartiles = (q: Quartiles): string => `${formatFigure(q.median)} [${formatFigure(q.q25)}, ${formatFigure(q.q75)}]`;
const seedRange = (seeds: number): string => (seeds === 1 ? 'seed 0 (one seed)' : `seeds 0-${seeds - 1}`);

/** The part's provenance, skipped surrogates and trust-region use (`surrogates`: those in its rows). */
function headerLines(part: PartHeader, surrogates: readonly string[]): string[] {
  const lines = [
    `Run on ${part.created.slice(0, 16).replace('T', ' ')} UTC on ${part.machine}; load average (1 min) ${part.load.start.toFixed(2)} at the start, ` +
      `${part.load.end.toFixed(2)} at the end; ${part.jobs === 1 ? 'one process' : `${part.jobs} worker processes`}. Rerun: \`${part.command}\`.`,
  ];
  if (part.quick) lines.push('', '**This is the `--quick` smoke configuration, not the benchmark: its figures say nothing about the surrogates.**');
  if (part.skipped.length > 0) lines.push('', ...part.skipped.map((s) => `Not run: **${s.surrogate}** (${s.reason}).`));
  const region = trustRegionSentence(part.trustRegion ?? [], surrogates, part.shapedRegion === true);
  if (region.length > 0) lines.push('', ...region);
  return lines;
}

function checkLines(checks: readonly Check[]): string[] {
  return ['Done-when checks:', '', ...checks.map((c) => `- **${c.status}**: ${c.statement}. ${c.detail}.`)];
}

function plotLines(part: PartHeader): string[] {
  return part.plots.flatMap((p) => ['', `![${p.title}](${p.file})`]);
}

function tableSection(part: TablePart): string[] {
  const { problems, seeds, budget, incumbent = LEGACY_INCUMBENT } = part.settings;
  const problemColumns = `| surrogate + acquisition | ${problems.join(' | ')} |`;
  const regretColumns = `| surrogate + acquisition | ${problems.join(' | ')} | geometric mean of the ratio to gp + logei | clearly better than random (median < random's 25th pct) |`;
  const rule = (columns: number) => `|${'---|'.repeat(columns)}`;
  const randomCount = (row: TablePart['rows'][number]) => (row.betterThanRandom === null ? '–' : `${row.betterThanRandom.filter(Boolean).length}/${problems.length}`);
  return [
    `## 1. ${problems.length} benchmark problems, budget ${budget}`,
    '',
    ...headerLines(part, part.rows.map((r) => r.surrogate)),
    '',
    `${problems.length} problems, budget ${budget} evaluations per run, ${seedRange(seeds)}. Every available surrogate with logei;`,
    `${part.rows.some((r) => r.acquisition === 'ts') ? 'tnp-kr, np and gp also with Thompson sampling (ts)' : 'No Thompson-sampling (ts) runs in this part (--acquisitions)'}. Random search ignores the acquisition.`,
    `Incumbent rule of every run: \`${incumbent}\` (${incumbent === 'best-mean' ? 'logei improves on the smallest posterior mean at the observed points' : 'logei improves on the smallest observed value'}; \`--incumbent\`).`,
    '',
    ...checkLines(part.checks),
    '',
    `### Final regret: median [25th, 75th percentile] over seeds`,
    '',
    regretColumns,
    rule(problems.length + 3),
    ...part.rows.map((row) => `| ${seriesLabel(row.surrogate, row.acquisition)} | ${row.cells.map((c) => withQuartiles(c.finalRegret)).join(' | ')} | ${figure(row.geometricMeanRatio)} | ${randomCount(row)} |`),
    '',
    `Ratios divide median final regrets, each raised to at least ${RATIO_FLOOR}.`,
    '',
    '### Milliseconds per suggestion (median over the model-chosen suggestions of all seeds)',
    '',
    problemColumns,
    rule(problems.length + 1),
    ...part.rows.map((row) => `| ${seriesLabel(row.surrogate, row.acquisition)} | ${row.cells.map((c) => milliseconds(c.suggestSeconds)).join(' | ')} |`),
    ...plotLines(part),
    '',
  ];
}

function np1dSection(part: Np1dPart): string[] {
  const { tasks, budget, seed } = part.settings;
  const [low, high] = GP1D_TASKS.domain;
  return [
    '## 2. The 1-D protocol of the NP papers: GP-sampled tasks',
    '',
    ...headerLines(part, part.rows.map((r) => r.surrogate)),
    '',
    `${tasks} tasks \`gp1d:0\` … \`gp1d:${tasks - 1}\`, as in the 1-D BO protocol of TNP (Nguyen & Grover, 2022): each a draw from a GP prior with an RBF kernel,`,
    `ℓ ~ U[${GP1D_TASKS.lengthscale.join(', ')}), s ~ U[${GP1D_TASKS.scale.join(', ')}), on a ${GP1D_TASKS.gridPoints}-point grid of [${low}, ${high}] (float64, seeded by the`,
    'task index), linear between grid points; regret = best value found − the grid minimum (the exact minimum of',
    `that interpolant). Budget ${budget} evaluations per task (initial design included), BO seed ${seed} for every task.`,
    'Differences from the papers: the acquisition is maximised over the continuous interval, not over the grid;',
    'the initial design replaces their single random point (TNP) or 10 shuffled candidates (TNP-KR); TNP runs 100',
    'iterations, TNP-KR 50.',
    '',
    '| surrogate + acquisition | tasks | median final regret | 25th pct | 75th pct | mean ± standard error | ms / suggestion (median) |',
    '|---|---|---|---|---|---|---|',
    ...part.rows.map(
      (row) =>
        `| ${seriesLabel(row.surrogate, row.acquisition)} | ${row.runs} | ${formatFigure(row.finalRegret.median)} | ${formatFigure(row.finalRegret.q25)} | ` +
        `${formatFigure(row.finalRegret.q75)} | ${formatFigure(row.meanFinalRegret)} ± ${figure(row.standardError)} | ${milliseconds(row.suggestSeconds)} |`,
    ),
    '',
  ];
}

function longSection(part: LongPart): string[] {
  const { problem, seeds, budget, at, window } = part.settings;
  const windows = part.rows[0]?.windows ?? [];
  const last = at.at(-1);
  return [
    `## 3. Long run: ${problem}, budget ${budget}`,
    '',
    ...headerLines(part, part.rows.map((r) => r.surrogate)),
    '',
    `${problem}, budget ${budget} evaluations, ${seedRange(seeds)}, logei; the runs go one after another in one process so that`,
    `their suggestion times do not compete. The time at n observations is the median of the model-chosen suggestions`,
    `made with n − ${window - 1} … n observations (the last suggestion of a ${budget}-evaluation run sees ${budget - 1}).`,
    '',
    ...checkLines(part.checks),
    '',
    `| surrogate + acquisition | final regret | model-chosen suggestions | ${windows.map((w) => `ms / suggestion at ${w.at} (${w.from}–${w.to} obs.)`).join(' | ')} | time / gp's at ${last} | run time (s) |`,
    `|${'---|'.repeat(windows.length + 5)}`,
    ...part.rows.map(
      (row) =>
        `| ${seriesLabel(row.surrogate, row.acquisition)} | ${formatFigure(row.finalRegret)} | ${row.modelChosen}/${row.suggestions} | ` +
        `${row.windows.map((w) => milliseconds(w.seconds)).join(' | ')} | ${figure(row.ratioToGp)} | ${row.runSeconds.toFixed(0)} |`,
    ),
    ...plotLines(part),
    '',
  ];
}

/** The whole report: an introduction, then each part that has been run (or how to run it). */
export function boMarkdown(doc: BoDocument): string {
  const { rawSamples, rounds, elite, perElite } = CANDIDATE_SEARCH_DEFAULTS;
  const lines = [
    '# BO benchmark: every surrogate and acquisition',
    '',
    'Written by `node dist/scripts/bench-bo.js` (scripts/bench-bo.ts) from bo.json, next to this file. Each part records when,',
    'where and with which command it ran; every figure comes from that run. Regret = best value found − the',
    "problem's optimum (minimisation). Each run includes tnpbo's initial Sobol design (max(5, 2d) points, at most half",
    'the budget); seconds per suggestion count the model-chosen suggestions only. Surrogates whose weights this',
    'version does not ship are listed as not run, with the reason; rerunning the part fills them in. Every run uses the',
    "default acquisition search of its surrogate: multi-start L-BFGS-B for gp, the batched candidate search",
    `(acquisition/candidate-search.ts: ${rawSamples} raw candidates, then ${rounds} rounds of ${elite * perElite}) for the neural processes.`,
    '`tnp-kr` is another name of `tnp-kr-sa` (the same model and weights): the two rows come from one set of runs.',
    '',
  ];
  const notRun = (part: BoPart): string[] => [`Part \`${part}\` has not been run yet: \`${PART_COMMAND(part)}\`.`, ''];
  lines.push(...(doc.table ? tableSection(doc.table) : notRun('table')));
  lines.push(...(doc.np1d ? np1dSection(doc.np1d) : notRun('np1d')));
  lines.push(...(doc.long ? longSection(doc.long) : notRun('long')));
  return lines.join('\n');
}
