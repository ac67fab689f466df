import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cmanp, createModel, type CmanpEncoding, type NpBatch } from '../../../surrogates/models/index.js';
import { maxAbsDiff, useBackend } from '../backend/compare-backends.js';
import { disposeBatch, predictValues, toyBatch } from './fixtures.js';

describe('CMANP', () => {
  let model: Cmanp;
  let batch: NpBatch;
  beforeAll(async () => {
    await useBackend('wasm');
    model = createModel({ name: 'cmanp', preset: 'tiny' }, 'cmanp') as Cmanp;
    batch = toyBatch('cmanp', 2, 12, 7);
  });
  afterAll(() => {
    model.dispose();
    disposeBatch(batch);
  });

  /** The context points `[start, start + length)` of the batch. */
  function slice(start: number, length: number): { x: tf.Tensor3D; y: tf.Tensor3D } {
    return {
      x: tf.slice(batch.xc, [0, start, 0], [2, length, 1]) as tf.Tensor3D,
      y: tf.slice(batch.yc, [0, start, 0], [2, length, 1]) as tf.Tensor3D,
    };
  }

  it('appending context points one at a time equals encoding them all at once, in constant memory', () => {
    const atOnce = predictValues(model, batch.xc, batch.yc, batch.xt);
    const first = slice(0, 1);
    let encoding: CmanpEncoding = model.encode(first.x, first.y);
    tf.dispose([first.x, first.y]);
    const footprints: number[] = [];
    for (let i = 1; i < 12; i++) {
      const point = slice(i, 1);
      const next = model.append(encoding, point.x, point.y);
      tf.dispose([encoding, point.x, point.y]);
      encoding = next;
      footprints.push(tf.memory().numBytes);
    }
    const streamed = model.decode(encoding, batch.xt);
    expect(maxAbsDiff(streamed.mean.dataSync(), atOnce.mean)).toBeLessThan(1e-4);
    expect(maxAbsDiff(streamed.std.dataSync(), atOnce.std)).toBeLessThan(1e-4);
    expect(new Set(footprints).size).toBe(1);
    tf.dispose([encoding, streamed]);
  });

  it('appends blocks with padding masks, and leaves the encoding it started from usable', () => {
    const head = slice(0, 5);
    const tail = slice(5, 7);
    const junk = { x: tf.fill([2, 2, 1], 1.7) as tf.Tensor3D, y: tf.fill([2, 2, 1], -30) as tf.Tensor3D };
    const x = tf.concat([tail.x, junk.x], 1) as tf.Tensor3D;
    const y = tf.concat([tail.y, junk.y], 1) as tf.Tensor3D;
    const mask = tf.concat([tf.ones([2, 7]), tf.zeros([2, 2])], 1) as tf.Tensor2D;
    const start = model.encode(head.x, head.y);
    const appended = model.append(start, x, y, mask);
    const atOnce = predictValues(model, batch.xc, batch.yc, batch.xt);
    const streamed = model.decode(appended, batch.xt);
    expect(maxAbsDiff(streamed.mean.dataSync(), atOnce.mean)).toBeLessThan(1e-4);
    const headOnly = predictValues(model, head.x, head.y, batch.xt);
    const fromStart = model.decode(start, batch.xt);
    expect(maxAbsDiff(fromStart.mean.dataSync(), headOnly.mean)).toBeLessThan(1e-5);
    expect(() => model.append(start, tf.zeros([1, 1, 1]) as tf.Tensor3D, tf.zeros([1, 1, 1]) as tf.Tensor3D))
      .toThrow(/append: xNew \[1, 1, 1\] must have the encoding's batch size 2/);
    tf.dispose([head.x, head.y, tail.x, tail.y, junk.x, junk.y, x, y, mask, start, appended, streamed, fromStart]);
  });
});
