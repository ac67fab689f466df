import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NP_SURROGATE_NAMES, readShippedManifest, ShippedWeightsError, shippedWeightsFile, WEIGHTS_DIR_ENV_VAR, weightsDirectory } from '../src/shipped-weights.js';

describe('shipped weights', () => {
  const saved = process.env[WEIGHTS_DIR_ENV_VAR];
  afterEach(() => {
    if (saved === undefined) delete process.env[WEIGHTS_DIR_ENV_VAR];
    else process.env[WEIGHTS_DIR_ENV_VAR] = saved;
  });

  it('maps every NP surrogate name to <architecture>-bo.json, tnp-kr to TNP-KR with scan attention', () => {
    delete process.env[WEIGHTS_DIR_ENV_VAR];
    expect(weightsDirectory()).toBe(path.resolve('surrogates', 'weights'));
    expect(shippedWeightsFile('tnp-kr', '/w')).toBe(path.join('/w', 'tnp-kr-sa-bo.json'));
    expect(NP_SURROGATE_NAMES.map((name) => path.basename(shippedWeightsFile(name, '/w')))).toEqual([
      'tnp-kr-sa-bo.json', 'tnp-kr-sa-bo.json', 'tnp-kr-dka-bo.json', 'tnp-kr-performer-bo.json', 'tnp-d-bo.json', 'cnp-bo.json', 'np-bo.json', 'cmanp-bo.json',
    ]);
    process.env[WEIGHTS_DIR_ENV_VAR] = 'my-weights';
    expect(weightsDirectory()).toBe(path.resolve('my-weights'));
  });

  it('reads a manifest, and names the file and the problem when it is missing, not JSON or not a checkpoint', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tnpbo-manifest-'));
    const file = (name: string, text: string): string => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const sha256 = 'c0'.repeat(32);
    const good = file('good.json', JSON.stringify({ format: 'tnpbo-checkpoint', model: { name: 'cnp', xDim: 8 }, training: { protocol: 'bo-prior' }, weights: { sha256 } }));
    expect(readShippedManifest(good)).toEqual({ file: good, model: { name: 'cnp', xDim: 8 }, training: { protocol: 'bo-prior' }, weightsSha256: sha256 });
    const cases: [string, string][] = [
      [path.join(dir, 'none.json'), `weights file ${path.join(dir, 'none.json')}: missing`],
      [file('text.json', 'not json'), `weights file ${path.join(dir, 'text.json')}: corrupt (not valid JSON)`],
      [file('other.json', '{"format": "keras"}'), `weights file ${path.join(dir, 'other.json')}: not a tnpbo checkpoint (format "keras")`],
      [file('partial.json', '{"format": "tnpbo-checkpoint", "model": {"name": "cnp"}}'), 'corrupt (the model section lacks its name or input dimension)'],
      [file('unsigned.json', '{"format": "tnpbo-checkpoint", "model": {"name": "cnp", "xDim": 8}}'), 'corrupt (no weights.sha256)'],
    ];
    for (const [path_, message] of cases) {
      expect(() => readShippedManifest(path_)).toThrow(ShippedWeightsError);
      expect(() => readShippedManifest(path_)).toThrow(message);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the package', () => {
  it('ships every BO checkpoint and no other weights, within 10 MB', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as [{ files: { path: string; size: number }[] }];
    const weights = packed.files.filter((f) => f.path.startsWith('surrogates/weights/'));
    const expected = [...new Set(NP_SURROGATE_NAMES.map((name) => path.basename(shippedWeightsFile(name, '/w'), '.json')))];
    expect(weights.map((f) => f.path).sort()).toEqual(expected.flatMap((stem) => [`surrogates/weights/${stem}.bin`, `surrogates/weights/${stem}.json`]).sort());
    expect(weights.reduce((bytes, f) => bytes + f.size, 0)).toBeLessThanOrEqual(10e6);
  });
});
