import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CellResult, ModelTableDocument, TrainedRow } from '../../src/bench/np-models/document.js';
import { tnpbo } from '../cli/tnpbo.js';

/** The compiled script; `npm test` builds before testing. */
const SCRIPT = fileURLToPath(new URL('../../dist/scripts/bench-models.js', import.meta.url));

const root = mkdtempSync(path.join(tmpdir(), 'tnpbo-bench-models-'));
const ARGS = ['--weights', 'w', '--runs', 'runs', '--out', 'out', '--cache', 'cache', '--batches', '2', '--kernels', 'rbf,periodic'];

function benchModels(args: string[]): { code: number | null; stderr: string; doc: ModelTableDocument; md: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...ARGS, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return {
    code: r.status,
    stderr: r.stderr,
    doc: JSON.parse(readFileSync(path.join(root, 'out/models.json'), 'utf8')) as ModelTableDocument,
    md: readFileSync(path.join(root, 'out/models.md'), 'utf8'),
  };
}

function train(model: string, out: string, seed: string): void {
  const r = tnpbo(['train', '--model', model, '--preset', 'tiny', '--steps', '4', '--validate-every', '2', '--validation-batches', '2', '--log-every', '1', '--seed', seed, '--out', out], root);
  expect(r.code, r.stderr).toBe(0);
}

function copyCheckpoint(from: string, to: string, edit: (manifest: Record<string, Record<string, unknown>>) => void = () => {}): void {
  const manifest = JSON.parse(readFileSync(path.join(root, `${from}.json`), 'utf8'));
  edit(manifest);
  manifest.weights.file = `${path.basename(to)}.bin`;
  writeFileSync(path.join(root, `${to}.json`), JSON.stringify(manifest));
  copyFileSync(path.join(root, `${from}.bin`), path.join(root, `${to}.bin`));
}

const trainedRows = (doc: ModelTableDocument): Record<string, TrainedRow> =>
  Object.fromEntries(doc.rows.filter((r): r is TrainedRow => r.status === 'trained').map((r) => [r.model, r]));

describe('scripts/bench-models (process)', () => {
  it('scores every trained checkpoint next to the oracle, keeps the others as honest rows, and resumes from its cache', () => {
    mkdirSync(path.join(root, 'w'));
    train('cnp', 'w/cnp-gp1d.json', '3'); // its log lies next to the checkpoint
    train('np', 'runs/np-gp1d/np-gp1d.json', '3'); // a training run whose best checkpoint was committed
    copyCheckpoint('runs/np-gp1d/np-gp1d', 'w/np-gp1d');
    copyCheckpoint('runs/np-gp1d/np-gp1d', 'w/cmanp-gp1d', (m) => {
      m.model.name = 'cmanp'; // readable, but the child cannot build a CMANP from the NP's configuration
    });

    const first = benchModels(['--models', 'cnp,np,cmanp,tnp-d']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.doc).toMatchObject({ protocol: 'gp-standard', batches: 2, seed: 0, kernels: ['rbf', 'periodic'] });
    expect(first.doc.command).toBe('npm run bench:models -- --batches 2 --seed 0 --models cnp,np,cmanp,tnp-d --kernels rbf,periodic --weights w --runs runs --out out');
    expect(first.doc.rows.map((r) => [r.model, r.status])).toEqual([['cnp', 'trained'], ['np', 'trained'], ['cmanp', 'trained'], ['tnp-d', 'not trained yet']]);
    const rows = trainedRows(first.doc);
    for (const model of ['cnp', 'np']) {
      const cells = rows[model].cells as CellResult[];
      expect(cells.map((c) => [c.kernel, c.batches, c.tasks])).toEqual([['rbf', 2, 32], ['periodic', 2, 32]]);
      for (const c of cells) for (const x of [c.logLikelihood, c.standardError, c.oracleLogLikelihood, c.oracleStandardError]) expect(Number.isFinite(x)).toBe(true);
    }
    // The same tasks for every model: the oracle scores agree exactly.
    expect(rows.np.cells.map((c) => (c as CellResult).oracleLogLikelihood)).toEqual(rows.cnp.cells.map((c) => (c as CellResult).oracleLogLikelihood));
    expect(rows.cmanp.cells.map((c) => ('error' in c ? c.kernel : 'no error'))).toEqual(['rbf', 'periodic']);
    const manifest = JSON.parse(readFileSync(path.join(root, 'w/cnp-gp1d.json'), 'utf8'));
    expect(rows.cnp).toMatchObject({ sha256: manifest.weights.sha256, preset: 'tiny', parameters: manifest.weights.byteLength / 4, fixedParameters: 0, metric: 'marginal per point' });
    expect(rows.cnp.training).toMatchObject({ bestStep: 4, plannedSteps: 4, log: { file: 'w/cnp-gp1d.log.jsonl', completedSteps: 4 } });
    expect(rows.np.training.log).toMatchObject({ file: 'runs/np-gp1d/np-gp1d.log.jsonl', completedSteps: 4 });
    expect(rows.np.metric).toBe('marginal per point; per-target log-mean-exp over 50 draws of z ~ q(z|C)');

    expect(first.md).toMatch(/^\| oracle GP .* \| -?\d\.\d{3} ± \d\.\d{3} \| -?\d\.\d{3} ± \d\.\d{3} \| – \|$/m);
    expect(first.md).toMatch(/^\| cnp \(tiny\) \| marginal per point \| [\d,]+ \| best 4<br>run 4 of 4 \| [\d.]+ s to best<br>[\d.]+ s run \| -?\d\.\d{3} ± \d\.\d{3}<br>gap \d\.\d{3} \| .* \| 0\.26 \/ 0\.04 \(approximate, unverified\) \|$/m);
    expect(first.md).toContain('| tnp-d | – | – | not trained yet | – | not trained yet | not trained yet | 1.39 ± 0.00 / 0.95 ± 0.01 (approximate, unverified) |');
    expect(first.md).toContain('* cmanp on RBF: evaluation failed: ');
    expect(first.stderr).not.toContain('(cached)');

    // A second run repeats no finished cell (failed ones are retried).
    const second = benchModels(['--models', 'cnp,np,cmanp,tnp-d']);
    expect(second.code).toBe(0);
    expect(second.stderr.match(/\(cached\)/g)).toHaveLength(4);
    expect(trainedRows(second.doc).np.cells).toEqual(rows.np.cells);

    // A retrained checkpoint (new weights) is evaluated again; the old run log no longer matches it.
    train('cnp', 'retrain/cnp-gp1d.json', '4');
    copyCheckpoint('retrain/cnp-gp1d', 'w/cnp-gp1d');
    const third = benchModels(['--models', 'cnp', '--kernels', 'rbf']);
    expect(third.code).toBe(0);
    expect(third.stderr).not.toContain('(cached)');
    const retrained = trainedRows(third.doc).cnp;
    expect(retrained.sha256).not.toBe(rows.cnp.sha256);
    expect(retrained.training.log).toMatchObject({ file: 'w/cnp-gp1d.log.jsonl', notRecorded: expect.stringMatching(/^run log: step 4 does not record the checkpoint's best validation/) });
    expect(third.md).toContain('| not recorded |');
  });

  it('rejects bad options with exit code 2 and a one-line reason', () => {
    for (const [args, message] of [
      [['--batches', '0'], '--batches: expected an integer >= 1, got "0"'],
      [['--models', 'cnp,gpt'], '--models: unknown "gpt"'],
      [['--kernels', 'matern32'], '--kernels: unknown "matern32"'],
    ] as const) {
      const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`bench-models: ${message}`);
    }
  });
});
