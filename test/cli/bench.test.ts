import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWellFormed } from '../bench/svg-structure.js';
import { tnpbo } from './tnpbo.js';

const root = mkdtempSync(path.join(tmpdir(), 'tnpbo-bench-cli-'));
// An empty weights folder: the neural-process surrogates are unavailable, which the harness must report.
process.env.TNPBO_WEIGHTS_DIR = mkdtempSync(path.join(tmpdir(), 'tnpbo-no-weights-'));

describe('tnpbo bench', () => {
  it('runs in worker processes and writes the JSON, the Markdown table and the SVG plots', () => {
    const out = path.join(root, 'grid');
    const args = ['bench', '--problems', 'forrester,branin', '--surrogates', 'gp,tnp-kr,random', '--seeds', '2', '--budget', '6', '--jobs', '2', '--out', out];
    const r = tnpbo([...args, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: not running tnp-kr: "tnp-kr" cannot be used: weights file ');
    expect(r.stderr).toContain('tnp-kr-sa-bo.json: missing');
    expect(r.stderr).toMatch(/^\[8\/8\] runs done in /m);
    const doc = JSON.parse(r.stdout);
    expect(doc.runs).toHaveLength(8);
    expect(doc.settings).toEqual({ problems: ['forrester', 'branin'], surrogates: ['gp', 'tnp-kr', 'random'], acquisitions: ['logei'], incumbent: 'best-observed', seeds: 2, budget: 6, jobs: 2 });
    expect(readdirSync(out).sort()).toEqual(['bench.json', 'bench.md', 'regret-branin.svg', 'regret-forrester.svg', 'runs.jsonl', 'suggest-time.svg']);
    expect(JSON.parse(readFileSync(path.join(out, 'bench.json'), 'utf8')).runs).toEqual(doc.runs);
    for (const file of ['regret-branin.svg', 'regret-forrester.svg', 'suggest-time.svg']) checkWellFormed(readFileSync(path.join(out, file), 'utf8'));
    expect(readFileSync(path.join(out, 'bench.md'), 'utf8')).toContain('| gp + logei |');

    // A second invocation finds every run in runs.jsonl and repeats none.
    const again = tnpbo([...args, '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('# tnpbo benchmark');
    expect(readFileSync(path.join(out, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(8);
  });

  it('bench scale measures the GP in fresh processes and writes log-log plots of time and memory', () => {
    const out = path.join(root, 'scale');
    const r = tnpbo(['bench', 'scale', '--surrogates', 'gp', '--contexts', '8,16', '--queries', '16,64', '--context', '8', '--query', '16', '--repeats', '1', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.measurements.map((m: { sweep: string; context: number; query: number }) => [m.sweep, m.context, m.query])).toEqual([
      ['context', 8, 16],
      ['context', 16, 16],
      ['query', 8, 16],
      ['query', 8, 64],
    ]);
    expect(readdirSync(out).sort()).toEqual(['scale-context-memory.svg', 'scale-context-time.svg', 'scale-query-memory.svg', 'scale-query-time.svg', 'scale.json', 'scale.md']);
    for (const file of readdirSync(out).filter((f) => f.endsWith('.svg'))) checkWellFormed(readFileSync(path.join(out, file), 'utf8'));
  });

  const bad: [string[], string][] = [
    [['bench', '--problems', 'branin,nope'], '--problems: unknown name "nope"'],
    [['bench', '--surrogates', 'gp,svm'], '--surrogates: unknown "svm"; expected one of gp, tnp-kr'],
    [['bench', '--acquisitions', 'kg'], '--acquisitions: unknown "kg"'],
    [['bench', '--seeds', '0'], '--seeds: expected an integer >= 1, got "0"'],
    [['bench', '--no-trust-region', '--trust-region'], '--trust-region: cannot be combined with --no-trust-region'],
    [['bench', '--surrogates', 'gp,,random'], '--surrogates: empty name in "gp,,random"'],
    [['bench', 'scale', '--contexts', '8,x'], '--contexts: expected an integer >= 1, got "x"'],
    [['bench', 'scale', '--budget', '3'], "Unknown option '--budget'"],
  ];
  for (const [args, message] of bad) {
    it(`${args.join(' ')}: exit code 2 and a one-line reason`, () => {
      const r = tnpbo(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    });
  }
});
