import { describe, expect, it } from 'vitest';
import { renderLineChart } from '../../src/bench/plot/line-chart.js';
import { checkWellFormed, elements, texts } from './svg-structure.js';

const pointsOf = (attribute: string): [number, number][] => attribute.split(' ').map((p) => p.split(',').map(Number) as [number, number]);

describe('renderLineChart', () => {
  const svg = renderLineChart({
    title: 'regret <on> "branin" & co',
    xLabel: 'evaluations',
    yLabel: 'regret',
    xScale: 'linear',
    yScale: 'log',
    yFloor: 1e-3,
    series: [
      { label: 'gp + logei', points: [1, 2, 3, 4].map((x) => ({ x, y: 10 ** -x, low: 10 ** -x / 2, high: 2 * 10 ** -x })) },
      { label: 'random search', points: [1, 2, 3, 4].map((x) => ({ x, y: 1 / x })) },
      { label: 'empty', points: [] },
    ],
    note: 'median and quartiles',
  });

  it('is a well-formed SVG document with escaped text', () => {
    expect(checkWellFormed(svg)).toBeGreaterThan(20);
    expect(texts(svg)).toContain('regret &lt;on&gt; &quot;branin&quot; &amp; co');
    expect(texts(svg)).toEqual(expect.arrayContaining(['evaluations', 'regret', 'median and quartiles', 'gp + logei', 'random search']));
  });

  it('draws one line per non-empty series, a band where quartiles are given, and a legend entry for each', () => {
    const lines = elements(svg, 'polyline');
    expect(lines).toHaveLength(2);
    expect(lines[0].stroke).not.toBe(lines[1].stroke);
    expect(elements(svg, 'polygon')).toHaveLength(1);
    expect(texts(svg)).not.toContain('empty');
  });

  it('maps x linearly and y logarithmically, clamping values below the floor to the floor', () => {
    const [gp, random] = elements(svg, 'polyline').map((l) => pointsOf(l.points));
    const dx = gp.map((p, i) => (i > 0 ? p[0] - gp[i - 1][0] : 0)).slice(1);
    for (const step of dx) expect(step).toBeCloseTo(dx[0], 1);
    // 0.1, 0.01 and 0.001 are a decade apart each; 1e-4 is below the floor 1e-3 and drawn at it.
    expect(gp[1][1] - gp[0][1]).toBeCloseTo(gp[2][1] - gp[1][1], 1);
    expect(gp[3][1]).toBe(gp[2][1]);
    expect(random[0][1]).toBeLessThan(gp[0][1]); // 1 is above 0.1 (SVG y grows downwards)
  });

  it('labels powers of ten beyond 0.01..1000 with a superscript exponent', () => {
    const log = renderLineChart({ title: 't', xLabel: 'x', yLabel: 'y', xScale: 'log', yScale: 'log', series: [{ label: 's', points: [{ x: 10, y: 1e-6 }, { x: 1e5, y: 1 }] }] });
    checkWellFormed(log);
    expect(log).toContain('10<tspan dy="-0.45em" font-size="0.72em">\u22126</tspan>');
    expect(log).toContain('10<tspan dy="-0.45em" font-size="0.72em">5</tspan>');
  });

  it('says "no data" when no series has points', () => {
    const empty = renderLineChart({ title: 't', xLabel: 'x', yLabel: 'y', xScale: 'linear', yScale: 'log', series: [{ label: 'nothing', points: [] }] });
    checkWellFormed(empty);
    expect(texts(empty)).toContain('no data');
  });
});
