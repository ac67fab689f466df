/**
 * Size presets and the resolution of a partial model specification into a complete {@link ModelConfig}.
 *
 * - `paper`: the published architectures, exactly (parameter counts of models.md §1.5, §6–§8) and the papers' σ
 *   rules (TNP-KR softplus without floor, TNP-D/CMANP `exp`, CNP/NP `0.1 + 0.9·softplus`).
 * - `small`: sized for training on a CPU in minutes to an hour (d = 64, 3 blocks for the transformers), with
 *   the toolkit's BO floor σ ≥ 0.01 (standardised units) on every model whose paper rule has no floor.
 * - `tiny`: for tests and smoke runs (d = 16, 2 blocks).
 */

import {
  MODEL_NAMES, validateModelConfig, type CmanpConfig, type CnpConfig, type LatentNpConfig, type ModelConfig,
  type ModelName, type TnpDConfig, type TnpKrConfig, type TnpKrVariant,
} from './config.js';

/** Preset names. */
export type PresetName = 'paper' | 'small' | 'tiny';

/** Every preset name. */
export const PRESET_NAMES: readonly PresetName[] = ['paper', 'small', 'tiny'];

/** `tnp-kr` names the default TNP-KR variant. */
export const DEFAULT_TNP_KR: TnpKrVariant = 'tnp-kr-sa';

/** The fields a preset fills in (everything but the name, preset and dimensions). */
type PresetFields<C extends ModelConfig> = Omit<C, 'name' | 'preset' | 'xDim' | 'yDim'>;

/** The BO floor of the `small` and `tiny` presets. */
const BO_STD = { stdTransform: 'softplus', minStd: 0.01 } as const;

function tnpKrPreset(variant: TnpKrVariant, preset: PresetName): PresetFields<TnpKrConfig> {
  const shared = { biasInit: 'spread', biasCMax: 2, attention: 'auto', scanChunk: 0, performerRedrawEvery: 0, tokenCoords: true } as const;
  switch (preset) {
    case 'paper':
      return {
        ...shared, stdTransform: 'softplus', minStd: 0,
        dModel: 64, blocks: 6, embedHidden: variant === 'tnp-kr-performer' ? [512, 128] : [256, 128], ffnHidden: 256,
        headHidden: [256, 64], heads: 4, keyDim: 32, valueHidden: 128, biasBasis: 5, dkaFeatures: 128, performerFeatures: 128,
      };
    case 'small':
      return {
        ...shared, ...BO_STD,
        dModel: 64, blocks: 3, embedHidden: [128], ffnHidden: 128, headHidden: [128], heads: 4, keyDim: 16, valueHidden: 64,
        biasBasis: 5, dkaFeatures: 64, performerFeatures: 64,
      };
    case 'tiny':
      return {
        ...shared, ...BO_STD,
        dModel: 16, blocks: 2, embedHidden: [32], ffnHidden: 32, headHidden: [32], heads: 2, keyDim: 8, valueHidden: 16,
        biasBasis: 3, dkaFeatures: 16, performerFeatures: 16,
      };
  }
}

function tnpDPreset(preset: PresetName): PresetFields<TnpDConfig> {
  switch (preset) {
    case 'paper':
      return { stdTransform: 'exp', minStd: 0, dModel: 64, layers: 6, embedDepth: 4, heads: 4, ffnHidden: 128, headHidden: 128 };
    case 'small':
      return { ...BO_STD, dModel: 64, layers: 3, embedDepth: 4, heads: 4, ffnHidden: 128, headHidden: 128 };
    case 'tiny':
      return { ...BO_STD, dModel: 16, layers: 2, embedDepth: 2, heads: 2, ffnHidden: 32, headHidden: 32 };
  }
}

function cnpPreset(preset: PresetName): PresetFields<CnpConfig> {
  const hidden = { paper: 128, small: 64, tiny: 16 }[preset];
  return { stdTransform: 'softplus', minStd: 0.1, hidden, encoderPreDepth: 4, encoderPostDepth: 2, decoderDepth: 3 };
}

function latentNpPreset(preset: PresetName): PresetFields<LatentNpConfig> {
  return { ...cnpPreset(preset), latentDim: { paper: 128, small: 64, tiny: 8 }[preset], trainingSamples: 4, evaluationSamples: 50 };
}

function cmanpPreset(preset: PresetName): PresetFields<CmanpConfig> {
  switch (preset) {
    case 'paper':
      return { stdTransform: 'exp', minStd: 0, dModel: 64, latents: 128, layers: 6, heads: 4, ffnHidden: 128, embedDepth: 4, headHidden: 128 };
    case 'small':
      return { ...BO_STD, dModel: 64, latents: 32, layers: 3, heads: 4, ffnHidden: 128, embedDepth: 4, headHidden: 128 };
    case 'tiny':
      return { ...BO_STD, dModel: 16, latents: 8, layers: 2, heads: 2, ffnHidden: 16, embedDepth: 2, headHidden: 32 };
  }
}

/** The preset's values for a family. */
function presetFields(name: ModelName, preset: PresetName): PresetFields<ModelConfig> {
  switch (name) {
    case 'tnp-kr-sa':
    case 'tnp-kr-dka':
    case 'tnp-kr-performer':
      return tnpKrPreset(name, preset);
    case 'tnp-d':
      return tnpDPreset(preset);
    case 'cnp':
      return cnpPreset(preset);
    case 'np':
      return latentNpPreset(preset);
    case 'cmanp':
      return cmanpPreset(preset);
  }
}

/** Fields of a family's configuration that a specification may set. */
type Overrides<C extends ModelConfig> = Partial<Omit<C, 'name' | 'preset'>>;

/**
 * A model to build: a registry name (`tnp-kr` = {@link DEFAULT_TNP_KR}), an optional preset (default `paper`),
 * dimensions (default 1 and 1) and any configuration field to override. A complete {@link ModelConfig} is a spec.
 */
export type ModelSpec =
  | ({ readonly name: TnpKrVariant | 'tnp-kr'; readonly preset?: string } & Overrides<TnpKrConfig>)
  | ({ readonly name: 'tnp-d'; readonly preset?: string } & Overrides<TnpDConfig>)
  | ({ readonly name: 'cnp'; readonly preset?: string } & Overrides<CnpConfig>)
  | ({ readonly name: 'np'; readonly preset?: string } & Overrides<LatentNpConfig>)
  | ({ readonly name: 'cmanp'; readonly preset?: string } & Overrides<CmanpConfig>);

/**
 * The complete configuration for `spec`: the preset's values (dimensions 1 and 1), then the spec's fields (those
 * set to `undefined` count as absent); validated
 * (unknown fields, out-of-range values and inconsistent combinations are errors naming the field). Resolving a
 * complete configuration returns an equal one.
 */
export function resolveModelConfig(spec: ModelSpec): ModelConfig {
  const name: ModelName = spec.name === 'tnp-kr' ? DEFAULT_TNP_KR : spec.name;
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new Error(`model: name ${JSON.stringify(spec.name)} is not one of tnp-kr, ${MODEL_NAMES.join(', ')}`);
  }
  const preset = spec.preset ?? 'paper';
  if (!(PRESET_NAMES as readonly string[]).includes(preset)) {
    throw new Error(`model ${name}: preset ${JSON.stringify(preset)} is not one of ${PRESET_NAMES.join(', ')}`);
  }
  const given = Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined));
  const merged = Object.assign({ name, preset, xDim: 1, yDim: 1 }, presetFields(name, preset as PresetName), given, { name });
  return validateModelConfig(merged);
}
