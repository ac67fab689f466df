import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellCacheFile, readCachedCell, writeCachedCell, type CellKey } from '../../../src/bench/np-models/cell-cache.js';

const KEY: CellKey = { checkpoint: 'cnp-gp1d', kernel: 'rbf', sha256: 'ab'.repeat(32), batches: 1000, seed: 0 };

describe('cell cache', () => {
  it('stores and finds a result under its key only', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tnpbo-cell-cache-')), 'nested');
    expect(readCachedCell(dir, KEY)).toBeUndefined();
    writeCachedCell(dir, KEY, { logLikelihood: 1.25 });
    expect(readCachedCell(dir, KEY)).toEqual({ logLikelihood: 1.25 });
    for (const other of [{ ...KEY, sha256: 'cd'.repeat(32) }, { ...KEY, batches: 3000 }, { ...KEY, seed: 1 }, { ...KEY, kernel: 'matern' as const }]) {
      expect(cellCacheFile(dir, other)).not.toBe(cellCacheFile(dir, KEY));
      expect(readCachedCell(dir, other)).toBeUndefined();
    }
  });

  it('ignores a file whose stored key differs from the one asked for', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tnpbo-cell-cache-'));
    writeCachedCell(dir, KEY, { logLikelihood: 1 });
    const file = cellCacheFile(dir, KEY);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"batches": 1000', '"batches": 999'));
    expect(readCachedCell(dir, KEY)).toBeUndefined();
  });

  it('rejects keys that cannot name a file', () => {
    expect(() => cellCacheFile('c', { ...KEY, sha256: 'xyz' })).toThrow("sha256: expected 64 hex digits, got 'xyz'");
    expect(() => cellCacheFile('c', { ...KEY, checkpoint: '../cnp' })).toThrow("checkpoint: '../cnp' is not a plain file name");
  });
});
