import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tnpbo } from './tnpbo.js';

// An empty weights folder: the neural-process surrogates are unavailable (one case checks the message).
const noWeights = mkdtempSync(path.join(tmpdir(), 'tnpbo-no-weights-'));
process.env.TNPBO_WEIGHTS_DIR = noWeights;

const node = JSON.stringify(process.execPath);

/** Runs `tnpbo optimize ... --surrogate gp --json --quiet` (objectives are the subject here) and returns the parsed report. */
function optimize(...args: string[]) {
  const r = tnpbo(['optimize', ...args, '--surrogate', 'gp', '--json', '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('every objective kind minimises a known function to near its optimum', () => {
  it('--problem forrester', () => {
    const doc = optimize('--problem', 'forrester', '--budget', '12');
    expect(doc.problem).toBe('forrester');
    expect(doc.regret.at(-1)).toBeLessThan(1e-3);
  });

  it('--expr over a float and a categorical', () => {
    const doc = optimize('--expr', '(x-0.3)^2 + (y+0.5)^2 + (equalText(act, "tanh") ? 0 : 1)', '--space', 'x=-2:2,y=-2:2,act=cat:relu|tanh', '--budget', '16');
    expect(doc.objective).toEqual({ kind: 'expr', text: '(x-0.3)^2 + (y+0.5)^2 + (equalText(act, "tanh") ? 0 : 1)' });
    expect(doc.space).toBe('x=-2:2,y=-2:2,act=cat:relu|tanh');
    expect(doc.best.value).toBeLessThan(2e-2);
    expect(doc.best.params.act).toBe('tanh');
    expect(doc.regret).toBeUndefined();
  });

  it('--module with a JavaScript default export', () => {
    const doc = optimize('--module', './objective.mjs', '--space', 'x=-3:3,act=cat:relu|tanh', '--budget', '12');
    expect(doc.best.value).toBeLessThan(1e-2);
    expect(doc.best.params.act).toBe('relu');
  });

  it('--module with a TypeScript named export importing another TypeScript file', () => {
    const doc = optimize('--module', 'objective.ts#shifted', '--space', 'x=-2:2', '--budget', '10');
    expect(doc.best.value).toBeLessThan(1e-2);
    expect(doc.best.params.x).toBeCloseTo(-0.5, 1);
  });

  it('--command with {name} placeholders, an int parameter and the last number on stdout', () => {
    const doc = optimize('--command', `${node} program.mjs ok {x} {n}`, '--space', 'x=-3:3,n=int:0:4', '--budget', '12', '--timeout', '20');
    expect(doc.best.value).toBeLessThan(2e-2);
    expect(doc.best.params.n).toBe(2);
    expect(doc.trials.every((t: { value: number | null }) => t.value !== null)).toBe(true);
  });
});

describe('evaluations that fail are failed trials with their reason, and the run goes on', () => {
  it('a command exiting non-zero for part of the space', () => {
    const doc = optimize('--command', `${node} program.mjs fail {x} {n}`, '--space', 'x=-3:3,n=int:0:4', '--budget', '12');
    expect(doc.trials).toHaveLength(12);
    const failed = doc.trials.filter((t: { value: number | null }) => t.value === null);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(12);
    for (const t of failed) {
      expect(t.params.x).toBeGreaterThan(2);
      expect(t.error).toBe('command exited with code 3: x is too large for this program');
    }
    expect(doc.best.value).toBe(Math.min(...doc.trials.filter((t: { value: number | null }) => t.value !== null).map((t: { value: number }) => t.value)));
  });

  it('a module returning NaN for part of the space', () => {
    const doc = optimize('--module', './objective.mjs#nanObjective', '--space', 'x=-1:1', '--budget', '8');
    const failed = doc.trials.filter((t: { value: number | null }) => t.value === null);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t: { params: { x: number }; error: string }) => t.params.x > 0 && t.error === 'objective returned NaN')).toBe(true);
  });

  it('a command printing no number, or NaN, on every evaluation: report, one-line reason, exit code 1', () => {
    for (const [mode, reason] of [
      ['text', 'command printed no number on stdout'],
      ['nan', 'command printed NaN as its last number'],
    ]) {
      const r = tnpbo(['optimize', '--command', `${node} program.mjs ${mode} {x}`, '--space', 'x=0:1', '--budget', '2', '--json', '--quiet']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`tnpbo: every evaluation failed; the last: ${reason}\n`);
      const doc = JSON.parse(r.stdout);
      expect(doc.best).toBeNull();
      expect(doc.trials.map((t: { error: string }) => t.error)).toEqual([reason, reason]);
    }
  });

  it('a command over its --timeout', () => {
    const r = tnpbo(['optimize', '--command', `${node} -e "setTimeout(() => {}, 20000)" {x}`, '--space', 'x=0:1', '--budget', '1', '--timeout', '0.5', '--json', '--quiet']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).trials[0].error).toBe('command timed out after 0.5 s');
  });
});

describe('bad objective arguments exit with code 2 and a one-line reason', () => {
  const cases: [string[], string][] = [
    [['--expr', 'x', '--space', 'x=-2'], '--space: "x=-2": expected name=low:high[:log], name=int:low:high[:log] or name=cat:a|b|c'],
    [['--expr', 'x', '--space', 'x=2:1'], '--space: parameter "x": low must be < high (got low=2, high=1)'],
    [['--expr', 'x', '--space', 'x=0:1,lr=0:1:log'], '--space: parameter "lr": log scale needs low > 0 (got low=0)'],
    [['--expr', 'x + z', '--space', 'x=0:1'], '--expr: unknown variable "z" in "x + z"; the variables are x'],
    [['--expr', 'sin(x', '--space', 'x=0:1'], '--expr: syntax error in "sin(x": Parenthesis ) expected (char 6)'],
    [['--expr', 'x'], '--space: required with --expr, e.g. --space "x=-2:2,n=int:1:8,act=cat:relu|tanh"'],
    [['--module', './objective.mjs#missing', '--space', 'x=0:1'], '--module: ./objective.mjs has no export "missing"; its exports are default, nanObjective'],
    [['--module', './nowhere.mjs', '--space', 'x=0:1'], '--module: cannot find the file ./nowhere.mjs'],
    [['--command', 'tnpbo-no-such-program {x}', '--space', 'x=0:1'], '--command: program "tnpbo-no-such-program" not found on PATH'],
    [['--command', 'echo {y}', '--space', 'x=0:1'], '--command: unknown placeholder {y}; the parameters are x'],
    [['--command', "echo '{x}", '--space', 'x=0:1'], "--command: unterminated ' quote in echo '{x}"],
    [['--command', 'echo {x}', '--space', 'x=0:1', '--timeout=-1'], '--timeout: expected a number >= 0, got "-1"'],
    [['--problem', 'branin', '--space', 'x=0:1'], '--space: not used with --problem (a problem has its own space)'],
    [['--expr', 'x', '--command', 'echo {x}', '--space', 'x=0:1'], '--expr, --command: give only one objective'],
    [['--problem', 'branin', '--surrogate', 'tnp-kr'], `--surrogate: "tnp-kr" cannot be used: weights file ${path.join(noWeights, 'tnp-kr-sa-bo.json')}: missing`],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => {
      const r = tnpbo(['optimize', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`tnpbo: ${message}`);
    });
  }
});
