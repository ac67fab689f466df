import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEvalArgs, resolveCheckpoint } from '../../src/cli/eval.js';
import { parseTrainArgs } from '../../src/cli/train.js';
import { MAIN, tnpbo } from './tnpbo.js';

const root = mkdtempSync(path.join(tmpdir(), 'tnpbo-train-cli-'));
const TRAIN = ['train', '--model', 'cnp', '--preset', 'tiny', '--steps', '6', '--out', 'run/cnp.json', '--validate-every', '3', '--validation-batches', '2', '--log-every', '1', '--seed', '3'];

describe('tnpbo train and eval (processes)', () => {
  it('trains, refuses to overwrite, resumes to the end, and evaluates the checkpoint against the oracle', () => {
    const first = tnpbo([...TRAIN, '--max-seconds', '0', '--json'], root);
    expect(first.stderr).toMatch(/TensorFlow.js backend wasm/);
    expect(first.code).toBe(0);
    const stopped = JSON.parse(first.stdout);
    expect(stopped).toMatchObject({ model: 'cnp', preset: 'tiny', protocol: 'gp-standard', step: 1, finished: false, steps: 6, backend: 'wasm', checkpoint: 'run/cnp.json', state: 'run/cnp.state', log: 'run/cnp.log.jsonl' });

    const again = tnpbo(TRAIN, root);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('a training state already exists at run/cnp.state; add --resume');
    const other = tnpbo([...TRAIN.map((a) => (a === '3' ? '4' : a)), '--resume'], root);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--resume: the saved run differs in model.seed \(saved "3", now "4"\); training.seed/);

    const resumed = tnpbo([...TRAIN, '--resume'], root);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming at step 1/);
    expect(resumed.stderr).toMatch(/step 6\/6 .*validation -?\d\.\d{4} \(oracle/);
    expect(resumed.stdout).toMatch(/^finished at step 6\/6 .*best validation/);
    const log = readFileSync(path.join(root, 'run/cnp.log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((r: { step: number }) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const manifest = JSON.parse(readFileSync(path.join(root, 'run/cnp.json'), 'utf8'));
    expect(manifest.training).toMatchObject({ protocol: 'gp-standard', steps: 6, seed: '3', backend: 'wasm', optimizer: { name: 'adam' } });

    const evaluated = tnpbo(['eval', '--model', 'run/cnp', '--protocol', 'gp-standard', '--kernel', 'periodic', '--batches', '3', '--json'], root);
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(evaluated.stdout);
    expect(Object.keys(report)).toEqual(['model', 'protocol', 'kernel', 'tasks', 'logLikelihood', 'oracleLogLikelihood', 'seconds']);
    expect(report).toMatchObject({ model: 'run/cnp', protocol: 'gp-standard', kernel: 'periodic', tasks: 48 });
    expect(report.logLikelihood).toBeLessThan(report.oracleLogLikelihood);

    writeFileSync(path.join(root, 'run/cnp.bin'), 'not the weights');
    const corrupt = tnpbo(['eval', '--model', 'run/cnp.json', '--protocol', 'gp-standard', '--batches', '1'], root);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/checkpoint run\/cnp.bin: .*bytes/);
  });

  it('--init-from starts a run from a checkpoint of the same model, records it, and refuses another model', () => {
    const base = tnpbo(['train', '--model', 'cnp', '--preset', 'tiny', '--steps', '2', '--out', 'warm/base.json', '--validation-batches', '2', '--seed', '1'], root);
    expect(base.code).toBe(0);
    // A learning rate of 1e-12 leaves the weights as loaded, so the warm-started checkpoint scores as its source.
    const WARM = ['train', '--model', 'cnp', '--preset', 'tiny', '--steps', '1', '--out', 'warm/next.json', '--validation-batches', '2', '--seed', '2', '--lr', '1e-12', '--init-from', 'warm/base.json'];
    const warm = tnpbo(WARM, root);
    expect(warm.code).toBe(0);
    expect(warm.stderr).toContain('starting from warm/base.json');
    const manifest = JSON.parse(readFileSync(path.join(root, 'warm/next.json'), 'utf8'));
    const sha256 = JSON.parse(readFileSync(path.join(root, 'warm/base.json'), 'utf8')).weights.sha256;
    expect(manifest.training.initFrom).toEqual({ checkpoint: 'warm/base.json', sha256, step: 2 });
    expect(manifest.model.seed).toBe('1');
    const score = (model: string) => JSON.parse(tnpbo(['eval', '--model', model, '--protocol', 'gp-standard', '--batches', '2', '--json'], root).stdout).logLikelihood;
    expect(score('warm/next.json')).toBeCloseTo(score('warm/base.json'), 5);

    const resumed = tnpbo([...WARM.filter((a) => a !== '--init-from' && a !== 'warm/base.json'), '--resume'], root);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/--resume: the saved run differs in .*training.initFrom/);
    const other = tnpbo(['train', '--model', 'np', '--preset', 'tiny', '--steps', '1', '--out', 'warm/np.json', '--init-from', 'warm/base.json'], root);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--init-from: the checkpoint warm\/base.json is not the model asked for: it differs in name \(saved "cnp", now "np"\)/);
  });

  it('SIGINT stops training after the current step with the state saved; the run resumes from there', async () => {
    const args = ['train', '--model', 'cnp', '--preset', 'tiny', '--steps', '100000', '--out', 'sigint/cnp.json', '--validation-batches', '1', '--log-every', '1', '--save-every', '100000'];
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: root });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (!child.killed && /step +5\//.test(stderr)) child.kill('SIGINT');
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain('SIGINT: stopping after the current step');
    const step = Number(/^stopped at step (\d+)\/100000/.exec(stdout)?.[1]);
    expect(step).toBeGreaterThanOrEqual(5);
    const state = tnpbo([...args, '--resume', '--max-seconds', '0', '--json'], root);
    expect(JSON.parse(state.stdout).step).toBe(step + 1);
  });

  it('a missing checkpoint or training state exits 2 naming the file', () => {
    const missing = tnpbo(['eval', '--model', 'no-such-name', '--protocol', 'gp-standard', '--batches', '2'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--model: no committed checkpoint named "no-such-name" \(no file .*surrogates\/weights\/no-such-name.json\)/);
    const noState = tnpbo(['train', '--model', 'cnp', '--steps', '5', '--out', 'a.json', '--resume'], root);
    expect(noState.code).toBe(2);
    expect(noState.stderr).toContain('--resume: no training state at a.state');
  });
});

describe('argument parsing', () => {
  it('train: protocol defaults, overrides, and the derived file names', () => {
    const command = parseTrainArgs(['--model', 'tnp-kr', '--steps', '1000', '--out', 'r/x.json', '--protocol', 'gp-tnpkr', '--lr', '2e-3', '--batch', '8']);
    expect(command.model).toEqual({ name: 'tnp-kr', preset: 'small', xDim: 1 });
    expect(command.files).toEqual({ best: 'r/x.json', state: 'r/x.state', log: 'r/x.log.jsonl' });
    expect(command.config).toMatchObject({
      protocol: 'gp-tnpkr', kernel: 'rbf', batchSize: 8, steps: 1000, seed: '0', clipNorm: 3, validateEvery: 1000,
      optimizer: { name: 'yogi', epsilon: 1e-3 }, schedule: { peak: 2e-3, floor: 1e-5, warmupSteps: 0, totalSteps: 1000 },
    });
    expect(parseTrainArgs(['--model', 'np', '--steps', '50', '--out', 'x.json']).config).toMatchObject({
      protocol: 'gp-standard', batchSize: 16, clipNorm: 0, optimizer: { name: 'adam' }, schedule: { peak: 5e-4, floor: 0 }, validateEvery: 50,
    });
    expect(parseTrainArgs(['--model', 'cnp', '--steps', '500', '--out', 'x.json', '--protocol', 'bo-prior', '--dim', '3']).config).toMatchObject({
      kernel: 'matern52', dim: 3, schedule: { warmupSteps: 10 }, clipNorm: 1,
    });
    expect(parseTrainArgs(['--model', 'cnp', '--steps', '5', '--out', 'x.json', '--protocol', 'bo-prior', '--noise', '1e-4, 0.01']).config.noise).toEqual([1e-4, 0.01]);
  });

  it.each([
    [['--model', 'cnp', '--steps', '5'], '--out is required'],
    [['--model', 'gpt', '--steps', '5', '--out', 'a.json'], '--model: unknown "gpt"'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--preset', 'huge'], '--preset: unknown "huge"'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.bin'], '--out: the checkpoint path must end in .json'],
    [['--model', 'cnp', '--steps', 'x', '--out', 'a.json'], '--steps: expected an integer >= 1'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--protocol', 'gp-tnpkr', '--dim', '3'], 'dim: expected an integer in [1, 2], got 3'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--kernel', 'matern52'], "kernel: 'matern52' is not one of rbf, matern, periodic"],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--lr', '0'], '--lr: expected a number > 0'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--backend', 'gpu'], '--backend: unknown "gpu"'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--protocol', 'bo-prior', '--noise', '0.01'], '--noise: expected LOW,HIGH'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--protocol', 'bo-prior', '--noise', '0.1,0.01'], 'noise: expected [low, high] with 0 < low ≤ high'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--protocol', 'bo-prior', '--noise', '0,0.01'], 'noise: expected [low, high] with 0 < low ≤ high'],
    [['--model', 'cnp', '--steps', '5', '--out', 'a.json', '--noise', '1e-4,1e-2'], 'noise: only the bo-prior protocol'],
  ])('train rejects %j', (args, message) => {
    expect(() => parseTrainArgs(args)).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringContaining(message) }));
  });

  it('eval: checkpoint names resolve in the weights folder, paths as given', () => {
    const weights = mkdtempSync(path.join(tmpdir(), 'tnpbo-weights-'));
    writeFileSync(path.join(weights, 'tnp-kr-sa-gp1d.json'), '{}');
    expect(resolveCheckpoint('tnp-kr-sa-gp1d', weights)).toBe(path.join(weights, 'tnp-kr-sa-gp1d.json'));
    expect(resolveCheckpoint(path.join(weights, 'tnp-kr-sa-gp1d'), weights)).toBe(path.join(weights, 'tnp-kr-sa-gp1d.json'));
    expect(() => resolveCheckpoint('other', weights)).toThrow(`--model: no committed checkpoint named "other" (no file ${path.join(weights, 'other.json')})`);
    expect(() => resolveCheckpoint('gone/x.json', weights)).toThrow('--model: no checkpoint file gone/x.json');
    const command = parseEvalArgs(['--model', 'tnp-kr-sa-gp1d', '--protocol', 'gp-tnpkr', '--kernel', 'matern', '--batches', '10', '--seed', '2', '--json'], weights);
    expect(command).toEqual({ model: 'tnp-kr-sa-gp1d', file: path.join(weights, 'tnp-kr-sa-gp1d.json'), protocol: 'gp-tnpkr', kernel: 'matern', batches: 10, seed: 2, json: true });
  });

  it.each([
    [['--model', 'x.json', '--protocol', 'gp-standard', '--kernel', 'cosine', '--batches', '2'], '--kernel: unknown "cosine"'],
    [['--model', 'x.json', '--protocol', 'bo-prior', '--batches', '2'], '--protocol: unknown "bo-prior"'],
    [['--model', 'x.json', '--protocol', 'gp-standard', '--batches', '0'], '--batches: expected an integer >= 1'],
    [['--model', 'x.json', '--batches', '2'], '--protocol is required'],
    [['--protocol', 'gp-standard', '--batches', '2'], '--model is required'],
    [['--model', 'x.json', '--protocol', 'gp-standard'], '--batches is required'],
  ])('eval rejects %j', (args, message) => {
    expect(() => parseEvalArgs(args)).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringContaining(message) }));
  });
});
