/**
 * Tunes a small TensorFlow.js network with tnpbo's ask/tell API: learning rate (log scale), width, depth and
 * activation of a multilayer perceptron that classifies two interleaved spirals (a dataset this script
 * generates, seeded). The objective is the validation log-loss after a fixed number of epochs; a training run
 * that diverges (NaN loss) is told as a failed trial and the search goes on.
 *
 * Build and run: `npm run build && node dist/examples/tune-mlp.js [--budget 16] [--epochs 30] [--seed 0]`.
 */

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { categorical, float, int, Optimizer, Rng, type Params } from 'tnpbo';

const { values } = parseArgs({ options: { budget: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' } } });
const budget = Number(values.budget ?? 16);
const epochs = Number(values.epochs ?? 30);
const seed = Number(values.seed ?? 0);

/** Two interleaved noisy spirals in the plane, labelled 0 and 1, in a seeded random order. */
function spirals(count: number, rng: Rng): { x: number[][]; y: number[] } {
  const points = Array.from({ length: count }, (_, i) => {
    const label = i % 2;
    const t = 0.25 + 2.75 * rng.uniform();
    const angle = 2 * Math.PI * t * 0.75 + label * Math.PI;
    return { x: [t * Math.cos(angle) + 0.12 * rng.normal(), t * Math.sin(angle) + 0.12 * rng.normal()], y: label };
  });
  const order = rng.permutation(count);
  return { x: order.map((i) => points[i].x), y: order.map((i) => points[i].y) };
}

const rng = new Rng(`tune-mlp/${seed}`);
const train = spirals(400, rng.fork('train'));
const validation = spirals(400, rng.fork('validation'));

/** Trains a network with the hyper-parameters `params` and returns its validation log-loss. */
async function validationLoss(params: Params, trial: number): Promise<number> {
  const { lr, width, depth, act } = params as { lr: number; width: number; depth: number; act: 'relu' | 'tanh' | 'elu' };
  const model = tf.sequential();
  for (let layer = 0; layer < depth; layer++) {
    model.add(tf.layers.dense({ units: width, activation: act, inputShape: layer === 0 ? [2] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: 1000 * trial + layer }) }));
  }
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 1000 * trial + depth }) }));
  model.compile({ optimizer: tf.train.adam(lr), loss: 'binaryCrossentropy' });
  const [xTrain, yTrain, xValid, yValid] = [tf.tensor2d(train.x), tf.tensor2d(train.y, [train.y.length, 1]), tf.tensor2d(validation.x), tf.tensor2d(validation.y, [validation.y.length, 1])];
  try {
    await model.fit(xTrain, yTrain, { epochs, batchSize: 32, shuffle: false, verbose: 0 });
    const loss = (await (model.evaluate(xValid, yValid) as tf.Scalar).data())[0];
    if (!Number.isFinite(loss)) throw new Error(`training diverged (validation loss ${loss})`);
    return loss;
  } finally {
    tf.dispose([xTrain, yTrain, xValid, yValid]);
    model.dispose();
  }
}

await tf.setBackend('wasm');
const optimizer = new Optimizer({
  space: { lr: float(1e-4, 0.3, { log: true }), width: int(4, 64, { log: true }), depth: int(1, 3), act: categorical(['relu', 'tanh', 'elu']) },
  budget,
  seed,
});
console.log(`tuning an MLP on two spirals: ${budget} trials of ${epochs} epochs (TensorFlow.js ${tf.getBackend()} backend)`);
const started = performance.now();
for (let t = 0; t < budget; t++) {
  const [suggestion] = await optimizer.ask();
  const { lr, width, depth, act } = suggestion.params;
  const setting = `lr=${(lr as number).toExponential(2)} width=${width} depth=${depth} act=${act}`;
  try {
    const loss = await validationLoss(suggestion.params, suggestion.id);
    optimizer.tell(suggestion.id, loss);
    console.log(`trial ${String(t + 1).padStart(2)}  ${setting.padEnd(44)} validation loss ${loss.toFixed(4)}`);
  } catch (error) {
    optimizer.tell(suggestion.id, error as Error);
    console.log(`trial ${String(t + 1).padStart(2)}  ${setting.padEnd(44)} failed: ${(error as Error).message}`);
  }
}
const best = optimizer.best;
console.log(best ? `best validation loss ${best.value.toFixed(4)} with ${JSON.stringify(best.params)}` : 'every trial failed');
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
