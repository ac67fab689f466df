import { beforeAll, describe, expect, it } from 'vitest';
import { createModel, type ModelSpec } from '../../../surrogates/models/index.js';
import { useBackend } from '../backend/compare-backends.js';

/** Trainable parameters of a freshly built model. */
function trainableCount(spec: ModelSpec): number {
  const model = createModel(spec, 'count');
  const count = model.parameters().count(true);
  model.dispose();
  return count;
}

describe('parameter counts of the paper presets (models.md §1.5, §6–§8)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it.each([
    ['tnp-kr-sa', 1, 501_106],
    ['tnp-kr-sa', 2, 501_362],
    ['tnp-kr-dka', 1, 526_474],
    ['tnp-kr-dka', 2, 527_498],
    ['tnp-kr-performer', 1, 510_346],
    ['tnp-kr-performer', 2, 510_858],
    ['tnp-d', 1, 222_082],
    ['cnp', 1, 215_682],
    ['np', 1, 232_194],
    ['cmanp', 1, 1_341_634],
  ] as const)('%s with Dx = %i has %i trainable parameters', (name, xDim, expected) => {
    expect(trainableCount({ name, xDim })).toBe(expected);
  });

  it('the Performer random features are saved but not trained: 6 blocks × 128 × 32 extra scalars', () => {
    const model = createModel({ name: 'tnp-kr-performer' }, 'count');
    expect(model.parameters().count() - model.parameters().count(true)).toBe(6 * 128 * 32);
    model.dispose();
  });

  it('the head count of TNP-D does not change its size; the TI variant drops the coordinate slot of the embedding', () => {
    expect(trainableCount({ name: 'tnp-d', heads: 8 })).toBe(222_082);
    expect(trainableCount({ name: 'tnp-kr-sa', tokenCoords: false })).toBe(501_106 - 256);
  });
});
