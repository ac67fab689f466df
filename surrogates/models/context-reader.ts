/**
 * A stack of layers in which every token reads the context and nothing else: the context stream attends to
 * itself, the target stream attends to the context stream, and targets never see each other (TNP-KR's KRBlocks,
 * TNP-D's masked encoder). Hence:
 * - the context side of every layer (its "keys") can be computed once and cached ({@link encodeContextStack}),
 *   and any set or chunk of targets decoded against it later ({@link readContextStack});
 * - in training both streams go through each layer together as one concatenated query set
 *   ({@link jointContextStack}), which gives the same target outputs.
 */

import * as tf from '@tensorflow/tfjs';

/** One layer; `K` is what its queries read from the context (projected keys and values, kernel sums, …). */
export interface ContextReadingLayer<K extends tf.TensorContainer> {
  /** The layer's keys from the context stream `[B, Nc, d]` entering it, at `locations [B, Nc, Dx]`. */
  contextKeys(context: tf.Tensor3D, locations: tf.Tensor3D, mask?: tf.Tensor2D): K;
  /** The layer applied to a stream `[B, L, d]` (context or targets) at `locations [B, L, Dx]`, reading `keys`. */
  apply(stream: tf.Tensor3D, locations: tf.Tensor3D, keys: K): tf.Tensor3D;
}

/** Runs the context stream through the layers and returns every layer's keys (the last layer's output is not needed). */
export function encodeContextStack<K extends tf.TensorContainer>(
  layers: readonly ContextReadingLayer<K>[],
  context: tf.Tensor3D,
  locations: tf.Tensor3D,
  mask?: tf.Tensor2D,
): K[] {
  const keys: K[] = [];
  let stream = context;
  layers.forEach((layer, l) => {
    keys.push(layer.contextKeys(stream, locations, mask));
    if (l < layers.length - 1) stream = layer.apply(stream, locations, keys[l]);
  });
  return keys;
}

/** Runs a target stream through the layers, reading the cached keys of {@link encodeContextStack}. */
export function readContextStack<K extends tf.TensorContainer>(
  layers: readonly ContextReadingLayer<K>[],
  keys: readonly K[],
  targets: tf.Tensor3D,
  locations: tf.Tensor3D,
): tf.Tensor3D {
  return layers.reduce((stream, layer, l) => layer.apply(stream, locations, keys[l]), targets);
}

/** Both streams through the layers at once (targets read the context of the same layer); returns the target stream. */
export function jointContextStack<K extends tf.TensorContainer>(
  layers: readonly ContextReadingLayer<K>[],
  context: tf.Tensor3D,
  contextLocations: tf.Tensor3D,
  targets: tf.Tensor3D,
  targetLocations: tf.Tensor3D,
  mask?: tf.Tensor2D,
): tf.Tensor3D {
  const numContext = context.shape[1];
  const numTargets = targets.shape[1];
  const locations = tf.concat([contextLocations, targetLocations], 1);
  let ctx = context;
  let tgt = targets;
  layers.forEach((layer, l) => {
    const keys = layer.contextKeys(ctx, contextLocations, mask);
    if (l === layers.length - 1) {
      tgt = layer.apply(tgt, targetLocations, keys);
      return;
    }
    [ctx, tgt] = tf.split(layer.apply(tf.concat([ctx, tgt], 1), locations, keys), [numContext, numTargets], 1) as tf.Tensor3D[];
  });
  return tgt;
}
