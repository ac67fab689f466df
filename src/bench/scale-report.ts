/**
 * The outputs of `tnpbo bench scale` besides its JSON: log-log plots of time and of memory against the
 * context size and against the query size, and a Markdown report with the measured table.
 */

import type { Plot } from './bench-report.js';
import { formatFigure, formatMilliseconds } from './format.js';
import { renderLineChart, type Series } from './plot/line-chart.js';
import type { ScaleMeasurement } from './scale-point.js';
import type { ScaleDocument } from './scale.js';

/** Memory growth below this (MiB) is drawn at it on the log axis. */
const MEMORY_FLOOR_MIB = 0.1;

function sweepOf(doc: ScaleDocument, sweep: 'context' | 'query'): Map<string, ScaleMeasurement[]> {
  const bySurrogate = new Map<string, ScaleMeasurement[]>();
  for (const m of doc.measurements.filter((m) => m.sweep === sweep)) {
    if (!bySurrogate.has(m.surrogate)) bySurrogate.set(m.surrogate, []);
    bySurrogate.get(m.surrogate)!.push(m);
  }
  return bySurrogate;
}

function sizePlots(doc: ScaleDocument, sweep: 'context' | 'query'): Plot[] {
  const groups = [...sweepOf(doc, sweep)];
  const size = (m: ScaleMeasurement): number => (sweep === 'context' ? m.context : m.query);
  const fixed = sweep === 'context' ? `${doc.settings.query} query points` : `${doc.settings.context} context points`;
  const xLabel = sweep === 'context' ? 'context (observed) points' : 'query points';
  const time: Series[] = groups.flatMap(([surrogate, ms]) => [
    { label: `${surrogate} condition`, points: ms.map((m) => ({ x: size(m), y: m.conditionSeconds })) },
    { label: `${surrogate} posterior`, points: ms.map((m) => ({ x: size(m), y: m.posteriorSeconds })) },
  ]);
  const memory: Series[] = groups.map(([surrogate, ms]) => ({ label: surrogate, points: ms.map((m) => ({ x: size(m), y: m.memoryMiB })) }));
  const setting = `${doc.settings.dim}-D inputs, ${fixed}`;
  return [
    {
      file: `scale-${sweep}-time.svg`,
      title: `time vs ${sweep} size`,
      svg: renderLineChart({ title: `time vs ${sweep} size (${setting})`, xLabel, yLabel: 'seconds', xScale: 'log', yScale: 'log', series: time, note: `median of ${doc.settings.repeats} runs, each on a fresh surrogate` }),
    },
    {
      file: `scale-${sweep}-memory.svg`,
      title: `memory vs ${sweep} size`,
      svg: renderLineChart({
        title: `memory vs ${sweep} size (${setting})`,
        xLabel,
        yLabel: 'peak memory growth (MiB)',
        xScale: 'log',
        yScale: 'log',
        yFloor: MEMORY_FLOOR_MIB,
        series: memory,
        note: `growth of the process's peak resident set during condition + posterior; below ${MEMORY_FLOOR_MIB} MiB drawn at the bottom`,
      }),
    },
  ];
}

/** The four plots: time and memory against context size, then against query size. */
export function scalePlots(doc: ScaleDocument): Plot[] {
  return [...sizePlots(doc, 'context'), ...sizePlots(doc, 'query')];
}

/** The Markdown report, linking the plots by their file names. */
export function scaleMarkdown(doc: ScaleDocument, plots: readonly Plot[]): string {
  const { settings } = doc;
  const lines = [
    '# tnpbo scaling benchmark',
    '',
    `Written by \`${doc.command}\` on ${doc.created.slice(0, 10)}. Machine: ${doc.machine}.`,
    `${settings.dim}-D inputs on the unit cube (seeded uniform points, a smooth test function). Context sweep at ${settings.query} query points;`,
    `query sweep at ${settings.context} context points. Time: median of ${settings.repeats} runs on fresh surrogates after a warm-up`,
    '(`condition` includes any hyper-parameter fit). Memory: growth of the peak resident set of a fresh process',
    'during the first condition + posterior.',
    '',
  ];
  if (doc.skipped.length > 0) lines.push(...doc.skipped.map((s) => `Not measured: **${s.surrogate}** (${s.reason}).`), '');
  lines.push('| surrogate | sweep | context | query | condition ms | posterior ms | memory growth MiB | peak RSS MiB |', '|---|---|---|---|---|---|---|---|');
  for (const m of doc.measurements) {
    lines.push(`| ${m.surrogate} | ${m.sweep} | ${m.context} | ${m.query} | ${formatMilliseconds(m.conditionSeconds)} | ${formatMilliseconds(m.posteriorSeconds)} | ${formatFigure(m.memoryMiB)} | ${m.peakRssMiB.toFixed(0)} |`);
  }
  lines.push('', ...plots.map((p) => `![${p.title}](${p.file})`), '');
  return lines.join('\n');
}
