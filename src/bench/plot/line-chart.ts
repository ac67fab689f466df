/**
 * A line chart as a standalone SVG document: linear or logarithmic axes with ticks and grid lines, one line per
 * series with an optional shaded band (e.g. the quartiles around a median), a title and a legend.
 */

import { element, escapeXml, pointList, px } from './svg.js';
import { linearAxis, logAxis, type Axis, type Tick } from './ticks.js';

/** One point of a series; `low`/`high` bound its band. */
export interface SeriesPoint {
  /** Horizontal position, in data units. */
  readonly x: number;
  /** Vertical position (the line), in data units. */
  readonly y: number;
  /** Lower edge of the band. */
  readonly low?: number;
  /** Upper edge of the band. */
  readonly high?: number;
}

/** A named line. */
export interface Series {
  /** Legend text. */
  readonly label: string;
  /** The points, in drawing order. */
  readonly points: readonly SeriesPoint[];
}

/** What to draw. */
export interface LineChart {
  /** Title above the chart. */
  readonly title: string;
  /** Horizontal axis title. */
  readonly xLabel: string;
  /** Vertical axis title. */
  readonly yLabel: string;
  /** Horizontal axis scale. */
  readonly xScale: 'linear' | 'log';
  /** Vertical axis scale. */
  readonly yScale: 'linear' | 'log';
  /** The lines; series without points are left out. */
  readonly series: readonly Series[];
  /**
   * On a log axis, values below this are drawn at it (default: the smallest positive value drawn), so that
   * zeros (e.g. an optimum hit exactly) stay on the chart.
   */
  readonly yFloor?: number;
  /** A line of small print under the chart (e.g. how the band is defined). */
  readonly note?: string;
}

/** Colour-blind-safe colours (Okabe & Ito, without yellow); after them the colours repeat dashed. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 78, right: 200, top: 40, bottom: 64 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

function finite(values: readonly (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined && Number.isFinite(v));
}

function makeAxis(scale: 'linear' | 'log', values: readonly number[], floor?: number): { axis: Axis; clamp: (v: number) => number } {
  if (scale === 'linear') {
    const axis = values.length === 0 ? linearAxis(0, 1) : linearAxis(Math.min(...values), Math.max(...values));
    return { axis, clamp: (v) => v };
  }
  const positive = values.filter((v) => v > 0);
  const least = floor ?? (positive.length > 0 ? Math.min(...positive) : 1);
  const clamp = (v: number): number => Math.max(v, least);
  const axis = logAxis(least, Math.max(least, ...positive.map(clamp)));
  return { axis, clamp };
}

function tickLabel(tick: Tick, x: number, y: number, anchor: 'middle' | 'end'): string {
  if (tick.label === undefined) return '';
  const exponent = tick.exponent === undefined ? '' : element('tspan', { dy: '-0.45em', 'font-size': '0.72em' }, escapeXml(String(tick.exponent).replace('-', '\u2212')));
  return element('text', { x, y, 'text-anchor': anchor }, escapeXml(tick.label) + exponent);
}

/** Renders `chart` as an SVG document. */
export function renderLineChart(chart: LineChart): string {
  const series = chart.series.filter((s) => s.points.length > 0);
  const xs = finite(series.flatMap((s) => s.points.map((p) => p.x)));
  const ys = finite(series.flatMap((s) => s.points.flatMap((p) => [p.y, p.low, p.high])));
  const { axis: xAxis } = makeAxis(chart.xScale, xs);
  const { axis: yAxis, clamp } = makeAxis(chart.yScale, ys, chart.yFloor);
  const X = (v: number): number => MARGIN.left + xAxis.fraction(v) * PLOT_WIDTH;
  const Y = (v: number): number => MARGIN.top + (1 - yAxis.fraction(v)) * PLOT_HEIGHT;
  /** Where a data value is drawn: values below a log axis's floor sit on the floor. */
  const dataY = (v: number): number => Y(clamp(v));
  const bottom = MARGIN.top + PLOT_HEIGHT;
  const right = MARGIN.left + PLOT_WIDTH;
  const inside = (axis: Axis, t: Tick): boolean => t.value >= axis.domain[0] * (1 - 1e-9) && t.value <= axis.domain[1] * (1 + 1e-9);

  const grid = [
    ...xAxis.ticks.filter((t) => t.major && inside(xAxis, t)).map((t) => element('line', { x1: X(t.value), x2: X(t.value), y1: MARGIN.top, y2: bottom })),
    ...yAxis.ticks.filter((t) => t.major && inside(yAxis, t)).map((t) => element('line', { x1: MARGIN.left, x2: right, y1: Y(t.value), y2: Y(t.value) })),
  ];
  const xTicks = xAxis.ticks.filter((t) => inside(xAxis, t));
  const yTicks = yAxis.ticks.filter((t) => inside(yAxis, t));
  const tickMarks = [
    ...xTicks.map((t) => element('line', { x1: X(t.value), x2: X(t.value), y1: bottom, y2: bottom + (t.major ? 6 : 3) })),
    ...yTicks.map((t) => element('line', { x1: MARGIN.left - (t.major ? 6 : 3), x2: MARGIN.left, y1: Y(t.value), y2: Y(t.value) })),
  ];
  const tickLabels = [...xTicks.map((t) => tickLabel(t, X(t.value), bottom + 20, 'middle')), ...yTicks.map((t) => tickLabel(t, MARGIN.left - 9, Y(t.value) + 4, 'end'))];

  const colour = (i: number): string => COLOURS[i % COLOURS.length];
  const dash = (i: number): string | undefined => (i >= COLOURS.length ? '6 4' : undefined);
  const bands = series.map((s, i) => {
    const banded = s.points.filter((p) => p.low !== undefined && p.high !== undefined);
    if (banded.length === 0) return '';
    const outline = [...banded.map((p) => [X(p.x), dataY(p.high!)] as const), ...[...banded].reverse().map((p) => [X(p.x), dataY(p.low!)] as const)];
    return element('polygon', { points: pointList(outline), fill: colour(i), 'fill-opacity': '0.18', stroke: 'none' });
  });
  const lines = series.map((s, i) =>
    s.points.length === 1
      ? element('circle', { cx: X(s.points[0].x), cy: dataY(s.points[0].y), r: 3.5, fill: colour(i) })
      : element('polyline', { points: pointList(s.points.map((p) => [X(p.x), dataY(p.y)] as const)), fill: 'none', stroke: colour(i), 'stroke-width': 2, 'stroke-dasharray': dash(i), 'stroke-linejoin': 'round' }),
  );
  const legend = series.map((s, i) => {
    const y = MARGIN.top + 8 + i * 22;
    const x = right + 16;
    const hasBand = s.points.some((p) => p.low !== undefined);
    return [
      hasBand ? element('rect', { x, y: y - 7, width: 26, height: 14, fill: colour(i), 'fill-opacity': '0.18' }) : '',
      element('line', { x1: x, x2: x + 26, y1: y, y2: y, stroke: colour(i), 'stroke-width': 2, 'stroke-dasharray': dash(i) }),
      element('text', { x: x + 34, y: y + 4 }, escapeXml(s.label)),
    ].join('');
  });
  const empty = series.length === 0 ? element('text', { x: MARGIN.left + PLOT_WIDTH / 2, y: MARGIN.top + PLOT_HEIGHT / 2, 'text-anchor': 'middle', fill: '#666' }, 'no data') : '';

  const body = [
    element('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: 'white' }),
    element('text', { x: MARGIN.left + PLOT_WIDTH / 2, y: 24, 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' }, escapeXml(chart.title)),
    element('g', { stroke: '#e3e3e3', 'stroke-width': 1 }, grid),
    element('defs', {}, element('clipPath', { id: 'plot-area' }, element('rect', { x: MARGIN.left, y: MARGIN.top, width: PLOT_WIDTH, height: PLOT_HEIGHT }))),
    element('g', { 'clip-path': 'url(#plot-area)' }, [...bands, ...lines]),
    element('g', { stroke: '#333', 'stroke-width': 1 }, [
      element('line', { x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: bottom }),
      element('line', { x1: MARGIN.left, x2: right, y1: bottom, y2: bottom }),
    ]),
    element('g', { stroke: '#333', 'stroke-width': 1 }, tickMarks),
    element('g', { fill: '#222' }, tickLabels),
    element('text', { x: MARGIN.left + PLOT_WIDTH / 2, y: HEIGHT - 22, 'text-anchor': 'middle' }, escapeXml(chart.xLabel)),
    element('text', { x: 18, y: MARGIN.top + PLOT_HEIGHT / 2, 'text-anchor': 'middle', transform: `rotate(-90 18 ${px(MARGIN.top + PLOT_HEIGHT / 2)})` }, escapeXml(chart.yLabel)),
    element('g', { fill: '#222' }, legend),
    chart.note ? element('text', { x: MARGIN.left, y: HEIGHT - 5, 'font-size': 10.5, fill: '#555' }, escapeXml(chart.note)) : '',
    empty,
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ${FONT} font-size="12">${body.join('')}</svg>\n`;
}
