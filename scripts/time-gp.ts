/**
 * Times the float64 GP: `condition()` (first fit with 5 starts, then a warm refit with 2 starts after one more
 * point) at n = 50, 100, 200 in 6-D, `posterior()` and `posteriorWithGradient()` plus its pullback on 2048
 * points. Data: a smooth 6-D test function on seeded uniform points; one untimed warm-up run first. Run with
 * `npx tsc -p . ; node dist/scripts/time-gp.js`.
 */

import { Rng } from '../src/core/rng.js';
import type { EncodedDimension } from '../src/core/types.js';
import { GaussianProcess } from '../surrogates/gp/index.js';

const D = 6;
const QUERY_POINTS = 2048;
const REPEATS = 5;

function points(rng: Rng, n: number): Float64Array[] {
  return Array.from({ length: n }, () => Float64Array.from({ length: D }, () => rng.uniform()));
}

function objective(x: Float64Array): number {
  let value = 0;
  for (let i = 0; i < D; i++) value += Math.sin(3 * x[i] + i) * (1 + 0.3 * i) + (x[i] - 0.4) ** 2;
  return value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeIt(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const dims: EncodedDimension[] = Array.from({ length: D }, () => ({ kind: 'continuous' }) as const);
  const query = points(new Rng('time-gp/query'), QUERY_POINTS);
  const seeds = new Float64Array(QUERY_POINTS).fill(1);
  console.log(`GP timings in ms, d = ${D}, median of ${REPEATS} runs; posterior columns on ${QUERY_POINTS} points`);
  console.log('n\tfirst fit\twarm refit\tposterior\tposterior+grad\tpullback');
  for (const n of [50, 100, 200]) {
    const first: number[] = [];
    const warm: number[] = [];
    const plain: number[] = [];
    const predict: number[] = [];
    const pullback: number[] = [];
    for (let r = -1; r < REPEATS; r++) {
      const rng = new Rng(`time-gp/${n}/${r}`);
      const X = points(rng, n + 1);
      const y = Float64Array.from(X, objective);
      // Refit on every condition, so that the second column times a warm refit at every n (the default 'growth'
      // policy would skip it above 100 observations).
      const gp = new GaussianProcess({ dims, seed: `time-gp/${r}` }, { refit: 'always' });
      const times = [
        await timeIt(() => gp.condition(X.slice(0, n), y.subarray(0, n))),
        await timeIt(() => gp.condition(X, y)),
        await timeIt(() => gp.posterior(query)),
      ];
      let posterior: Awaited<ReturnType<GaussianProcess['posteriorWithGradient']>> | undefined;
      times.push(await timeIt(async () => (posterior = await gp.posteriorWithGradient(query))));
      times.push(await timeIt(() => posterior!.pullback(seeds, seeds)));
      if (r < 0) continue; // warm-up
      [first, warm, plain, predict, pullback].forEach((list, i) => list.push(times[i]));
    }
    const cells = [first, warm, plain, predict, pullback].map((list) => median(list).toFixed(1));
    console.log([n, ...cells].join('\t\t'));
  }
}

await main();
