/**
 * TNP-KR (models.md §1–§5). Tokens `[E_flag, x, y]` (context, flag 1) and `[E_flag, x, 0]` (targets, flag 0),
 * with a learned 2×4 flag table; one embedding MLP and LayerNorm shared by both streams; a stack of KRBlocks
 * (separate parameters per block); a final LayerNorm on the target stream and a Gaussian head with
 * `σ = minStd + (1 − minStd)·softplus(ρ)`.
 *
 * Variants differ only in the blocks' attention: `tnp-kr-sa` softmax attention (scan or dense) with a TISA
 * distance bias, `tnp-kr-dka` deep kernel attention, `tnp-kr-performer` FAVOR+. With `tokenCoords: false` the
 * `x` slot is dropped from the tokens; the scan variant is then invariant to translations of all inputs.
 */

import * as tf from '@tensorflow/tfjs';
import { DeepKernelAttention, type KernelSummary } from '../attention/deep-kernel-attention.js';
import { MultiHeadAttention } from '../attention/multi-head-attention.js';
import { PerformerAttention, type FavorSummary } from '../attention/performer-attention.js';
import { MAX_DEFAULT_CHUNK } from '../attention/scan-attention.js';
import { TisaBias } from '../attention/tisa-bias.js';
import { normal } from '../nn/initializers.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { MLP } from '../nn/mlp.js';
import type { ParameterScope } from '../nn/parameters.js';
import { BaseNeuralProcess } from './base-model.js';
import type { TnpKrConfig } from './config.js';
import {
  DeepKernelContextAttention, PerformerContextAttention, ProjectedAttention, type ContextAttention, type ProjectedKeys,
} from './context-attention.js';
import { encodeContextStack, jointContextStack, readContextStack } from './context-reader.js';
import { GaussianHead } from './gaussian-head.js';
import { KrBlock } from './kr-block.js';
import type { NpBatch, Prediction } from './neural-process.js';

/** Width of the observed-flag embedding. */
export const FLAG_WIDTH = 4;

/** What a block's attention keeps of the context, per variant. */
export type KrKeys = ProjectedKeys | KernelSummary | FavorSummary;

/** TNP-KR's context encoding: every block's keys. */
export type TnpKrEncoding = {
  readonly batchSize: number;
  readonly keys: KrKeys[];
};

/** TNP-KR in any of its three variants. */
export class TnpKr extends BaseNeuralProcess<TnpKrConfig, TnpKrEncoding> {
  /** Observed-flag table `[2, 4]`: row 1 for context tokens, row 0 for targets. */
  readonly flags: tf.Variable;
  readonly embed: MLP;
  readonly embedNorm: LayerNorm;
  readonly blocks: readonly KrBlock<KrKeys>[];
  readonly finalNorm: LayerNorm;
  readonly head: GaussianHead;
  private readonly performers: PerformerAttention[] = [];

  constructor(config: TnpKrConfig, seed: string | number) {
    super(config, seed);
    const { dModel, xDim, yDim } = config;
    const tokenWidth = FLAG_WIDTH + (config.tokenCoords ? xDim : 0) + yDim;
    this.flags = this.store.create('flags', [2, FLAG_WIDTH], normal(1));
    this.embed = new MLP(this.store.scope('embed'), tokenWidth, [...config.embedHidden, dModel], { activation: 'gelu' });
    this.embedNorm = new LayerNorm(this.store.scope('embedNorm'), dModel);
    this.blocks = Array.from({ length: config.blocks }, (_, i) => {
      const params = this.store.scope(`block${i}`);
      return new KrBlock<KrKeys>(params, dModel, config.ffnHidden, this.blockAttention(params));
    });
    this.finalNorm = new LayerNorm(this.store.scope('finalNorm'), dModel);
    this.head = new GaussianHead(this.store.scope('head'), {
      inputSize: dModel, hidden: config.headHidden, yDim, activation: 'gelu', stdTransform: config.stdTransform, minStd: config.minStd,
    });
  }

  /** The attention of one block, by variant. */
  private blockAttention(params: ParameterScope): ContextAttention<KrKeys> {
    const c = this.config;
    switch (c.name) {
      case 'tnp-kr-sa': {
        const bias = new TisaBias(params.scope('bias'), { heads: c.heads, basis: c.biasBasis, init: c.biasInit, cMax: c.biasCMax });
        return new ProjectedAttention(new MultiHeadAttention(params.scope('attention'), {
          inputDim: c.dModel, heads: c.heads, keyDim: c.keyDim, valueSizes: [c.valueHidden, c.dModel], valueActivation: 'relu',
          outputDim: c.dModel, bias, ...(c.scanChunk > 0 ? { queryChunk: c.scanChunk, keyChunk: c.scanChunk } : {}),
        }), c.attention) as ContextAttention<KrKeys>;
      }
      case 'tnp-kr-dka':
        return new DeepKernelContextAttention(new DeepKernelAttention(params.scope('attention'), {
          inputDim: c.dModel, locationDim: c.xDim, featureSizes: [c.dkaFeatures, c.dkaFeatures], valueSizes: [c.valueHidden, c.dModel],
          activation: 'gelu',
        })) as ContextAttention<KrKeys>;
      case 'tnp-kr-performer': {
        const performer = new PerformerAttention(params.scope('attention'), {
          inputDim: c.dModel, heads: c.heads, headDim: c.keyDim, outputDim: c.dModel, features: c.performerFeatures,
          redrawEvery: c.performerRedrawEvery,
        });
        this.performers.push(performer);
        return new PerformerContextAttention(performer) as ContextAttention<KrKeys>;
      }
    }
  }

  /** Embedded tokens `[B, N, d]` of points `x` with values `y` (context) or without (targets: value slot 0). */
  private tokens(x: tf.Tensor3D, y?: tf.Tensor3D): tf.Tensor3D {
    const [batch, points] = x.shape;
    const flag = tf.reshape(tf.slice(this.flags, [y === undefined ? 0 : 1, 0], [1, FLAG_WIDTH]), [1, 1, FLAG_WIDTH]);
    const parts: tf.Tensor[] = [tf.mul(tf.ones([batch, points, 1]), flag)];
    if (this.config.tokenCoords) parts.push(x);
    parts.push(y ?? tf.zeros([batch, points, this.config.yDim]));
    return this.embedNorm.apply(this.embed.apply(tf.concat(parts, 2))) as tf.Tensor3D;
  }

  private predictionFrom(targetStream: tf.Tensor3D): Prediction {
    return this.head.apply(this.finalNorm.apply(targetStream));
  }

  protected encodeContext(xc: tf.Tensor3D, yc: tf.Tensor3D, ctxMask?: tf.Tensor2D): TnpKrEncoding {
    return { batchSize: xc.shape[0], keys: encodeContextStack(this.blocks, this.tokens(xc, yc), xc, ctxMask) };
  }

  protected decodeTargets(encoding: TnpKrEncoding, xt: tf.Tensor3D): Prediction {
    return this.predictionFrom(readContextStack(this.blocks, encoding.keys, this.tokens(xt), xt));
  }

  protected override targetPrediction(batch: NpBatch): Prediction {
    const { xc, yc, xt, ctxMask } = batch;
    return this.predictionFrom(jointContextStack(this.blocks, this.tokens(xc, yc), xc, this.tokens(xt), xt, ctxMask));
  }

  protected targetFootprint(numContext: number): number {
    const c = this.config;
    const attention = {
      'tnp-kr-sa': c.heads * (c.attention === 'dense' ? numContext : Math.min(numContext, c.scanChunk || MAX_DEFAULT_CHUNK)),
      'tnp-kr-dka': c.dkaFeatures,
      'tnp-kr-performer': c.heads * c.performerFeatures,
    }[c.name];
    return Math.max(attention, c.ffnHidden, c.valueHidden, c.dModel, ...c.embedHidden, ...c.headHidden);
  }

  /** Redraws the Performer features when `performerRedrawEvery` divides `step` (no-op for other variants). */
  override afterTrainingStep(step: number): void {
    for (const performer of this.performers) performer.maybeRedraw(step);
  }
}
