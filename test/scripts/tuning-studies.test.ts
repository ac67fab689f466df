/** The tuning studies (scripts/gp-tuning, scripts/np-tuning on src/bench/tuning-study): runs, cache, report, errors. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Runs the compiled study script `name` (`npm test` builds first) in `cwd`. */
function study(name: string, args: string[], cwd: string): { code: number | null; stderr: string; md: string } {
  const script = fileURLToPath(new URL(`../../dist/scripts/${name}.js`, import.meta.url));
  const r = spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  const report = path.join(cwd, 'docs/benchmarks', `${name}.md`);
  return { code: r.status, stderr: r.stderr, md: r.status === 0 ? readFileSync(report, 'utf8') : '' };
}

/** The table row of `variant` in a report, split into its cells. */
function row(md: string, variant: string): string[] | undefined {
  const line = md.split('\n').find((l) => l.startsWith(`| ${variant} |`));
  return line?.split('|').slice(1, -1).map((cell) => cell.trim());
}

describe('tuning studies (process)', () => {
  it('runs the chosen variant on the chosen problems and seeds, caches each run, and reports from the cache', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'tnpbo-gp-tuning-'));
    const first = study('gp-tuning', ['--variants', 'yj', '--problems', 'branin', '--seeds', '10-11'], cwd);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/yj branin seed 10: final regret/);
    const cached = readdirSync(path.join(cwd, '.bench-cache/gp-tuning'));
    expect(cached).toHaveLength(2);
    expect(cached.every((file) => /^yj-[0-9a-f]{8}-branin-s1[01]-b50\.json$/.test(file))).toBe(true);

    const cells = row(first.md, 'yj')!;
    expect(cells).toHaveLength(6); // variant, branin, H6 escapes, vs Optuna, ms, settings
    const regrets = cached.map((file) => JSON.parse(readFileSync(path.join(cwd, '.bench-cache/gp-tuning', file), 'utf8')).finalRegret as number);
    const median = (regrets[0] + regrets[1]) / 2;
    // Three significant digits; Optuna's branin median 3.6e-5 is the reference of the ratio.
    expect(Math.abs(Number(cells[1]) / median - 1)).toBeLessThan(5e-3);
    expect(Math.abs(Number(cells[3]) / (median / 3.6e-5) - 1)).toBeLessThan(5e-3);
    expect(first.md).toMatch(/# GP \+ log-EI tuning \(seeds 10-11\)/);
    expect(first.md).toMatch(/Not run yet: baseline, ls-1.5, yj\+ls-1, yj\+ls-1.5\./);
    expect(row(first.md, 'baseline')).toBeUndefined();

    // A second run finds everything cached and writes the same table.
    const again = study('gp-tuning', ['--variants', 'yj', '--problems', 'branin', '--seeds', '10-11'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/final regret/);
    expect(row(again.md, 'yj')!.slice(0, 4)).toEqual(cells.slice(0, 4));

    // Reported over a problem it has not run, the variant shows what it has and says it is partial.
    const wider = study('gp-tuning', ['--problems', 'branin,hartmann3', '--seeds', '10-11', '--report-only'], cwd);
    expect(wider.code, wider.stderr).toBe(0);
    expect(row(wider.md, 'yj')!.slice(0, 5)).toEqual(['yj', cells[1], '–', '–', '–']);
    expect(wider.md).toMatch(/Not yet run in full: yj \(2\/4 runs\)/);
  });

  it("divides by a variant of its own when the reference is one (np-tuning's gp row is 1 against itself)", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'tnpbo-np-tuning-'));
    const r = study('np-tuning', ['--variants', 'gp', '--problems', 'branin', '--seeds', '10-10'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(row(r.md, 'gp')![3]).toBe('1.00');
    expect(r.md).toMatch(/"vs gp": geometric mean/);
    expect(r.md).toMatch(/Not run yet: paper-shaped, paper, /);
  });

  it('names the option and the accepted values on bad input', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'tnpbo-tuning-errors-'));
    const unknown = study('gp-tuning', ['--variants', 'nope'], cwd);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--variants: unknown "nope"; expected some of baseline, yj/);
    const problems = study('np-tuning', ['--problems', 'sphere'], cwd);
    expect(problems.stderr).toMatch(/--problems: unknown "sphere"; expected some of branin/);
    const seeds = study('np-tuning', ['--seeds', '9-3'], cwd);
    expect(seeds.stderr).toMatch(/--seeds: expected FIRST-LAST, got "9-3"/);
  });
});
