import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

function tnpbo(...args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tnpbo optimize: bad arguments exit with code 2 and a one-line reason', () => {
  const cases: [string[], RegExp][] = [
    [['optimize'], /--problem: required/],
    [['optimize', '--problem', 'nope'], /--problem: .*nope/],
    [['optimize', '--problem', 'branin', '--budget', '0'], /--budget: expected an integer >= 1, got "0"/],
    [['optimize', '--problem', 'branin', '--budget', 'ten'], /--budget/],
    [['optimize', '--problem', 'branin', '--surrogate', 'svm'], /--surrogate: unknown "svm"; expected one of gp, tnp-kr/],
    [['optimize', '--problem', 'branin', '--acquisition', 'kg'], /--acquisition: unknown "kg"; expected one of logei/],
    [['optimize', '--problem', 'branin', '--incumbent', 'best'], /--incumbent: unknown "best"; expected one of best-observed, best-mean/],
    [['optimize', '--problem', 'branin', '--trust-region', '--no-trust-region'], /--trust-region: cannot be combined with --no-trust-region/],
    [['optimize', '--problem', 'branin', '--seed', '1.5'], /--seed/],
    [['optimize', '--problem', 'branin', '--bogus'], /bogus/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [args, pattern] of cases) {
    it(args.join(' '), () => {
      const r = tnpbo(...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stdout).toBe('');
    });
  }
});

describe('tnpbo optimize --json', () => {
  it('prints one JSON document with best, trials and regret, identical for the same seed', () => {
    const args = ['optimize', '--problem', 'branin', '--seed', '3', '--budget', '12', '--json'];
    const a = tnpbo(...args);
    const b = tnpbo(...args);
    expect(a.code).toBe(0);
    const doc = JSON.parse(a.stdout);
    expect(doc.trials).toHaveLength(12);
    expect(doc.regret).toHaveLength(12);
    expect(Object.keys(doc.trials[0]).sort()).toEqual(['params', 'seconds', 'value']);
    expect(Object.keys(doc.best.params)).toEqual(['x1', 'x2']);
    expect(doc.incumbent).toBe('best-observed');
    expect(doc.best.value).toBe(Math.min(...doc.trials.map((t: { value: number }) => t.value)));
    expect(doc.regret.at(-1)).toBeCloseTo(doc.best.value - 0.39788735772973816, 12);
    for (let i = 1; i < doc.regret.length; i++) expect(doc.regret[i]).toBeLessThanOrEqual(doc.regret[i - 1]);
    const withoutTimes = (trials: { params: unknown; value: unknown }[]) => trials.map((t) => ({ params: t.params, value: t.value }));
    expect(withoutTimes(JSON.parse(b.stdout).trials)).toEqual(withoutTimes(doc.trials));
    expect(a.stderr).toMatch(/\[12\/12\]/);
  });

  it('runs batches and the random baseline', () => {
    const r = tnpbo('optimize', '--problem', 'hartmann3', '--surrogate', 'random', '--budget', '9', '--batch', '4', '--json', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).trials).toHaveLength(9);
  });
});
