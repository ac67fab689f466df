import { describe, expect, it } from 'vitest';
import { float, int, minimize } from '../src/index.js';

describe('minimize', () => {
  it('records failed evaluations with their reasons and keeps going', async () => {
    let calls = 0;
    const seen: string[] = [];
    const result = await minimize(
      ({ x }) => {
        calls++;
        if (calls % 5 === 1) throw new Error(`worker ${calls} crashed`);
        if (calls % 5 === 2) return Number.NaN;
        if (calls % 5 === 3) return Number.POSITIVE_INFINITY;
        return ((x as number) - 0.3) ** 2;
      },
      { space: { x: float(-1, 1) }, budget: 20, seed: 2, surrogate: 'gp', onTrial: (t) => seen.push(t.status) },
    );
    expect(result.trials).toHaveLength(20);
    expect(seen).toHaveLength(20);
    const failed = result.trials.filter((t) => t.status === 'failed');
    expect(failed.map((t) => t.error)).toEqual(
      failed.map((_, i) => [`worker ${5 * Math.floor(i / 3) + 1} crashed`, 'objective returned NaN', 'objective returned Infinity'][i % 3]),
    );
    const finite = result.trials.filter((t) => t.status === 'complete').map((t) => t.value!);
    expect(result.best!.value).toBe(Math.min(...finite));
    expect(result.best!.value).toBeLessThan(0.01);
  });

  it('returns best null when every evaluation fails', async () => {
    const result = await minimize(() => Promise.reject(new Error('down')), { space: { n: int(1, 3) }, budget: 4, surrogate: 'random' });
    expect(result.best).toBeNull();
    expect(result.trials.every((t) => t.status === 'failed' && t.error === 'down')).toBe(true);
  });

  it('treats a non-number result as a failed trial', async () => {
    const result = await minimize((() => 'ok') as never, { space: { x: float(0, 1) }, budget: 2, surrogate: 'random' });
    expect(result.trials[0].error).toMatch(/objective returned string "ok", not a number/);
  });

  it('evaluates batches of suggestions concurrently and stops at the budget', async () => {
    let running = 0;
    let peak = 0;
    const result = await minimize(
      async ({ x }) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return x as number;
      },
      { space: { x: float(0, 1) }, budget: 7, batchSize: 3, surrogate: 'random' },
    );
    expect(result.trials).toHaveLength(7);
    expect(peak).toBe(3);
  });

  it('rejects bad options, naming the field', async () => {
    const space = { x: float(0, 1) };
    await expect(minimize(() => 0, { space, budget: 0 })).rejects.toThrow(/budget: must be an integer >= 1/);
    await expect(minimize(() => 0, { space, budget: 3, batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(minimize(null as never, { space, budget: 3 })).rejects.toThrow(/objective: must be a function/);
    await expect(minimize(() => 0, { space, budget: 3, surrogate: 'svm' as never })).rejects.toThrow(/surrogate: unknown name "svm"/);
    await expect(minimize(() => 0, { space, budget: 3, acquisition: 'kg' as never })).rejects.toThrow(/acquisition: unknown name "kg"/);
    await expect(minimize(() => 0, { space: {}, budget: 3 })).rejects.toThrow(/space: must declare at least one parameter/);
  });
});
