import { describe, expect, it } from 'vitest';
import { MODEL_NAMES, PRESET_NAMES, resolveModelConfig, validateModelConfig, type ModelSpec } from '../../../surrogates/models/index.js';

describe('model configurations', () => {
  it('resolves every family and preset into a complete configuration that resolves to itself', () => {
    for (const name of MODEL_NAMES) {
      for (const preset of PRESET_NAMES) {
        const config = resolveModelConfig({ name, preset, xDim: 3 } as ModelSpec);
        expect(config.name).toBe(name);
        expect(config.preset).toBe(preset);
        expect(config.xDim).toBe(3);
        expect(resolveModelConfig(config)).toEqual(config);
        expect(validateModelConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
      }
    }
  });

  it('defaults: paper preset, 1-D, tnp-kr = the scan variant; the papers σ rules, the BO floor on the small presets', () => {
    const sa = resolveModelConfig({ name: 'tnp-kr' });
    expect(sa).toMatchObject({ name: 'tnp-kr-sa', preset: 'paper', xDim: 1, yDim: 1, dModel: 64, blocks: 6, heads: 4, keyDim: 32 });
    expect(sa).toMatchObject({ stdTransform: 'softplus', minStd: 0, biasBasis: 5, tokenCoords: true, embedHidden: [256, 128] });
    expect(resolveModelConfig({ name: 'tnp-kr-performer' })).toMatchObject({ embedHidden: [512, 128], performerFeatures: 128 });
    expect(resolveModelConfig({ name: 'tnp-d' })).toMatchObject({ stdTransform: 'exp', minStd: 0 });
    expect(resolveModelConfig({ name: 'cmanp' })).toMatchObject({ stdTransform: 'exp', minStd: 0, latents: 128, layers: 6 });
    expect(resolveModelConfig({ name: 'cnp', preset: 'small' })).toMatchObject({ stdTransform: 'softplus', minStd: 0.1 });
    for (const name of ['tnp-kr-sa', 'tnp-d', 'cmanp'] as const) {
      expect(resolveModelConfig({ name, preset: 'small' })).toMatchObject({ stdTransform: 'softplus', minStd: 0.01, dModel: 64 });
    }
    expect(resolveModelConfig({ name: 'np', preset: 'tiny', evaluationSamples: 20 })).toMatchObject({ evaluationSamples: 20, trainingSamples: 4 });
  });

  it('rejects unknown names, presets and fields, bad values and inconsistent combinations, naming the field', () => {
    expect(() => resolveModelConfig({ name: 'tnp-x' } as unknown as ModelSpec)).toThrow(/name "tnp-x" is not one of tnp-kr, tnp-kr-sa/);
    expect(() => resolveModelConfig({ name: 'cnp', preset: 'huge' })).toThrow(/model cnp: preset "huge" is not one of paper, small, tiny/);
    expect(() => resolveModelConfig({ name: 'cnp', dModel: 3 } as unknown as ModelSpec)).toThrow(/model config \(cnp\): unknown field 'dModel'/);
    expect(() => resolveModelConfig({ name: 'tnp-d', layers: 0 })).toThrow(/layers must be a positive integer, got 0/);
    expect(() => resolveModelConfig({ name: 'tnp-d', minStd: 1 })).toThrow(/minStd must be a number in \[0, 1\), got 1/);
    expect(() => resolveModelConfig({ name: 'tnp-kr-sa', embedHidden: [64, 0] })).toThrow(/embedHidden must be a list of positive integers/);
    expect(() => resolveModelConfig({ name: 'tnp-kr-sa', attention: 'sparse' } as unknown as ModelSpec)).toThrow(/attention must be one of auto, dense, scan/);
    expect(() => resolveModelConfig({ name: 'tnp-kr-sa', heads: 3 })).toThrow(/dModel 64 must be a multiple of heads 3/);
    expect(() => resolveModelConfig({ name: 'tnp-kr-performer', tokenCoords: false })).toThrow(/without location information/);
    const { blocks: _dropped, ...incomplete } = resolveModelConfig({ name: 'tnp-kr-dka' }) as unknown as Record<string, unknown>;
    expect(() => validateModelConfig(incomplete)).toThrow(/model config \(tnp-kr-dka\): field 'blocks' is missing/);
    expect(() => validateModelConfig([1])).toThrow(/model config: must be an object/);
  });
});
