/** A typed front for `tf.customGrad`: a function of a tensor list with a hand-written vector-Jacobian product. */

import * as tf from '@tensorflow/tfjs';

/** The forward pass: the value, and the gradient function that maps `dy` to one gradient per input. */
export type CustomGradientBody<T extends tf.Tensor> = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => { value: T; gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor[] };

/**
 * Wraps `body` so that autodiff uses its gradient function. `save` keeps tensors for the backward pass (only
 * while a gradient is being recorded; nothing is kept during inference).
 */
export function customGradient<T extends tf.Tensor>(body: CustomGradientBody<T>): (inputs: tf.Tensor[]) => T {
  const wrapped = tf.customGrad<T>((...args) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    return body(args.slice(0, -1) as tf.Tensor[], save);
  });
  return (inputs) => wrapped(...inputs);
}

/**
 * `tf.grads(f)(xs, dy)` that may run inside a custom gradient function. A plain `tf.grads` there starts a new
 * tape, and when it finishes it clears the engine's active tape, which the enclosing backward pass still needs
 * to release its saved tensors; this keeps the enclosing tape.
 */
export function gradsWithinGradient(f: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor): tf.Tensor[] {
  const state = (tf.engine() as unknown as { state: { activeTape: unknown } }).state;
  const enclosingTape = state.activeTape;
  try {
    return tf.grads(f)(xs, dy);
  } finally {
    state.activeTape = enclosingTape;
  }
}
