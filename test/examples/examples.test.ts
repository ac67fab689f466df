import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Smoke tests: each example runs to the end on small settings (the built examples, as `npm test` builds first). */
const root = fileURLToPath(new URL('../../', import.meta.url));

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('examples', () => {
  it('tune-mlp tunes a TensorFlow.js network with ask/tell', () => {
    const r = run(process.execPath, ['dist/examples/tune-mlp.js', '--budget', '3', '--epochs', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tuning an MLP on two spirals: 3 trials of 2 epochs');
    expect(r.stdout.match(/^trial {2}\d {2}lr=\S+ width=\d+ depth=[123] act=(relu|tanh|elu) +validation loss \d\.\d{4}$/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/best validation loss \d\.\d{4} with \{"lr":/);
  });

  it('blackbox-command optimises an external program through --command, then resumes the run', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tnpbo-example-')), 'run');
    const r = run('bash', ['examples/blackbox-command.sh', dir], { BUDGET: '6' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^best \d\.\d+ at x=\S+, lr=\S+, layers=\d, opt=(sgd|adam)$/m);
    const trials = readFileSync(path.join(dir, 'trials.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(trials).toHaveLength(10);
    expect(trials.every((t) => typeof t.value === 'number')).toBe(true);
  });

  it('gp-vs-tnpkr compares the GP with tnp-kr, or with random search while tnp-kr is unavailable', () => {
    const r = run(process.execPath, ['dist/examples/gp-vs-tnpkr.js', '--problems', 'forrester', '--seeds', '1', '--budget', '7']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\| forrester \| gp \| \d\.\d\de[-+]\d+ \| \d+\.\d \|$/m);
    const challenger = r.stdout.includes('tnp-kr cannot run here') ? 'random' : 'tnp-kr';
    expect(r.stdout).toMatch(new RegExp(`^\\| forrester \\| ${challenger} \\| `, 'm'));
  });
});
