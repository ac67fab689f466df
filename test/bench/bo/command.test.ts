import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBoArgs, runBoBenchmark } from '../../../src/bench/bo/command.js';
import type { BoDocument } from '../../../src/bench/bo/document.js';
import { WEIGHTS_DIR_ENV_VAR } from '../../../src/shipped-weights.js';

describe('parseBoArgs', () => {
  it('defaults to the benchmark of the issue, written to docs/benchmarks', () => {
    const command = parseBoArgs([]);
    expect(command.parts).toEqual(['table', 'np1d', 'long']);
    expect(command.settings.table).toEqual({ problems: ['branin', 'hartmann3', 'hartmann6', 'ackley5', 'levy4', 'rosenbrock4'], seeds: 10, budget: 50, acquisitions: ['logei', 'ts'], incumbent: 'best-observed' });
    expect(command.settings.np1d).toEqual({ tasks: 100, budget: 50 });
    expect(command.settings.long).toEqual({ seeds: 1, budget: 1000, at: [100, 500, 1000], window: 10 });
    expect(command.settings.surrogates).toContain('tnp-kr-dka');
    expect([command.settings.jobs, command.settings.quick, command.out, command.cache, command.fresh]).toEqual([1, false, 'docs/benchmarks', '.bench-cache/bo', false]);
    expect(command.command).toBe('node dist/scripts/bench-bo.js');
  });

  it('takes --quick as a small configuration written away from the benchmark, flags overriding it', () => {
    const command = parseBoArgs(['--quick', '--budget', '12', '--part', 'long,table', '--long-at', '40,20,40', '--surrogates', 'gp,random']);
    expect(command.parts).toEqual(['long', 'table']);
    expect(command.settings.table.budget).toBe(12);
    expect(command.settings.table.seeds).toBe(1);
    expect(command.settings.long.at).toEqual([20, 40]);
    expect(command.settings.surrogates).toEqual(['gp', 'random']);
    expect(command.out).toBe('.bench-cache/bo/quick');
    expect(command.command).toBe('node dist/scripts/bench-bo.js --quick --budget 12 --part long,table --long-at 40,20,40 --surrogates gp,random');
  });

  it('rejects bad flags, naming them', () => {
    expect(() => parseBoArgs(['--part', 'tables'])).toThrow('--part: unknown "tables"; expected one of table, np1d, long');
    expect(() => parseBoArgs(['--seeds', '0'])).toThrow('--seeds: expected an integer >= 1, got "0"');
    expect(() => parseBoArgs(['--surrogates', 'gp,tnp'])).toThrow(/--surrogates: unknown "tnp"/);
    expect(() => parseBoArgs(['--problems', 'sphere'])).toThrow(/--problems: unknown "sphere"/);
    expect(() => parseBoArgs(['--long-at', '100,x'])).toThrow(/--long-at: expected an integer >= 1/);
    expect(() => parseBoArgs(['--budgets', '3'])).toThrow(/budgets/);
    expect(() => parseBoArgs(['--acquisitions', 'logei,ucb'])).toThrow('--acquisitions: unknown "ucb"; expected one of logei, ts');
    expect(() => parseBoArgs(['--incumbent', 'mean'])).toThrow('--incumbent: unknown "mean"; expected one of best-observed, best-mean');
  });

  it('takes --acquisitions to run only some acquisitions of the table, and --incumbent for its runs', () => {
    expect(parseBoArgs(['--acquisitions', 'logei']).settings.table.acquisitions).toEqual(['logei']);
    expect(parseBoArgs(['--incumbent', 'best-mean']).settings.table.incumbent).toBe('best-mean');
    expect(parseBoArgs(['--acquisitions', 'ts,logei,ts']).settings.table.acquisitions).toEqual(['ts', 'logei']);
  });

  it("leaves the trust region to each surrogate unless --trust-region or --no-trust-region decides for every run", () => {
    expect([[], ['--trust-region'], ['--no-trust-region']].map((args) => parseBoArgs(args).settings.trustRegion)).toEqual([undefined, true, false]);
    expect(() => parseBoArgs(['--trust-region', '--no-trust-region'])).toThrow('--trust-region: cannot be combined with --no-trust-region');
  });
});

describe('runBoBenchmark (smoke: gp, random and an unavailable cmanp, tiny budgets)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tnpbo-bench-bo-'));
  const out = path.join(root, 'out');
  const cache = path.join(root, 'cache');
  const tiny = ['--quick', '--surrogates', 'gp,random,cmanp', '--seeds', '1', '--budget', '8', '--tasks', '2', '--np1d-budget', '8'];
  const long = ['--long-budget', '14', '--long-at', '8,13', '--long-window', '3'];
  const run = (args: string[]) => runBoBenchmark(parseBoArgs([...tiny, ...long, '--out', out, '--cache', cache, ...args]), () => {});
  const lines = (file: string) => readFileSync(path.join(cache, file), 'utf8').trim().split('\n').length;
  let previousWeightsDir: string | undefined;

  beforeAll(() => {
    previousWeightsDir = process.env[WEIGHTS_DIR_ENV_VAR];
    process.env[WEIGHTS_DIR_ENV_VAR] = path.join(root, 'no-weights'); // cmanp has no weights there
  });
  afterAll(() => {
    if (previousWeightsDir === undefined) delete process.env[WEIGHTS_DIR_ENV_VAR];
    else process.env[WEIGHTS_DIR_ENV_VAR] = previousWeightsDir;
  });

  it('runs the table and the GP-task protocol, listing the unavailable surrogate with its reason', async () => {
    const doc = await run(['--part', 'table,np1d']);
    const table = doc.table!;
    expect(table.rows.map((r) => `${r.surrogate}+${r.acquisition}`)).toEqual(['gp+logei', 'random+logei', 'gp+ts']);
    expect(table.rows[0].cells.map((c) => c.problem)).toEqual(['branin', 'hartmann3', 'hartmann6', 'ackley5', 'levy4', 'rosenbrock4']);
    expect(table.rows[0].cells.every((c) => c.runs === 1 && c.finalRegret.median >= 0 && c.suggestSeconds! > 0)).toBe(true);
    expect(table.rows[0].geometricMeanRatio).toBe(1);
    expect(table.skipped.map((s) => s.surrogate)).toEqual(['cmanp']);
    expect(table.skipped[0].reason).toMatch(/cmanp-bo\.json: missing/);
    expect(table.checks.map((c) => [c.status, c.detail])).toEqual([
      ['not measurable', 'tnp-kr was not run (not among --surrogates)'],
      ['not measurable', 'tnp-kr was not run (not among --surrogates)'],
    ]);
    expect([table.quick, table.jobs, table.settings]).toEqual([true, 1, { problems: table.rows[0].cells.map((c) => c.problem), seeds: 1, budget: 8, incumbent: 'best-observed' }]);
    expect(table.load.start).toBeGreaterThanOrEqual(0);

    const np1d = doc.np1d!;
    expect(np1d.settings).toEqual({ tasks: 2, budget: 8, seed: 0 });
    expect(np1d.rows.map((r) => [r.surrogate, r.runs])).toEqual([['gp', 2], ['random', 2]]);
    expect(np1d.rows.every((r) => r.finalRegret.q25 >= 0 && r.standardError !== null)).toBe(true);

    expect(lines('table.jsonl')).toBe(18); // 6 problems × (gp + logei, random, gp + ts)
    expect(lines('np1d.jsonl')).toBe(4);
    for (const plot of table.plots) expect(existsSync(path.join(out, plot.file)), plot.file).toBe(true);
    const md = readFileSync(path.join(out, 'bo.md'), 'utf8');
    expect(md).toContain('## 1. ');
    expect(md).toContain('Not run: **cmanp**');
    expect(md).toContain('| gp + logei | ');
    expect(md).toContain('## 2. The 1-D protocol of the NP papers');
    expect(md).toContain('Part `long` has not been run yet: `node dist/scripts/bench-bo.js --part long`.');
    expect(md).toContain('--quick` smoke configuration');
  });

  it('runs the long part on its own, keeping the parts run before, and times the suggestions near each count', async () => {
    const before = JSON.parse(readFileSync(path.join(out, 'bo.json'), 'utf8')) as BoDocument;
    const doc = await run(['--part', 'long']);
    expect(doc.table).toEqual(before.table);
    expect(doc.np1d).toEqual(before.np1d);
    const [row, random] = doc.long!.rows;
    expect([doc.long!.rows.length, row.surrogate, row.suggestions, row.modelChosen]).toEqual([2, 'gp', 14, 7]); // 7 design points in 6-D
    expect(row.windows.map((w) => [w.at, w.from, w.to, w.count])).toEqual([[8, 6, 8, 2], [13, 11, 13, 3]]);
    // Random search is the regret floor; it makes no model suggestion to time.
    expect([random.surrogate, random.modelChosen, random.windows.map((w) => w.seconds), random.ratioToGp]).toEqual(['random', 0, [null, null], null]);
    expect(doc.long!.checks[0].status).toBe('not measurable');
    expect(doc.long!.checks[0].detail).toMatch(/^tnp-kr-dka was not run \(not among --surrogates\); cmanp unavailable \(.*cmanp-bo\.json: missing\)$/);
    const md = readFileSync(path.join(out, 'bo.md'), 'utf8');
    expect(md).toContain('## 3. Long run: hartmann6, budget 14');
    expect(md).toContain('ms / suggestion at 13 (11–13 obs.)');
  });

  it('resumes from the cache: finished runs are not repeated', async () => {
    const before = JSON.parse(readFileSync(path.join(out, 'bo.json'), 'utf8')) as BoDocument;
    const doc = await run(['--part', 'np1d']);
    expect(lines('np1d.jsonl')).toBe(4);
    expect(doc.np1d!.rows).toEqual(before.np1d!.rows);
  });

  it('runs every part with a trust region under --trust-region, apart from the runs without one, and says so', async () => {
    const doc = await run(['--part', 'np1d', '--trust-region']);
    expect(lines('np1d.jsonl')).toBe(8);
    expect(doc.np1d!.trustRegion).toEqual(['gp', 'random']);
    expect(readFileSync(path.join(out, 'bo.md'), 'utf8')).toContain('Every run searched a trust region around the incumbent');
    expect((await run(['--part', 'np1d'])).np1d!.trustRegion).toEqual([]);
  });

  it('runs only the acquisitions asked for, from the cache, and refuses a table with nothing to run', async () => {
    const doc = await run(['--part', 'table', '--acquisitions', 'logei']);
    expect(doc.table!.rows.map((r) => `${r.surrogate}+${r.acquisition}`)).toEqual(['gp+logei', 'random+logei']);
    expect(lines('table.jsonl')).toBe(18);
    await expect(run(['--part', 'table', '--acquisitions', 'ts', '--surrogates', 'random'])).rejects.toThrow(
      '--acquisitions: ts runs only for tnp-kr, np, gp, none of which is among --surrogates',
    );
  });

  it('refuses to overwrite a bo.json that is not its document, naming it', async () => {
    const other = path.join(root, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'bo.json'), '{"rows": []}');
    await expect(runBoBenchmark(parseBoArgs([...tiny, '--part', 'np1d', '--out', other, '--cache', cache]), () => {})).rejects.toThrow(/other\/bo\.json: not a version-1 BO benchmark document/);
  });
});
