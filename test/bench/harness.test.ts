import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchMarkdown, benchPlots, fileSafe, trustRegionSentence } from '../../src/bench/bench-report.js';
import { runBench, type BenchSettings } from '../../src/bench/harness.js';
import { checkWellFormed, elements } from './svg-structure.js';

// An empty weights folder: the neural-process surrogates are unavailable, which the harness must report.
process.env.TNPBO_WEIGHTS_DIR = mkdtempSync(path.join(tmpdir(), 'tnpbo-no-weights-'));

/** The package's own weights folder. */
const SHIPPED_WEIGHTS = fileURLToPath(new URL('../../surrogates/weights/', import.meta.url));

const settings: BenchSettings = { problems: ['forrester', 'ackley:2'], surrogates: ['gp', 'tnp-kr', 'random'], acquisitions: ['logei', 'ucb'], seeds: 2, budget: 6, jobs: 1 };

describe('runBench', () => {
  const cacheFile = path.join(mkdtempSync(path.join(tmpdir(), 'tnpbo-bench-')), 'runs.jsonl');

  it('runs every available combination, skips unavailable surrogates with the reason, and caches runs', async () => {
    const progress: [number, number][] = [];
    const doc = await runBench(settings, { command: 'test', cacheFile, onRun: (_, done, total) => progress.push([done, total]) });
    expect(doc.skipped).toEqual([{ surrogate: 'tnp-kr', reason: expect.stringMatching(/"tnp-kr" cannot be used: weights file .*tnp-kr-sa-bo\.json: missing/) }]);
    // per problem: gp with two acquisitions and random search (acquisition-free) once, 2 seeds each
    expect(doc.runs).toHaveLength(2 * 3 * 2);
    expect(doc.runs.filter((r) => r.surrogate === 'random').every((r) => r.acquisition === 'logei')).toBe(true);
    expect(progress.at(-1)).toEqual([12, 12]);
    for (const r of doc.runs) {
      expect(r.regret).toHaveLength(6);
      for (let i = 1; i < 6; i++) expect(r.regret[i]).toBeLessThanOrEqual(r.regret[i - 1]);
    }
    expect(doc.summary.groups).toHaveLength(6);
    expect(readFileSync(cacheFile, 'utf8').trim().split('\n')).toHaveLength(12);

    const again = await runBench(settings, { command: 'test', cacheFile });
    expect(again.runs).toEqual(doc.runs);

    const fresh = await runBench({ ...settings, problems: ['forrester'], surrogates: ['random'] }, { command: 'test', cacheFile, fresh: true });
    expect(fresh.runs.map((r) => r.regret)).toEqual(doc.runs.filter((r) => r.problem === 'forrester' && r.surrogate === 'random').map((r) => r.regret));
    expect(readFileSync(cacheFile, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('records the weights an NP surrogate ran with, reruns its cached runs when the weights change, and runs aliases once', async () => {
    const weights = mkdtempSync(path.join(tmpdir(), 'tnpbo-weights-'));
    for (const ext of ['json', 'bin']) copyFileSync(path.join(SHIPPED_WEIGHTS, `tnp-kr-sa-bo.${ext}`), path.join(weights, `tnp-kr-sa-bo.${ext}`));
    const sha256 = JSON.parse(readFileSync(path.join(weights, 'tnp-kr-sa-bo.json'), 'utf8')).weights.sha256;
    const npCache = path.join(mkdtempSync(path.join(tmpdir(), 'tnpbo-bench-')), 'runs.jsonl');
    const npSettings: BenchSettings = { problems: ['forrester'], surrogates: ['tnp-kr'], acquisitions: ['logei'], seeds: 1, budget: 5, jobs: 1 };
    const previous = process.env.TNPBO_WEIGHTS_DIR;
    process.env.TNPBO_WEIGHTS_DIR = weights;
    try {
      const first = await runBench(npSettings, { command: 'test', cacheFile: npCache });
      expect(first.runs.map((r) => r.weights)).toEqual([sha256]);
      // The neural processes search a trust region unless told not to (the run without one is below); on a 1-D
      // problem its box cannot be shaped, and the run is recorded as a cube's.
      expect(first.runs.map((r) => [r.trustRegion, r.shapedRegion])).toEqual([[true, undefined]]);
      expect(benchMarkdown(first, [])).toContain('Every run searched a trust region around the incumbent');
      // The cached run claims other weights (as after retraining): it is run again, not reused.
      writeFileSync(npCache, readFileSync(npCache, 'utf8').replace(sha256, 'f'.repeat(64)));
      let ran = 0;
      const second = await runBench(npSettings, { command: 'test', cacheFile: npCache, onRun: () => (ran += 1) });
      expect(ran).toBe(1);
      expect(second.runs[0]).toMatchObject({ regret: first.runs[0].regret, weights: sha256 });
      expect(readFileSync(npCache, 'utf8').trim().split('\n')).toHaveLength(2);

      // tnp-kr is TNP-KR with scan attention: the two names share one run, reported under each name.
      const aliasCache = path.join(mkdtempSync(path.join(tmpdir(), 'tnpbo-bench-')), 'runs.jsonl');
      const progress: [number, number][] = [];
      const both = await runBench({ ...npSettings, surrogates: ['tnp-kr', 'tnp-kr-sa'] }, { command: 'test', cacheFile: aliasCache, onRun: (_, done, total) => progress.push([done, total]) });
      expect(progress).toEqual([[1, 1]]);
      expect(both.runs.map((r) => r.surrogate)).toEqual(['tnp-kr', 'tnp-kr-sa']);
      expect(both.runs.map((r) => r.regret)).toEqual([first.runs[0].regret, first.runs[0].regret]);
      expect(readFileSync(aliasCache, 'utf8').trim().split('\n')).toHaveLength(1);

      // Told not to search a trust region, the run is not answered by the cached one that did.
      let plainRuns = 0;
      const plain = await runBench({ ...npSettings, trustRegion: false }, { command: 'test', cacheFile: aliasCache, onRun: () => (plainRuns += 1) });
      expect(plainRuns).toBe(1);
      expect(plain.runs[0].trustRegion).toBeUndefined();
      expect(benchMarkdown(plain, [])).not.toContain('trust region');
      expect(readFileSync(aliasCache, 'utf8').trim().split('\n')).toHaveLength(2);

      // On a 2-D problem the box is shaped, and a run recorded before shaped regions (a cube) does not answer for it.
      const shapedCache = path.join(mkdtempSync(path.join(tmpdir(), 'tnpbo-bench-')), 'runs.jsonl');
      const shaped = await runBench({ ...npSettings, problems: ['branin'], budget: 8 }, { command: 'test', cacheFile: shapedCache });
      expect(shaped.runs.map((r) => [r.trustRegion, r.shapedRegion])).toEqual([[true, true]]);
      const { shapedRegion: _, ...cube } = shaped.runs[0];
      writeFileSync(shapedCache, `${JSON.stringify({ ...cube, regret: cube.regret.map(() => 1) })}\n`);
      let shapedRuns = 0;
      const again = await runBench({ ...npSettings, problems: ['branin'], budget: 8 }, { command: 'test', cacheFile: shapedCache, onRun: () => (shapedRuns += 1) });
      expect(shapedRuns).toBe(1);
      expect(again.runs[0].regret).toEqual(shaped.runs[0].regret);
    } finally {
      process.env.TNPBO_WEIGHTS_DIR = previous;
    }
  });

  it('says which surrogates searched a trust region: every run, some of them, or none', () => {
    expect(trustRegionSentence(['tnp-kr', 'np'], ['np', 'tnp-kr'], true)).toEqual([
      "Every run searched a trust region around the incumbent (shaped by a GP's lengthscales), with the surrogate conditioned in its frame.",
    ]);
    expect(trustRegionSentence(['tnp-kr'], ['gp', 'tnp-kr'], false)[0]).toMatch(/^The runs of tnp-kr searched a trust region around the incumbent \(a cubic box\).*; the others searched the whole space\.$/);
    expect(trustRegionSentence([], ['gp'], true)).toEqual([]);
  });

  it('reports as Markdown tables and well-formed SVG plots, one per problem and one of suggestion time', async () => {
    const doc = await runBench(settings, { command: 'tnpbo bench ...' });
    const plots = benchPlots(doc);
    expect(plots.map((p) => p.file)).toEqual(['regret-forrester.svg', 'regret-ackley-2.svg', 'suggest-time.svg']);
    for (const plot of plots) checkWellFormed(plot.svg);
    expect(elements(plots[0].svg, 'polyline')).toHaveLength(3);
    expect(elements(plots[0].svg, 'polygon')).toHaveLength(3);
    expect(elements(plots[2].svg, 'polyline')).toHaveLength(2); // gp + logei, gp + ucb; random search never uses a model
    const markdown = benchMarkdown(doc, plots);
    expect(markdown).toContain('Written by `tnpbo bench ...`');
    expect(markdown).toContain('Not run: **tnp-kr**');
    expect(markdown).toContain('## ackley:2');
    expect(markdown).toContain('![regret on ackley:2](regret-ackley-2.svg)');
    expect(markdown).toMatch(/\| gp \+ ucb \| [\d.e+-]+ \| [\d.e+-]+ \| [\d.e+-]+ \| [\d.]+ \| [\d.]+ \|/);
    expect(markdown).toMatch(/\| random search \| [\d.e+-]+ \| [\d.e+-]+ \| [\d.e+-]+ \| – \|/);
    expect(fileSafe('levy:10')).toBe('levy-10');
  });
});
