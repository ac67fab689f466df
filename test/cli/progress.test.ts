import { describe, expect, it } from 'vitest';
import type { Trial } from '../../src/core/optimizer.js';
import { formatSeconds, ProgressReporter, progressStyle, StepProgress } from '../../src/cli/progress.js';

const trial = (id: number, value: number | undefined): Trial =>
  value === undefined
    ? { id, params: { x: id }, status: 'failed', error: 'boom', suggestSeconds: 0, source: 'model' }
    : { id, params: { x: id }, status: 'complete', value, suggestSeconds: 0, source: 'design' };

function capture() {
  const chunks: string[] = [];
  return { chunks, write: (text: string) => void chunks.push(text) };
}

describe('progressStyle', () => {
  it('is a bar on a terminal, lines in logs, only a summary with --json in logs, nothing when quiet', () => {
    expect(progressStyle({ quiet: false, json: false, isTTY: true })).toBe('bar');
    expect(progressStyle({ quiet: false, json: true, isTTY: true })).toBe('bar');
    expect(progressStyle({ quiet: false, json: false, isTTY: false })).toBe('lines');
    expect(progressStyle({ quiet: false, json: true, isTTY: false })).toBe('summary');
    expect(progressStyle({ quiet: true, json: false, isTTY: true })).toBe('none');
  });
});

describe('ProgressReporter', () => {
  it('writes one numbered line per trial with the best value so far', () => {
    const out = capture();
    const reporter = new ProgressReporter(10, 'lines', [], out.write);
    reporter.trial(trial(0, 3));
    reporter.trial(trial(1, undefined));
    reporter.finish();
    expect(out.chunks).toEqual(['[ 1/10] design   value 3.000000  best 3.000000\n', '[ 2/10] model    value failed: boom  best 3.000000\n']);
  });

  it('redraws one bar in place, counting a resumed run\'s earlier trials, and keeps messages off the bar', () => {
    const out = capture();
    const reporter = new ProgressReporter(4, 'bar', [trial(0, 2), trial(1, undefined)], out.write);
    reporter.trial(trial(2, 1));
    reporter.message('warning: something');
    reporter.finish();
    const text = out.chunks.join('');
    expect(text).toMatch(/^\r\x1b\[K█{18}░{6} 3\/4 {2}best 1\.000000, 1 failed {2}\d+\.\d s, ~\d+\.\d s left\r\x1b\[Kwarning: something\n█{18}░{6} 3\/4 .*\n$/);
  });

  it('writes only a closing summary in summary style, and nothing when quiet', () => {
    const out = capture();
    const reporter = new ProgressReporter(2, 'summary', [], out.write);
    reporter.trial(trial(0, 5));
    reporter.trial(trial(1, 4));
    reporter.finish();
    expect(out.chunks).toHaveLength(1);
    expect(out.chunks[0]).toMatch(/^\[2\/2\] done in \d+\.\d s, best 4\.000000\n$/);
    const quiet = capture();
    const none = new StepProgress('none', 3, 0, quiet.write);
    none.step(1, 'x');
    none.finish('done');
    expect(quiet.chunks).toEqual([]);
  });
});

describe('formatSeconds', () => {
  it('uses seconds, then minutes, then hours', () => {
    expect(formatSeconds(4.25)).toBe('4.3 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(7380)).toBe('2 h 3 min');
  });
});
