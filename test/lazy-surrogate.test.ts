import { describe, expect, it } from 'vitest';
import { Rng } from '../src/core/rng.js';
import { LazySurrogate } from '../src/lazy-surrogate.js';
import { QuadraticSurrogate } from './helpers/quadratic-surrogate.js';

const X = [Float64Array.of(0.2, 0.4), Float64Array.of(0.7, 0.1)];
const y = Float64Array.of(1, 2);

describe('LazySurrogate', () => {
  it('loads once, on first use, and delegates every call', async () => {
    const target = new QuadraticSurrogate([0.5, 0.5]);
    let loads = 0;
    const lazy = new LazySurrogate('quad', async () => (loads++, target));
    expect(lazy.name).toBe('quad');
    expect(loads).toBe(0);
    await lazy.condition(X, y);
    await lazy.append(X.slice(0, 1), y.subarray(0, 1));
    expect([loads, target.conditionCalls, target.appended.length]).toEqual([1, 1, 1]);
    expect(await lazy.posterior(X)).toEqual(await target.posterior(X));
    const { mean } = await lazy.posteriorWithGradient(X);
    expect(Array.from(mean)).toEqual(Array.from((await target.posterior(X)).mean));
    expect(await lazy.sample(X, 2, new Rng('s'))).toEqual(await target.sample(X, 2, new Rng('s')));
    expect(loads).toBe(1);
  });

  it("reports the loaded surrogate's search style, and none before it loads", async () => {
    const target = Object.assign(new QuadraticSurrogate([0.5, 0.5]), { searchStyle: 'batched' as const });
    const lazy = new LazySurrogate('quad', async () => target);
    expect(lazy.searchStyle).toBeUndefined();
    await lazy.condition(X, y);
    expect(lazy.searchStyle).toBe('batched');
  });

  it('reports a failed load to every call and a missing capability by name', async () => {
    const failing = new LazySurrogate('broken', async () => {
      throw new Error('weights file w.bin: missing');
    });
    await expect(failing.condition(X, y)).rejects.toThrow('weights file w.bin: missing');
    await expect(failing.posterior(X)).rejects.toThrow('weights file w.bin: missing');
    const plain = new LazySurrogate('plain', async () => new QuadraticSurrogate([0.5, 0.5], 0.1, false));
    await expect(plain.posteriorWithGradient(X)).rejects.toThrow('surrogate plain: gradients are not supported');
  });
});
