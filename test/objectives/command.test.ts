import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandObjective } from '../../src/objectives/command.js';
import { lastNumber } from '../../src/objectives/last-number.js';
import { splitCommand } from '../../src/objectives/split-command.js';

const node = JSON.stringify(process.execPath);
const dir = mkdtempSync(path.join(tmpdir(), 'tnpbo-command-'));
/** A program printing (x-1)^2 after a log line, failing or misbehaving on request. */
writeFileSync(
  path.join(dir, 'target.mjs'),
  `const [mode, x] = process.argv.slice(2);
console.log('epoch 1/3 loss 12.5');
if (mode === 'fail') { console.error('first line'); console.error('out of memory'); process.exit(3); }
if (mode === 'hang') { setInterval(() => {}, 1000); }
else if (mode === 'words') console.log('done');
else if (mode === 'nan') console.log('nan');
else if (mode === 'spawn') {
  const child = (await import('node:child_process')).spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'inherit' });
  (await import('node:fs')).writeFileSync('grandchild.pid', String(child.pid));
  setTimeout(() => {}, 60000);
}
else console.log('result:', (Number(x) - 1) ** 2);
`,
);
writeFileSync(path.join(dir, 'not-executable.sh'), '#!/bin/sh\necho 1\n');
writeFileSync(path.join(dir, 'executable.sh'), '#!/bin/sh\necho "value $1"\n');
chmodSync(path.join(dir, 'executable.sh'), 0o755);

describe('splitCommand', () => {
  it('splits on blanks and honours quotes and escapes like a POSIX shell', () => {
    expect(splitCommand(`python  train.py --lr {lr}\t--name 'a b' "c \\"d\\" \\n" e\\ f ''`)).toEqual([
      'python', 'train.py', '--lr', '{lr}', '--name', 'a b', 'c "d" \\n', 'e f', '',
    ]);
    expect(splitCommand(`awk 'BEGIN { print {x}^2 }'`)).toEqual(['awk', 'BEGIN { print {x}^2 }']);
    expect(splitCommand(`a"b"'c'`)).toEqual(['abc']);
    expect(splitCommand('   ')).toEqual([]);
  });

  it('rejects unterminated quotes and a trailing backslash', () => {
    expect(() => splitCommand(`echo 'a`)).toThrow("command: unterminated ' quote");
    expect(() => splitCommand(`echo "a`)).toThrow('command: unterminated " quote');
    expect(() => splitCommand('echo a\\')).toThrow('command: trailing backslash');
  });
});

describe('lastNumber', () => {
  const cases: [string, number | undefined][] = [
    ['epoch 1/3 loss 12.5\nresult: 0.25\n', 0.25],
    ['val=-1.5e-3;', -1.5e-3],
    ['score .5.', 0.5],
    ['3ms epoch3 info', undefined],
    ['loss 2\nNaN', NaN],
    ['-inf', -Infinity],
    ['Infinity\n', Infinity],
    ['', undefined],
  ];
  for (const [text, value] of cases) it(JSON.stringify(text), () => expect(lastNumber(text)).toBe(value));
});

describe('commandObjective', () => {
  const make = (command: string, timeoutSeconds = 10) => commandObjective(command, ['x', 'mode'], { timeoutSeconds, cwd: dir });

  it('substitutes {name} placeholders and reads the last number on stdout', async () => {
    await expect(make(`${node} target.mjs {mode} {x}`)({ x: 3, mode: 'ok' })).resolves.toBe(4);
    await expect(make('./executable.sh {x}e-3')({ x: 2, mode: '' })).resolves.toBe(2e-3);
  });

  it('takes the last number printed, even when words follow it', async () => {
    await expect(make(`${node} target.mjs {mode} {x}`)({ x: 0, mode: 'words' })).resolves.toBe(12.5);
  });

  it('fails a run that exits non-zero, with the last line of its stderr', async () => {
    await expect(make(`${node} target.mjs {mode} {x}`)({ x: 0, mode: 'fail' })).rejects.toThrow('command exited with code 3: out of memory');
  });

  it('fails a run that prints no number, NaN, or times out (killing the processes it started)', async () => {
    const f = make(`${node} target.mjs {mode} {x}`, 1);
    await expect(make(`${node} -e "console.log('no digits here')"`)({ x: 0, mode: '' })).rejects.toThrow('command printed no number on stdout');
    await expect(f({ x: 0, mode: 'nan' })).rejects.toThrow('command printed NaN as its last number');
    const started = performance.now();
    await expect(f({ x: 0, mode: 'hang' })).rejects.toThrow('command timed out after 1 s');
    await expect(f({ x: 0, mode: 'spawn' })).rejects.toThrow('command timed out after 1 s');
    expect(performance.now() - started).toBeLessThan(6000);
    // Killed processes close their output before they turn into zombies: allow the kernel a moment.
    const grandchild = readFileSync(path.join(dir, 'grandchild.pid'), 'utf8');
    const status = `/proc/${grandchild}/status`;
    const state = (): string | undefined => (existsSync(status) ? /State:\s+(\w)/.exec(readFileSync(status, 'utf8'))?.[1] : 'gone');
    for (let i = 0; i < 40 && !['gone', 'Z', 'X'].includes(state()!); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(['gone', 'Z', 'X']).toContain(state()); // ended (a zombie until its new parent reaps it)
  });

  it('rejects at setup an empty command, unknown placeholders and programs that cannot run', () => {
    expect(() => make('  ')).toThrow('command: empty command');
    expect(() => make(`${node} target.mjs {y}`)).toThrow('command: unknown placeholder {y}; the parameters are x, mode');
    expect(() => make('no-such-program-tnpbo {x}')).toThrow('command: program "no-such-program-tnpbo" not found on PATH');
    expect(() => make('./not-executable.sh')).toThrow('command: program ./not-executable.sh does not exist or is not executable');
    expect(() => make('./missing.sh')).toThrow('does not exist or is not executable');
    expect(() => make(`${node} {x}`, -1)).toThrow('command: timeout must be >= 0 seconds');
  });
});
