import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureScalePoint } from '../../src/bench/scale-point.js';
import { scaleMarkdown, scalePlots } from '../../src/bench/scale-report.js';
import { scalePoints, type ScaleDocument, type ScaleSettings } from '../../src/bench/scale.js';
import { checkWellFormed, elements } from './svg-structure.js';

// An empty weights folder: the neural-process surrogates are unavailable (one case checks the error).
process.env.TNPBO_WEIGHTS_DIR = mkdtempSync(path.join(tmpdir(), 'tnpbo-no-weights-'));

const settings: ScaleSettings = { surrogates: ['gp'], contexts: [8, 16], queries: [32, 64, 128], context: 8, query: 32, dim: 2, repeats: 1 };

describe('bench scale', () => {
  it('sweeps context sizes at the fixed query size, then query sizes at the fixed context size', () => {
    expect(scalePoints(settings, 'gp').map((p) => [p.sweep, p.context, p.query])).toEqual([
      ['context', 8, 32],
      ['context', 16, 32],
      ['query', 8, 32],
      ['query', 8, 64],
      ['query', 8, 128],
    ]);
  });

  it('measures a surrogate by name: seconds of condition and posterior, memory growth', async () => {
    const m = await measureScalePoint({ surrogate: 'gp', sweep: 'context', context: 12, query: 50, dim: 2, repeats: 2 });
    expect(m.conditionSeconds).toBeGreaterThan(0);
    expect(m.posteriorSeconds).toBeGreaterThan(0);
    expect(m.memoryMiB).toBeGreaterThanOrEqual(0);
    expect(m.peakRssMiB).toBeGreaterThan(m.memoryMiB);
    await expect(measureScalePoint({ ...m, surrogate: 'tnp-kr' })).rejects.toThrow(/tnp-kr-sa-bo\.json: missing/);
  });

  it('plots time and memory against each size on log-log axes and tabulates every point', () => {
    const measurements = scalePoints(settings, 'gp').map((p, i) => ({ ...p, conditionSeconds: 0.01 * (i + 1), posteriorSeconds: 0.001 * (i + 1), memoryMiB: i, peakRssMiB: 60 + i }));
    const doc: ScaleDocument = { version: 1, created: '2025-01-01T00:00:00Z', machine: 'test', command: 'tnpbo bench scale', settings, skipped: [{ surrogate: 'tnp-kr', reason: 'no weights' }], measurements };
    const plots = scalePlots(doc);
    expect(plots.map((p) => p.file)).toEqual(['scale-context-time.svg', 'scale-context-memory.svg', 'scale-query-time.svg', 'scale-query-memory.svg']);
    for (const plot of plots) checkWellFormed(plot.svg);
    expect(elements(plots[0].svg, 'polyline')).toHaveLength(2); // gp condition, gp posterior
    expect(elements(plots[2].svg, 'polyline')[0].points.split(' ')).toHaveLength(3);
    const markdown = scaleMarkdown(doc, plots);
    expect(markdown).toContain('Not measured: **tnp-kr** (no weights).');
    expect(markdown).toContain('| gp | query | 8 | 128 | 50.0 | 5.0 | 4.00 | 64 |');
  });
});
