import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTnpbo, tnpbo } from './tnpbo.js';

const node = JSON.stringify(process.execPath);
/** An objective slow enough (0.15 s per evaluation) to be killed in the middle of a run. */
const SLOW = ['--command', `${node} -e "setTimeout(() => console.log((Number(process.argv[1]) - 1) ** 2 + Number(process.argv[2])), 150)" {x} {n}`, '--space', 'x=0:3,n=int:0:3'];
const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);
const pairs = (doc: { trials: { params: unknown; value: unknown }[] }) => doc.trials.map((t) => [t.params, t.value]);

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('optimize --out DIR / --resume DIR', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tnpbo-resume-'));

  it('a run killed mid-way loses no finished trial, and its resumption matches an uninterrupted run', async () => {
    const whole = tnpbo(['optimize', ...SLOW, '--budget', '8', '--seed', '4', '--json', '--quiet', '--out', path.join(root, 'whole')]);
    expect(whole.code).toBe(0);
    const expected = JSON.parse(whole.stdout);

    const dir = path.join(root, 'killed');
    const child = startTnpbo(['optimize', ...SLOW, '--budget', '8', '--seed', '4', '--quiet', '--out', dir]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => lines(path.join(dir, 'trials.jsonl')).length >= 4);
    child.kill('SIGKILL');
    await exited;
    const before = lines(path.join(dir, 'trials.jsonl')).map((l) => JSON.parse(l));
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(before.length).toBeLessThan(8);
    expect(Object.keys(before[0]).sort()).toEqual(['id', 'params', 'seconds', 'source', 'suggestSeconds', 'value']);
    expect(existsSync(path.join(dir, 'result.json'))).toBe(false);

    const resumed = tnpbo(['optimize', '--resume', dir, '--json', '--quiet']);
    expect(resumed.code).toBe(0);
    const doc = JSON.parse(resumed.stdout);
    expect(pairs(doc)).toEqual(pairs(expected));
    for (const line of before) expect(doc.trials[line.id]).toEqual({ params: line.params, value: line.value, seconds: line.seconds });
    expect(lines(path.join(dir, 'trials.jsonl'))).toHaveLength(8);
    expect(JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')).trials).toEqual(doc.trials);

    const extended = tnpbo(['optimize', '--resume', dir, '--budget', '10', '--json', '--quiet']);
    expect(extended.code).toBe(0);
    const more = JSON.parse(extended.stdout);
    expect(more.trials).toHaveLength(10);
    expect(pairs(more).slice(0, 8)).toEqual(pairs(expected));
  });

  it('--trust-region is kept by the run directory: a resumed run goes on searching the same region', () => {
    const args = ['optimize', '--problem', 'branin', '--trust-region', '--seed', '2', '--json', '--quiet'];
    const straight = JSON.parse(tnpbo([...args, '--budget', '16']).stdout);
    const plain = JSON.parse(tnpbo(['optimize', '--problem', 'branin', '--seed', '2', '--json', '--quiet', '--budget', '16']).stdout);
    expect(pairs(straight)).not.toEqual(pairs(plain));
    const dir = path.join(root, 'trust-region');
    expect(tnpbo([...args, '--budget', '12', '--out', dir]).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).trustRegion).toBe(true);
    const resumed = tnpbo(['optimize', '--resume', dir, '--budget', '16', '--json', '--quiet']);
    expect(resumed.code).toBe(0);
    expect(pairs(JSON.parse(resumed.stdout))).toEqual(pairs(straight));
  });

  it('the shipped tnp-kr searches a trust region by default: no fallbacks, same seed same points; --no-trust-region turns it off', () => {
    const args = ['optimize', '--problem', 'branin', '--surrogate', 'tnp-kr', '--budget', '20', '--seed', '1', '--json', '--quiet'];
    const dir = path.join(root, 'trust-region-tnp-kr');
    const first = tnpbo([...args, '--out', dir]);
    expect(first.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).trustRegion).toBe(true);
    expect(new Set(lines(path.join(dir, 'trials.jsonl')).map((l) => JSON.parse(l).source))).toEqual(new Set(['design', 'model']));
    expect(pairs(JSON.parse(tnpbo(args).stdout))).toEqual(pairs(JSON.parse(first.stdout)));
    expect(pairs(JSON.parse(tnpbo([...args, '--trust-region']).stdout))).toEqual(pairs(JSON.parse(first.stdout)));
    const offDir = path.join(root, 'no-trust-region-tnp-kr');
    const off = tnpbo([...args, '--no-trust-region', '--out', offDir]);
    expect(off.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(offDir, 'run.json'), 'utf8')).trustRegion).toBe(false);
    expect(pairs(JSON.parse(off.stdout))).not.toEqual(pairs(JSON.parse(first.stdout)));
  });

  it('refuses a resume directory of another space, a reused --out, a missing run and a new seed', () => {
    const dir = path.join(root, 'small');
    expect(tnpbo(['optimize', '--expr', 'x^2', '--space', 'x=-1:1', '--budget', '3', '--quiet', '--out', dir]).code).toBe(0);
    const cases: [string[], string][] = [
      [['--resume', dir, '--expr', 'x^2', '--space', 'x=-2:2'], `tnpbo: --resume: ${dir} belongs to another space (x=-1:1, not x=-2:2)\n`],
      [['--resume', dir, '--problem', 'forrester'], `tnpbo: --resume: ${dir} belongs to another space (x=-1:1, not x1=0:1)\n`],
      [['--expr', 'x^2', '--space', 'x=-1:1', '--out', dir], `tnpbo: --out: ${dir} already holds a run; continue it with --resume ${dir} or choose another directory\n`],
      [['--resume', root], `tnpbo: --resume: ${root} holds no tnpbo run (no run.json)\n`],
      [['--resume', dir, '--seed', '5'], `tnpbo: --seed: the run in ${dir} uses seed 0; a resumed run keeps it\n`],
    ];
    for (const [args, message] of cases) {
      const r = tnpbo(['optimize', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(message);
    }
    const again = tnpbo(['optimize', '--resume', dir, '--expr', 'x^2 + 1', '--space', 'x=-1:1', '--budget', '4', '--json', '--quiet']);
    expect(again.code).toBe(0);
    const doc = JSON.parse(again.stdout);
    expect(doc.trials).toHaveLength(4);
    expect(doc.objective.text).toBe('x^2 + 1');
  });
});
