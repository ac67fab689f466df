/**
 * The outputs of `tnpbo bench` besides its JSON: one SVG plot of regret against evaluations per problem
 * (median line, quartile band per surrogate and acquisition), one of seconds per suggestion against the number
 * of observations, and a Markdown report with the tables that links them.
 */

import { formatFigure, formatMilliseconds } from './format.js';
import type { BenchDocument } from './harness.js';
import type { RunResult } from './run.js';
import { renderLineChart, type Series } from './plot/line-chart.js';
import { median } from './stats.js';
import { modelSuggestSeconds, type GroupSummary, type TimingSummary } from './summary.js';

/** A rendered plot and the file name it is written under. */
export interface Plot {
  /** File name, e.g. `regret-branin.svg`. */
  readonly file: string;
  /** Short description, used as the image's alt text. */
  readonly title: string;
  /** The SVG document. */
  readonly svg: string;
}

/** The legend label of a surrogate with an acquisition (random search has none). */
export function seriesLabel(surrogate: string, acquisition: string): string {
  return surrogate === 'random' ? 'random search' : `${surrogate} + ${acquisition}`;
}

/** The surrogates some of whose `runs` searched a trust region, in order of first appearance. */
export function trustRegionSurrogates(runs: readonly RunResult[]): string[] {
  return [...new Set(runs.filter((r) => r.trustRegion).map((r) => r.surrogate))];
}

/** Whether some of `runs` searched a trust region shaped by the lengthscales (the others' boxes were cubes). */
export function shapedRegionRuns(runs: readonly RunResult[]): boolean {
  return runs.some((r) => r.trustRegion && r.shapedRegion);
}

/**
 * One sentence saying which surrogates' runs searched a trust region (`withRegion`) among all that ran
 * (`surrogates`), and whether its box was `shaped` by the lengthscales or a cube, or none when no run did.
 */
export function trustRegionSentence(withRegion: readonly string[], surrogates: readonly string[], shaped: boolean): string[] {
  if (withRegion.length === 0) return [];
  const box = shaped ? "shaped by a GP's lengthscales" : 'a cubic box';
  const how = `searched a trust region around the incumbent (${box}), with the surrogate conditioned in its frame`;
  if (surrogates.every((s) => withRegion.includes(s))) return [`Every run ${how}.`];
  return [`The runs of ${withRegion.join(', ')} ${how} (the neural processes' default; \`--no-trust-region\` turns it off); the others searched the whole space.`];
}

/** A file-name-safe form of a problem name (`ackley:10` -> `ackley-10`). */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** Regret values at or below this are drawn at it on the log axis (an optimum found to machine precision). */
const REGRET_FLOOR = 1e-10;

function regretPlot(problem: string, groups: readonly GroupSummary[], doc: BenchDocument): Plot {
  const series: Series[] = groups.map((g) => ({
    label: seriesLabel(g.surrogate, g.acquisition),
    points: g.regret.map((q, i) => ({ x: i + 1, y: q.median, low: q.q25, high: q.q75 })),
  }));
  const smallest = Math.min(...groups.flatMap((g) => g.regret.map((q) => q.q25)).filter((v) => v > 0));
  return {
    file: `regret-${fileSafe(problem)}.svg`,
    title: `regret on ${problem}`,
    svg: renderLineChart({
      title: `${problem}: regret vs evaluations`,
      xLabel: 'evaluations',
      yLabel: 'regret (best value − optimum)',
      xScale: 'linear',
      yScale: 'log',
      yFloor: Math.max(REGRET_FLOOR, Number.isFinite(smallest) ? smallest : REGRET_FLOOR),
      series,
      note: `line: median over ${doc.settings.seeds} seeds; band: 25th-75th percentile; values below the axis are drawn at its bottom`,
    }),
  };
}

function suggestTimePlot(timing: readonly TimingSummary[]): Plot {
  const series: Series[] = timing
    .filter((t) => t.byObservations.length > 0)
    .map((t) => ({ label: seriesLabel(t.surrogate, t.acquisition), points: t.byObservations.map((o) => ({ x: o.observations, y: o.median, low: o.q25, high: o.q75 })) }));
  return {
    file: 'suggest-time.svg',
    title: 'seconds per suggestion',
    svg: renderLineChart({
      title: 'seconds per suggestion vs observations',
      xLabel: 'observations when the suggestion was made',
      yLabel: 'seconds per suggestion',
      xScale: 'linear',
      yScale: 'log',
      series,
      note: 'model-chosen suggestions only, pooled over problems and seeds; line: median; band: 25th-75th percentile',
    }),
  };
}

/** Every plot of a benchmark: one regret plot per problem, then the suggestion-time plot. */
export function benchPlots(doc: BenchDocument): Plot[] {
  const plots = doc.settings.problems.map((problem) => regretPlot(problem, doc.summary.groups.filter((g) => g.problem === problem), doc));
  return [...plots, suggestTimePlot(doc.summary.timing)];
}

/** The Markdown report, linking the plots by their file names (written next to it). */
export function benchMarkdown(doc: BenchDocument, plots: readonly Plot[]): string {
  const { settings } = doc;
  const lines = [
    '# tnpbo benchmark',
    '',
    `Written by \`${doc.command}\` on ${doc.created.slice(0, 10)}. Machine: ${doc.machine}.`,
    `Budget ${settings.budget} evaluations (initial design included), seeds 0-${settings.seeds - 1}, ${settings.jobs === 1 ? 'one process' : `${settings.jobs} worker processes`}.`,
    ...trustRegionSentence(trustRegionSurrogates(doc.runs), doc.runs.map((r) => r.surrogate), shapedRegionRuns(doc.runs)),
    'Regret = best value found − known optimum (minimisation). Figures are the median over seeds with the',
    '25th and 75th percentiles; milliseconds per suggestion count model-chosen suggestions only.',
    '',
  ];
  if (doc.skipped.length > 0) {
    lines.push(...doc.skipped.map((s) => `Not run: **${s.surrogate}** (${s.reason}).`), '');
  }
  for (const problem of settings.problems) {
    const groups = doc.summary.groups.filter((g) => g.problem === problem);
    lines.push(`## ${problem}`, '', '| surrogate + acquisition | final regret (median) | 25th pct | 75th pct | ms / suggestion (median) | s / run (median) |', '|---|---|---|---|---|---|');
    for (const g of groups) {
      const timing = modelSuggestSeconds(doc.runs.filter((r) => r.problem === problem && r.surrogate === g.surrogate && r.acquisition === g.acquisition));
      const ms = timing.length > 0 ? formatMilliseconds(median(timing)) : '–';
      lines.push(`| ${seriesLabel(g.surrogate, g.acquisition)} | ${formatFigure(g.finalRegret.median)} | ${formatFigure(g.finalRegret.q25)} | ${formatFigure(g.finalRegret.q75)} | ${ms} | ${g.runSeconds.toFixed(1)} |`);
    }
    const plot = plots.find((p) => p.title === `regret on ${problem}`);
    if (plot) lines.push('', `![${plot.title}](${plot.file})`);
    lines.push('');
  }
  lines.push('## Seconds per suggestion', '', '| surrogate + acquisition | ms / suggestion (median) | 25th pct | 75th pct |', '|---|---|---|---|');
  for (const t of doc.summary.timing) {
    const q = t.suggestSeconds;
    lines.push(`| ${seriesLabel(t.surrogate, t.acquisition)} | ${q ? formatMilliseconds(q.median) : '–'} | ${q ? formatMilliseconds(q.q25) : '–'} | ${q ? formatMilliseconds(q.q75) : '–'} |`);
  }
  const timePlot = plots.find((p) => p.file === 'suggest-time.svg');
  if (timePlot) lines.push('', `![${timePlot.title}](${timePlot.file})`);
  lines.push('');
  return lines.join('\n');
}
