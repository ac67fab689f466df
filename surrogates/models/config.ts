/**
 * Model configurations: one serialisable record per model family (what a checkpoint stores to rebuild the
 * model), and the field-by-field check that a record read from JSON is complete and well formed.
 */

import type { BiasInit } from '../attention/tisa-bias.js';
import type { SoftmaxMechanism } from './context-attention.js';

/** The three TNP-KR variants: scan attention with a kernel bias, deep kernel attention, Performer. */
export type TnpKrVariant = 'tnp-kr-sa' | 'tnp-kr-dka' | 'tnp-kr-performer';

/** Registry names of the models (models.md §0). */
export type ModelName = TnpKrVariant | 'tnp-d' | 'cnp' | 'np' | 'cmanp';

/** Every registry name, in documentation order. */
export const MODEL_NAMES: readonly ModelName[] = ['tnp-kr-sa', 'tnp-kr-dka', 'tnp-kr-performer', 'tnp-d', 'cnp', 'np', 'cmanp'];

/** How a raw head output ρ becomes a standard deviation: `minStd + (1 − minStd)·f(ρ)` with f = softplus or exp. */
export type StdTransform = 'softplus' | 'exp';

/** Fields every model has. */
export interface BaseModelConfig {
  readonly name: ModelName;
  /** The preset the sizes started from (informational once resolved). */
  readonly preset: string;
  /** Input dimension Dx. */
  readonly xDim: number;
  /** Output dimension Dy. */
  readonly yDim: number;
  /** The σ rule of the Gaussian head. */
  readonly stdTransform: StdTransform;
  /** Floor of the predictive standard deviation, in `[0, 1)`. */
  readonly minStd: number;
}

/** TNP-KR (models.md §1–§5). */
export interface TnpKrConfig extends BaseModelConfig {
  readonly name: TnpKrVariant;
  /** Token width d. */
  readonly dModel: number;
  /** Number of KRBlocks (separate parameters each). */
  readonly blocks: number;
  /** Hidden sizes of the token embedding MLP (its output is `dModel`). */
  readonly embedHidden: readonly number[];
  /** Hidden width of each block's feed-forward MLP `[ffnHidden, dModel]`. */
  readonly ffnHidden: number;
  /** Hidden sizes of the Gaussian head MLP (its output is `2·yDim`). */
  readonly headHidden: readonly number[];
  /** Attention heads (scan and Performer variants). */
  readonly heads: number;
  /** Per-head query/key width (scan and Performer; Performer values too). */
  readonly keyDim: number;
  /** Hidden width of the value MLP `[valueHidden, dModel]` (scan and DKA variants). */
  readonly valueHidden: number;
  /** Gaussian bumps per head of the TISA distance bias (scan variant). */
  readonly biasBasis: number;
  /** Initialisation of the bias bumps (scan variant). */
  readonly biasInit: BiasInit;
  /** Largest initial bump centre for the 'spread' initialisation (scan variant). */
  readonly biasCMax: number;
  /** How softmax attention is computed (scan variant); see {@link SoftmaxMechanism}. All give the same results. */
  readonly attention: SoftmaxMechanism;
  /** Query and key chunk length of scan attention; 0 = automatic (at most 1024, within a 16 MiB block). */
  readonly scanChunk: number;
  /** Deep-kernel feature map Φ = MLP[dkaFeatures, dkaFeatures] (DKA variant). */
  readonly dkaFeatures: number;
  /** Random features m (Performer variant). */
  readonly performerFeatures: number;
  /** Redraw the Performer features every this many training steps (0 = never, the reference). */
  readonly performerRedrawEvery: number;
  /** Put raw coordinates into the tokens; false makes the scan variant translation invariant (§3.3). */
  readonly tokenCoords: boolean;
}

/** TNP-D (models.md §6). */
export interface TnpDConfig extends BaseModelConfig {
  readonly name: 'tnp-d';
  readonly dModel: number;
  /** Post-norm encoder layers. */
  readonly layers: number;
  /** Dense layers of the embedding MLP (each `dModel` wide, ReLU). */
  readonly embedDepth: number;
  readonly heads: number;
  /** Hidden width of the feed-forward `Dense(ffnHidden) → ReLU → Dense(dModel)`. */
  readonly ffnHidden: number;
  /** Hidden width of the head `Dense(headHidden) → ReLU → Dense(2·yDim)`. */
  readonly headHidden: number;
}

/** CNP (models.md §7.1). */
export interface CnpConfig extends BaseModelConfig {
  readonly name: 'cnp';
  /** Width of every hidden layer and of each encoder's representation. */
  readonly hidden: number;
  /** Dense layers before the mean pooling. */
  readonly encoderPreDepth: number;
  /** Dense layers after the mean pooling. */
  readonly encoderPostDepth: number;
  /** Dense layers of the decoder. */
  readonly decoderDepth: number;
}

/** Latent NP (models.md §7.2). */
export interface LatentNpConfig extends BaseModelConfig {
  readonly name: 'np';
  readonly hidden: number;
  /** Dimension of the latent z. */
  readonly latentDim: number;
  readonly encoderPreDepth: number;
  readonly encoderPostDepth: number;
  readonly decoderDepth: number;
  /** Importance samples K of the training objective (1: the KL form of the ELBO). */
  readonly trainingSamples: number;
  /** Samples of z for predictions and evaluation log-likelihoods. */
  readonly evaluationSamples: number;
}

/** CMANP (models.md §8). */
export interface CmanpConfig extends BaseModelConfig {
  readonly name: 'cmanp';
  readonly dModel: number;
  /** Latents L per block. */
  readonly latents: number;
  /** Constant-memory attention blocks (and decoder layers). */
  readonly layers: number;
  readonly heads: number;
  /** GEGLU hidden width. */
  readonly ffnHidden: number;
  /** Dense layers of the context and query embedders (each `dModel` wide, ReLU). */
  readonly embedDepth: number;
  /** Hidden width of the head `Dense(headHidden) → ReLU → Dense(2·yDim)`. */
  readonly headHidden: number;
}

/** The configuration of any model; `name` tells the family. */
export type ModelConfig = TnpKrConfig | TnpDConfig | CnpConfig | LatentNpConfig | CmanpConfig;

/** The check a field must pass. */
type FieldRule =
  | 'positiveInteger'
  | 'nonNegativeInteger'
  | 'positiveIntegerList'
  | 'positiveNumber'
  | 'unitInterval'
  | 'boolean'
  | 'string'
  | { readonly oneOf: readonly string[] };

const BASE_RULES: Readonly<Record<keyof BaseModelConfig, FieldRule>> = {
  name: { oneOf: MODEL_NAMES },
  preset: 'string',
  xDim: 'positiveInteger',
  yDim: 'positiveInteger',
  stdTransform: { oneOf: ['softplus', 'exp'] },
  minStd: 'unitInterval',
};

/** The fields of each family and their rules. */
const FAMILY_RULES: Readonly<Record<ModelName, Readonly<Record<string, FieldRule>>>> = (() => {
  const tnpKr: Record<Exclude<keyof TnpKrConfig, keyof BaseModelConfig>, FieldRule> = {
    dModel: 'positiveInteger',
    blocks: 'positiveInteger',
    embedHidden: 'positiveIntegerList',
    ffnHidden: 'positiveInteger',
    headHidden: 'positiveIntegerList',
    heads: 'positiveInteger',
    keyDim: 'positiveInteger',
    valueHidden: 'positiveInteger',
    biasBasis: 'positiveInteger',
    biasInit: { oneOf: ['spread', 'reference'] },
    biasCMax: 'positiveNumber',
    attention: { oneOf: ['auto', 'dense', 'scan'] },
    scanChunk: 'nonNegativeInteger',
    dkaFeatures: 'positiveInteger',
    performerFeatures: 'positiveInteger',
    performerRedrawEvery: 'nonNegativeInteger',
    tokenCoords: 'boolean',
  };
  const tnpD: Record<Exclude<keyof TnpDConfig, keyof BaseModelConfig>, FieldRule> = {
    dModel: 'positiveInteger',
    layers: 'positiveInteger',
    embedDepth: 'positiveInteger',
    heads: 'positiveInteger',
    ffnHidden: 'positiveInteger',
    headHidden: 'positiveInteger',
  };
  const cnp: Record<Exclude<keyof CnpConfig, keyof BaseModelConfig>, FieldRule> = {
    hidden: 'positiveInteger',
    encoderPreDepth: 'positiveInteger',
    encoderPostDepth: 'positiveInteger',
    decoderDepth: 'positiveInteger',
  };
  const np: Record<Exclude<keyof LatentNpConfig, keyof BaseModelConfig>, FieldRule> = {
    ...cnp,
    latentDim: 'positiveInteger',
    trainingSamples: 'positiveInteger',
    evaluationSamples: 'positiveInteger',
  };
  const cmanp: Record<Exclude<keyof CmanpConfig, keyof BaseModelConfig>, FieldRule> = {
    dModel: 'positiveInteger',
    latents: 'positiveInteger',
    layers: 'positiveInteger',
    heads: 'positiveInteger',
    ffnHidden: 'positiveInteger',
    embedDepth: 'positiveInteger',
    headHidden: 'positiveInteger',
  };
  return { 'tnp-kr-sa': tnpKr, 'tnp-kr-dka': tnpKr, 'tnp-kr-performer': tnpKr, 'tnp-d': tnpD, cnp, np, cmanp };
})();

/** Why `value` breaks `rule`, or undefined if it does not. */
function ruleViolation(rule: FieldRule, value: unknown): string | undefined {
  const isPositiveInteger = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
  switch (rule) {
    case 'positiveInteger':
      return isPositiveInteger(value) ? undefined : 'must be a positive integer';
    case 'nonNegativeInteger':
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : 'must be a non-negative integer';
    case 'positiveIntegerList':
      return Array.isArray(value) && value.every(isPositiveInteger) ? undefined : 'must be a list of positive integers';
    case 'positiveNumber':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : 'must be a positive number';
    case 'unitInterval':
      return typeof value === 'number' && value >= 0 && value < 1 ? undefined : 'must be a number in [0, 1)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    default:
      return typeof value === 'string' && rule.oneOf.includes(value) ? undefined : `must be one of ${rule.oneOf.join(', ')}`;
  }
}

/**
 * Checks that `raw` is a complete configuration of the family its `name` names: every field present and valid,
 * no unknown field, and the cross-field constraints of the family. Returns it typed (list fields copied).
 */
export function validateModelConfig(raw: unknown): ModelConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('model config: must be an object');
  const record = raw as Record<string, unknown>;
  const nameProblem = ruleViolation(BASE_RULES.name, record.name);
  if (nameProblem !== undefined) throw new Error(`model config: name ${JSON.stringify(record.name)} ${nameProblem}`);
  const name = record.name as ModelName;
  const rules: Record<string, FieldRule> = { ...BASE_RULES, ...FAMILY_RULES[name] };
  for (const key of Object.keys(record)) {
    if (!(key in rules)) throw new Error(`model config (${name}): unknown field '${key}'`);
  }
  for (const [key, rule] of Object.entries(rules)) {
    if (!(key in record)) throw new Error(`model config (${name}): field '${key}' is missing`);
    const problem = ruleViolation(rule, record[key]);
    if (problem !== undefined) throw new Error(`model config (${name}): ${key} ${problem}, got ${JSON.stringify(record[key])}`);
  }
  const config = Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]),
  ) as unknown as ModelConfig;
  checkFamilyConstraints(config);
  return config;
}

/** Constraints between fields that the per-field rules cannot express. */
function checkFamilyConstraints(config: ModelConfig): void {
  const where = `model config (${config.name})`;
  switch (config.name) {
    case 'tnp-kr-sa':
      if (config.dModel % config.heads !== 0) throw new Error(`${where}: dModel ${config.dModel} must be a multiple of heads ${config.heads}`);
      break;
    case 'tnp-kr-performer':
      if (!config.tokenCoords) {
        throw new Error(`${where}: tokenCoords false would leave the Performer variant without location information (it has no distance bias)`);
      }
      break;
    case 'tnp-d':
    case 'cmanp':
      if (config.dModel % config.heads !== 0) throw new Error(`${where}: dModel ${config.dModel} must be a multiple of heads ${config.heads}`);
      break;
    default:
      break;
  }
}
