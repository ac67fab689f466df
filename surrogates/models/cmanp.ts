/**
 * CMANP (models.md §8). Context points are embedded once (`embedDepth` ReLU layers on `[x, y]`); a stack of
 * constant-memory attention blocks turns learned initial latents into one latent set per block; targets are
 * embedded from x alone and, per block l, cross-attend to that block's latents and pass a GEGLU feed-forward
 * (both pre-normed as `f(LN(q)) + LN(q)`, the cross-attention also normalising its key/value input); a final
 * LayerNorm and a head `Dense(headHidden) → ReLU → Dense(2·Dy)` follow.
 *
 * The context enters only through each block's streaming summary, so {@link Cmanp.append} absorbs new points at
 * a cost independent of how many were absorbed before, and equals encoding all points at once.
 */

import * as tf from '@tensorflow/tfjs';
import { ConstantMemoryAttentionBlock, type CmabState } from '../attention/cmab.js';
import { GegluFeedForward } from '../attention/geglu-feed-forward.js';
import { LatentAttention } from '../attention/latent-attention.js';
import { normal } from '../nn/initializers.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { MLP } from '../nn/mlp.js';
import type { ParameterScope } from '../nn/parameters.js';
import { BaseNeuralProcess } from './base-model.js';
import type { CmanpConfig } from './config.js';
import { expandTo } from './expand.js';
import { GaussianHead } from './gaussian-head.js';
import { checkContext } from './inputs.js';
import type { Prediction } from './neural-process.js';

/** CMANP's context encoding: every block's streaming state and output latents `[B, L, d]`. */
export type CmanpEncoding = {
  readonly batchSize: number;
  readonly states: CmabState[];
  readonly latents: tf.Tensor3D[];
};

/** One decoder layer: targets read one block's latents. */
class CmanpDecoderLayer {
  readonly queryNorm: LayerNorm;
  readonly latentNorm: LayerNorm;
  readonly cross: LatentAttention;
  readonly feedForwardNorm: LayerNorm;
  readonly feedForward: GegluFeedForward;

  constructor(params: ParameterScope, config: CmanpConfig) {
    const { dModel, heads } = config;
    this.queryNorm = new LayerNorm(params.scope('queryNorm'), dModel);
    this.latentNorm = new LayerNorm(params.scope('latentNorm'), dModel);
    this.cross = new LatentAttention(params.scope('cross'), { dim: dModel, heads, headDim: dModel / heads });
    this.feedForwardNorm = new LayerNorm(params.scope('feedForwardNorm'), dModel);
    this.feedForward = new GegluFeedForward(params.scope('feedForward'), dModel, config.ffnHidden);
  }

  /** Targets `[B, Nt, d]` after reading `latents [B, L, d]`. */
  apply(targets: tf.Tensor, latents: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const query = this.queryNorm.apply(targets);
      const read = tf.add(this.cross.apply(query, this.latentNorm.apply(latents)), query);
      const normed = this.feedForwardNorm.apply(read);
      return tf.add(this.feedForward.apply(normed), normed);
    });
  }
}

/** CMANP; parameter groups `initialLatents`, `contextEmbed`, `block<l>`, `queryEmbed`, `decoder<l>`, `finalNorm`, `head`. */
export class Cmanp extends BaseNeuralProcess<CmanpConfig, CmanpEncoding> {
  /** The first block's incoming latents `[L, d]`. */
  readonly initialLatents: tf.Variable;
  readonly contextEmbed: MLP;
  readonly blocks: readonly ConstantMemoryAttentionBlock[];
  readonly queryEmbed: MLP;
  private readonly decoderLayers: readonly CmanpDecoderLayer[];
  readonly finalNorm: LayerNorm;
  readonly head: GaussianHead;

  constructor(config: CmanpConfig, seed: string | number) {
    super(config, seed);
    const { dModel, xDim, yDim, layers } = config;
    const embedSizes = Array(config.embedDepth).fill(dModel);
    this.initialLatents = this.store.create('initialLatents', [config.latents, dModel], normal(1));
    this.contextEmbed = new MLP(this.store.scope('contextEmbed'), xDim + yDim, embedSizes, { activation: 'relu' });
    this.blocks = Array.from({ length: layers }, (_, l) => new ConstantMemoryAttentionBlock(this.store.scope(`block${l}`), {
      dim: dModel, latents: config.latents, heads: config.heads, feedForward: config.ffnHidden,
    }));
    this.queryEmbed = new MLP(this.store.scope('queryEmbed'), xDim, embedSizes, { activation: 'relu' });
    this.decoderLayers = Array.from({ length: layers }, (_, l) => new CmanpDecoderLayer(this.store.scope(`decoder${l}`), config));
    this.finalNorm = new LayerNorm(this.store.scope('finalNorm'), dModel);
    this.head = new GaussianHead(this.store.scope('head'), {
      inputSize: dModel, hidden: [config.headHidden], yDim, activation: 'relu', stdTransform: config.stdTransform, minStd: config.minStd,
    });
  }

  /** The encoding after absorbing `xNew [B, U, Dx]`, `yNew [B, U, Dy]` (mask `[B, U]`); `encoding` is left intact. */
  append(encoding: CmanpEncoding, xNew: tf.Tensor3D, yNew: tf.Tensor3D, mask?: tf.Tensor2D): CmanpEncoding {
    checkContext('append', this.config, xNew, yNew, mask);
    if (xNew.shape[0] !== encoding.batchSize) {
      throw new Error(`append: xNew [${xNew.shape.join(', ')}] must have the encoding's batch size ${encoding.batchSize}`);
    }
    return tf.tidy(() => {
      const tokens = this.contextEmbed.apply(tf.concat([xNew, yNew], 2));
      return this.withStates(encoding.batchSize, this.blocks.map((block, l) => block.update(encoding.states[l], tokens, mask)));
    });
  }

  /** The encoding for given block states: the latent chain recomputed (cost independent of the context size). */
  private withStates(batchSize: number, states: CmabState[]): CmanpEncoding {
    const latents: tf.Tensor3D[] = [];
    let incoming: tf.Tensor = expandTo(tf.expandDims(this.initialLatents, 0), [batchSize, ...this.initialLatents.shape]);
    this.blocks.forEach((block, l) => {
      incoming = block.output(states[l], incoming);
      latents.push(incoming as tf.Tensor3D);
    });
    return { batchSize, states, latents };
  }

  protected encodeContext(xc: tf.Tensor3D, yc: tf.Tensor3D, ctxMask?: tf.Tensor2D): CmanpEncoding {
    const tokens = this.contextEmbed.apply(tf.concat([xc, yc], 2));
    return this.withStates(xc.shape[0], this.blocks.map((block) => block.encode(tokens, ctxMask)));
  }

  protected decodeTargets(encoding: CmanpEncoding, xt: tf.Tensor3D): Prediction {
    const targets = this.decoderLayers.reduce((stream, layer, l) => layer.apply(stream, encoding.latents[l]), this.queryEmbed.apply(xt));
    return this.head.apply(this.finalNorm.apply(targets));
  }

  protected targetFootprint(): number {
    const c = this.config;
    return Math.max(c.heads * c.latents, 2 * c.ffnHidden, c.headHidden, c.dModel);
  }
}
